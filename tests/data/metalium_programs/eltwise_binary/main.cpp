// Eltwise binary on one core: C = A + B over n_tiles bf16 tiles, checked on the host.
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

using namespace tt;
using namespace tt::tt_metal;

int main() {
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();
    constexpr CoreCoord core = {0, 0};

    constexpr uint32_t n_tiles = 16;
    constexpr uint32_t tile_size = constants::TILE_HW * sizeof(bfloat16);
    distributed::DeviceLocalBufferConfig dram_config{.page_size = tile_size, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig buffer_config{.size = n_tiles * tile_size};
    auto src0 = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());
    auto src1 = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());
    auto dst = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());

    constexpr uint32_t tiles_per_cb = 2;
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(tiles_per_cb * tile_size, {{CBIndex::c_0, DataFormat::Float16_b}})
                             .set_page_size(CBIndex::c_0, tile_size));
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(tiles_per_cb * tile_size, {{CBIndex::c_1, DataFormat::Float16_b}})
                             .set_page_size(CBIndex::c_1, tile_size));
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(tiles_per_cb * tile_size, {{CBIndex::c_16, DataFormat::Float16_b}})
                             .set_page_size(CBIndex::c_16, tile_size));

    std::vector<uint32_t> reader_args;
    TensorAccessorArgs(*src0).append_to(reader_args);
    TensorAccessorArgs(*src1).append_to(reader_args);
    std::vector<uint32_t> writer_args;
    TensorAccessorArgs(*dst).append_to(writer_args);
    KernelHandle reader = CreateKernel(
        program, "kernels/dataflow/read_two.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "kernels/dataflow/write_one.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});
    KernelHandle compute =
        CreateKernel(program, "kernels/compute/add.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

    SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(src0->address()), static_cast<uint32_t>(src1->address()), n_tiles});
    SetRuntimeArgs(program, compute, core, {n_tiles});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), n_tiles});

    std::vector<bfloat16> a(n_tiles * constants::TILE_HW);
    std::vector<bfloat16> b(n_tiles * constants::TILE_HW);
    for (size_t i = 0; i < a.size(); ++i) {
        a[i] = bfloat16(static_cast<float>(i % 61) * 0.25f);
        b[i] = bfloat16(static_cast<float>(i % 13) - 6.0f);
    }
    distributed::EnqueueWriteMeshBuffer(cq, src0, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, src1, b, false);
    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> c;
    distributed::EnqueueReadMeshBuffer(cq, c, dst, true);
    distributed::Finish(cq);

    size_t wrong = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        float expected = static_cast<float>(a[i]) + static_cast<float>(b[i]);
        if (std::abs(static_cast<float>(c[i]) - expected) > 0.05f + 0.01f * std::abs(expected)) {
            ++wrong;
        }
    }
    mesh_device->close();
    if (wrong != 0) {
        fmt::print(stderr, "eltwise_binary: {} of {} values wrong\n", wrong, a.size());
        return 1;
    }
    fmt::print("eltwise_binary: {} tiles correct\n", n_tiles);
    return 0;
}
