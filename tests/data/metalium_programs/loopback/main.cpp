// DRAM -> L1 -> DRAM loopback of n_tiles pages through an L1 scratch buffer, one data-movement
// kernel on one core; checked on the host.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt;
using namespace tt::tt_metal;

int main() {
    constexpr uint32_t n_tiles = 50;
    constexpr uint32_t page_bytes = tt::constants::TILE_HW * sizeof(uint32_t);
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    constexpr CoreCoord core = {0, 0};

    distributed::DeviceLocalBufferConfig dram{.page_size = page_bytes, .buffer_type = BufferType::DRAM};
    distributed::DeviceLocalBufferConfig l1{.page_size = page_bytes, .buffer_type = BufferType::L1};
    auto src = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = n_tiles * page_bytes}, dram, mesh_device.get());
    auto dst = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = n_tiles * page_bytes}, dram, mesh_device.get());
    auto scratch = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = page_bytes}, l1, mesh_device.get());

    std::vector<uint32_t> compile_args;
    TensorAccessorArgs(*src).append_to(compile_args);
    TensorAccessorArgs(*dst).append_to(compile_args);
    KernelHandle copy = CreateKernel(
        program, OVERRIDE_KERNEL_PREFIX "loopback/kernels/dataflow/loopback_copy.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = compile_args});
    SetRuntimeArgs(program, copy, core, {static_cast<uint32_t>(scratch->address()), static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()), n_tiles, page_bytes});

    std::vector<uint32_t> input(n_tiles * tt::constants::TILE_HW);
    for (uint32_t i = 0; i < input.size(); ++i) {
        input[i] = i * 2654435761u;
    }
    distributed::EnqueueWriteMeshBuffer(cq, src, input, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<uint32_t> output;
    distributed::EnqueueReadMeshBuffer(cq, output, dst, true);
    distributed::Finish(cq);
    mesh_device->close();

    if (output != input) {
        fmt::print(stderr, "loopback: output differs from input\n");
        return 1;
    }
    fmt::print("loopback: {} pages copied\n", n_tiles);
    return 0;
}
