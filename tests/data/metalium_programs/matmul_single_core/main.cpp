// C (Mt x Nt tiles) = A (Mt x Kt) @ B (Kt x Nt) on one core, in bf16 tiles; checked on the host
// against a float reference computed from the same bf16 inputs.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

using namespace tt;
using namespace tt::tt_metal;

int main() {
    constexpr uint32_t Mt = 2;
    constexpr uint32_t Kt = 3;
    constexpr uint32_t Nt = 2;
    constexpr uint32_t M = Mt * constants::TILE_HEIGHT;
    constexpr uint32_t K = Kt * constants::TILE_WIDTH;
    constexpr uint32_t N = Nt * constants::TILE_WIDTH;
    constexpr uint32_t single_tile_size = 2 * 1024;

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    CoreCoord core{0, 0};

    distributed::DeviceLocalBufferConfig dram{.page_size = single_tile_size, .buffer_type = BufferType::DRAM};
    auto a_buf = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = Mt * Kt * single_tile_size}, dram, mesh_device.get());
    auto b_buf = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = Kt * Nt * single_tile_size}, dram, mesh_device.get());
    auto c_buf = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = Mt * Nt * single_tile_size}, dram, mesh_device.get());

    uint32_t src0_cb_index = CBIndex::c_0;
    uint32_t src1_cb_index = CBIndex::c_1;
    uint32_t out_cb_index = CBIndex::c_16;
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * single_tile_size, {{src0_cb_index, DataFormat::Float16_b}})
                             .set_page_size(src0_cb_index, single_tile_size));
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * single_tile_size, {{src1_cb_index, DataFormat::Float16_b}})
                             .set_page_size(src1_cb_index, single_tile_size));
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * single_tile_size, {{out_cb_index, DataFormat::Float16_b}})
                             .set_page_size(out_cb_index, single_tile_size));

    std::vector<uint32_t> reader_args;
    TensorAccessorArgs(*a_buf).append_to(reader_args);
    TensorAccessorArgs(*b_buf).append_to(reader_args);
    std::vector<uint32_t> writer_args;
    TensorAccessorArgs(*c_buf).append_to(writer_args);
    KernelHandle reader = CreateKernel(
        program, "kernels/dataflow/reader_mm.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "kernels/dataflow/writer_mm.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});
    KernelHandle compute =
        CreateKernel(program, "kernels/compute/mm.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

    SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(a_buf->address()), static_cast<uint32_t>(b_buf->address()), Mt, Kt, Nt});
    SetRuntimeArgs(program, compute, core, {Mt, Kt, Nt});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), Mt * Nt});

    std::vector<bfloat16> a(M * K);
    std::vector<bfloat16> b(K * N);
    for (uint32_t i = 0; i < M * K; ++i) {
        a[i] = bfloat16(static_cast<float>((i * 7) % 11) / 11.0f - 0.5f);
    }
    for (uint32_t i = 0; i < K * N; ++i) {
        b[i] = bfloat16(static_cast<float>((i * 5) % 13) / 13.0f - 0.5f);
    }
    std::vector<bfloat16> a_tiles = tilize_nfaces(a, M, K);
    std::vector<bfloat16> b_tiles = tilize_nfaces(b, K, N);
    distributed::EnqueueWriteMeshBuffer(cq, a_buf, a_tiles, false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buf, b_tiles, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> c_tiles;
    distributed::EnqueueReadMeshBuffer(cq, c_tiles, c_buf, true);
    distributed::Finish(cq);
    mesh_device->close();

    std::vector<bfloat16> c = untilize_nfaces(c_tiles, M, N);
    uint32_t wrong = 0;
    for (uint32_t m = 0; m < M; ++m) {
        for (uint32_t n = 0; n < N; ++n) {
            float expected = 0.0f;
            for (uint32_t k = 0; k < K; ++k) {
                expected += static_cast<float>(a[m * K + k]) * static_cast<float>(b[k * N + n]);
            }
            if (std::abs(static_cast<float>(c[m * N + n]) - expected) > 0.06f + 0.02f * std::abs(expected)) {
                ++wrong;
            }
        }
    }
    if (wrong != 0) {
        fmt::print(stderr, "matmul_single_core: {} of {} outputs wrong\n", wrong, M * N);
        return 1;
    }
    fmt::print("matmul_single_core: {}x{}x{} correct\n", M, K, N);
    return 0;
}
