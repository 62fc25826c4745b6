// Vector add split over 4 cores: each core adds tiles [start, start + count). The device work is
// set up in helper functions and runs inside a try block, as larger hosts do.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt;
using namespace tt::tt_metal;

namespace {

constexpr uint32_t kCores = 4;
constexpr uint32_t kTilesPerCore = 3;
constexpr uint32_t kTiles = kCores * kTilesPerCore;
constexpr uint32_t kTileBytes = constants::TILE_HW * sizeof(bfloat16);

std::shared_ptr<distributed::MeshBuffer> dram_buffer(distributed::MeshDevice* device, uint32_t n_tiles) {
    distributed::DeviceLocalBufferConfig local{.page_size = kTileBytes, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig global{.size = n_tiles * kTileBytes};
    return distributed::MeshBuffer::create(global, local, device);
}

void make_cb(Program& program, const CoreRange& cores, uint32_t cb_index) {
    CircularBufferConfig config =
        CircularBufferConfig(2 * kTileBytes, {{cb_index, DataFormat::Float16_b}}).set_page_size(cb_index, kTileBytes);
    CreateCircularBuffer(program, cores, config);
}

bool run(distributed::MeshDevice* device, distributed::MeshCommandQueue& cq) {
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {kCores - 1, 0});
    auto a_buf = dram_buffer(device, kTiles);
    auto b_buf = dram_buffer(device, kTiles);
    auto c_buf = dram_buffer(device, kTiles);
    make_cb(program, cores, CBIndex::c_0);
    make_cb(program, cores, CBIndex::c_1);
    make_cb(program, cores, CBIndex::c_16);

    std::vector<uint32_t> reader_args;
    TensorAccessorArgs(*a_buf).append_to(reader_args);
    TensorAccessorArgs(*b_buf).append_to(reader_args);
    std::vector<uint32_t> writer_args;
    TensorAccessorArgs(*c_buf).append_to(writer_args);
    KernelHandle reader = CreateKernel(
        program, "kernels/dataflow/reader_vecadd.cpp", cores,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "kernels/dataflow/writer_vecadd.cpp", cores,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});
    KernelHandle compute =
        CreateKernel(program, "kernels/compute/vecadd.cpp", cores, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

    for (uint32_t i = 0; i < kCores; ++i) {
        CoreCoord core = {i, 0};
        uint32_t start = i * kTilesPerCore;
        SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(a_buf->address()), static_cast<uint32_t>(b_buf->address()), start, kTilesPerCore});
        SetRuntimeArgs(program, compute, core, {kTilesPerCore});
        SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), start, kTilesPerCore});
    }

    std::vector<bfloat16> a(kTiles * constants::TILE_HW);
    std::vector<bfloat16> b(kTiles * constants::TILE_HW);
    for (size_t i = 0; i < a.size(); ++i) {
        a[i] = bfloat16(static_cast<float>(i % 97) * 0.125f);
        b[i] = bfloat16(static_cast<float>(i % 7));
    }
    distributed::EnqueueWriteMeshBuffer(cq, a_buf, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buf, b, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> c;
    distributed::EnqueueReadMeshBuffer(cq, c, c_buf, true);
    distributed::Finish(cq);

    for (size_t i = 0; i < a.size(); ++i) {
        float expected = static_cast<float>(a[i]) + static_cast<float>(b[i]);
        if (std::abs(static_cast<float>(c[i]) - expected) > 0.05f + 0.01f * std::abs(expected)) {
            fmt::print(stderr, "vecadd: element {} is {}, expected {}\n", i, static_cast<float>(c[i]), expected);
            return false;
        }
    }
    return true;
}

}  // namespace

int main() {
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    bool ok = false;
    try {
        ok = run(mesh_device.get(), mesh_device->mesh_command_queue());
    } catch (const std::exception& e) {
        fmt::print(stderr, "vecadd: {}\n", e.what());
    }
    mesh_device->close();
    if (!ok) {
        return 1;
    }
    fmt::print("vecadd: {} tiles on {} cores correct\n", kTiles, kCores);
    return 0;
}
