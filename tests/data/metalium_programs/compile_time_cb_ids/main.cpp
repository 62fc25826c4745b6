// Eltwise multiply whose kernels learn their CB ids as compile-time arguments: C = A * B.
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
    constexpr uint32_t n_tiles = 6;
    constexpr uint32_t tile_size = tt::constants::TILE_HW * sizeof(bfloat16);
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    constexpr CoreCoord core = {0, 0};

    distributed::DeviceLocalBufferConfig dram{.page_size = tile_size, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig whole{.size = n_tiles * tile_size};
    auto a_buf = distributed::MeshBuffer::create(whole, dram, mesh_device.get());
    auto b_buf = distributed::MeshBuffer::create(whole, dram, mesh_device.get());
    auto c_buf = distributed::MeshBuffer::create(whole, dram, mesh_device.get());

    constexpr uint32_t a_cb = tt::CBIndex::c_2;
    constexpr uint32_t b_cb = tt::CBIndex::c_3;
    constexpr uint32_t c_cb = tt::CBIndex::c_20;
    for (uint32_t cb : {a_cb, b_cb, c_cb}) {
        CreateCircularBuffer(
            program, core, CircularBufferConfig(2 * tile_size, {{cb, DataFormat::Float16_b}}).set_page_size(cb, tile_size));
    }

    std::vector<uint32_t> reader_args = {a_cb, b_cb};
    TensorAccessorArgs(*a_buf).append_to(reader_args);
    TensorAccessorArgs(*b_buf).append_to(reader_args);
    std::vector<uint32_t> writer_args = {c_cb};
    TensorAccessorArgs(*c_buf).append_to(writer_args);
    std::vector<uint32_t> compute_args = {a_cb, b_cb, c_cb, n_tiles};
    KernelHandle reader = CreateKernel(
        program, "kernels/dataflow/reader_ct.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "kernels/dataflow/writer_ct.cpp", core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});
    CreateKernel(
        program, "kernels/compute/mul_ct.cpp", core,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = compute_args});

    SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(a_buf->address()), static_cast<uint32_t>(b_buf->address()), n_tiles});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), n_tiles});

    std::vector<bfloat16> a(n_tiles * tt::constants::TILE_HW);
    std::vector<bfloat16> b(n_tiles * tt::constants::TILE_HW);
    for (size_t i = 0; i < a.size(); ++i) {
        a[i] = bfloat16(static_cast<float>(i % 29) * 0.25f - 3.0f);
        b[i] = bfloat16(static_cast<float>(i % 5) * 0.5f);
    }
    distributed::EnqueueWriteMeshBuffer(cq, a_buf, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buf, b, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> c;
    distributed::EnqueueReadMeshBuffer(cq, c, c_buf, true);
    distributed::Finish(cq);
    mesh_device->close();

    size_t wrong = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        float expected = static_cast<float>(a[i]) * static_cast<float>(b[i]);
        if (std::abs(static_cast<float>(c[i]) - expected) > 0.05f + 0.01f * std::abs(expected)) {
            ++wrong;
        }
    }
    if (wrong != 0) {
        fmt::print(stderr, "compile_time_cb_ids: {} of {} values wrong\n", wrong, a.size());
        return 1;
    }
    fmt::print("compile_time_cb_ids: {} tiles correct\n", n_tiles);
    return 0;
}
