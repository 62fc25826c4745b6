// y = exp(x) on one core with the SFPU, n_tiles bf16 tiles; checked on the host.
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
using namespace tt::constants;

int main() {
    constexpr uint32_t n_tiles = 4;
    constexpr uint32_t tile_size = TILE_HW * 2;
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    constexpr CoreCoord core = {0, 0};

    distributed::DeviceLocalBufferConfig dram{.page_size = tile_size, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig whole{.size = n_tiles * tile_size};
    auto src = distributed::MeshBuffer::create(whole, dram, mesh_device.get());
    auto dst = distributed::MeshBuffer::create(whole, dram, mesh_device.get());

    constexpr uint32_t cb_in = 0;
    constexpr uint32_t cb_out = 16;
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * tile_size, {{cb_in, DataFormat::Float16_b}}).set_page_size(cb_in, tile_size));
    CreateCircularBuffer(
        program, core,
        CircularBufferConfig(2 * tile_size, {{cb_out, DataFormat::Float16_b}}).set_page_size(cb_out, tile_size));

    std::vector<uint32_t> reader_args;
    TensorAccessorArgs(*src).append_to(reader_args);
    std::vector<uint32_t> writer_args;
    TensorAccessorArgs(*dst).append_to(writer_args);
    KernelHandle reader = CreateKernel(
        program, "kernels/dataflow/read_tiles.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "kernels/dataflow/write_tiles.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});
    KernelHandle compute = CreateKernel(
        program, "kernels/compute/exp_tiles.cpp", core,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .math_approx_mode = false});

    SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(src->address()), n_tiles});
    SetRuntimeArgs(program, compute, core, {n_tiles});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), n_tiles});

    std::vector<bfloat16> x(n_tiles * TILE_HW);
    for (size_t i = 0; i < x.size(); ++i) {
        x[i] = bfloat16(static_cast<float>(i % 64) / 16.0f - 2.0f);
    }
    distributed::EnqueueWriteMeshBuffer(cq, src, x, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> y;
    distributed::EnqueueReadMeshBuffer(cq, y, dst, true);
    distributed::Finish(cq);
    mesh_device->close();

    size_t wrong = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        float expected = std::exp(static_cast<float>(x[i]));
        if (std::abs(static_cast<float>(y[i]) - expected) > 0.02f + 0.02f * expected) {
            ++wrong;
        }
    }
    if (wrong != 0) {
        fmt::print(stderr, "eltwise_sfpu: {} of {} values wrong\n", wrong, x.size());
        return 1;
    }
    fmt::print("eltwise_sfpu: exp over {} tiles correct\n", n_tiles);
    return 0;
}
