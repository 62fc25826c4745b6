// C = A @ B with the Mt x Nt output tiles split over a 2 x 2 grid of cores: core c computes
// output tiles [c * per_core, (c + 1) * per_core). Checked on the host.
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
    constexpr uint32_t Mt = 4;
    constexpr uint32_t Kt = 2;
    constexpr uint32_t Nt = 2;
    constexpr uint32_t M = Mt * tt::constants::TILE_HEIGHT;
    constexpr uint32_t K = Kt * tt::constants::TILE_WIDTH;
    constexpr uint32_t N = Nt * tt::constants::TILE_WIDTH;
    constexpr uint32_t grid_x = 2;
    constexpr uint32_t grid_y = 2;
    constexpr uint32_t num_cores = grid_x * grid_y;
    constexpr uint32_t per_core = Mt * Nt / num_cores;
    constexpr uint32_t tile_bytes = tt::constants::TILE_HW * sizeof(bfloat16);

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {grid_x - 1, grid_y - 1});

    distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
    auto a_buf = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = Mt * Kt * tile_bytes}, dram, mesh_device.get());
    auto b_buf = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = Kt * Nt * tile_bytes}, dram, mesh_device.get());
    auto c_buf = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = Mt * Nt * tile_bytes}, dram, mesh_device.get());

    for (uint32_t cb : {0u, 1u, 16u}) {
        CreateCircularBuffer(program, cores,
                             CircularBufferConfig(2 * tile_bytes, {{cb, DataFormat::Float16_b}}).set_page_size(cb, tile_bytes));
    }

    std::vector<uint32_t> reader_args;
    TensorAccessorArgs(*a_buf).append_to(reader_args);
    TensorAccessorArgs(*b_buf).append_to(reader_args);
    std::vector<uint32_t> writer_args;
    TensorAccessorArgs(*c_buf).append_to(writer_args);
    KernelHandle reader = CreateKernel(
        program, "tt_metal/programming_examples/matmul_multi_core/kernels/dataflow/reader_mm_tiles.cpp", cores,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "tt_metal/programming_examples/matmul_multi_core/kernels/dataflow/writer_mm_tiles.cpp", cores,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});
    KernelHandle compute = CreateKernel(
        program, "tt_metal/programming_examples/matmul_multi_core/kernels/compute/mm_tiles.cpp", cores,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

    for (uint32_t core_id = 0; core_id < num_cores; ++core_id) {
        CoreCoord core = {core_id % grid_x, core_id / grid_x};
        uint32_t first = core_id * per_core;
        SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(a_buf->address()), static_cast<uint32_t>(b_buf->address()), first, per_core, Kt, Nt});
        SetRuntimeArgs(program, compute, core, {per_core, Kt});
        SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), first, per_core});
    }

    std::vector<bfloat16> a(M * K);
    std::vector<bfloat16> b(K * N);
    for (uint32_t i = 0; i < M * K; ++i) {
        a[i] = bfloat16(static_cast<float>((i * 3) % 17) / 17.0f - 0.5f);
    }
    for (uint32_t i = 0; i < K * N; ++i) {
        b[i] = bfloat16(static_cast<float>((i * 11) % 19) / 19.0f - 0.5f);
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
        fmt::print(stderr, "matmul_multi_core: {} of {} outputs wrong\n", wrong, M * N);
        return 1;
    }
    fmt::print("matmul_multi_core: {} cores correct\n", num_cores);
    return 0;
}
