// Row-major padding on several cores: a rows x in_width bf16 matrix becomes rows x out_width, the
// extra columns filled with pad_value. Each core pads a band of rows; a page is one row (a stick).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt;
using namespace tt::tt_metal;

int main() {
    constexpr uint32_t rows = 12;
    constexpr uint32_t in_width = 48;
    constexpr uint32_t out_width = 64;
    constexpr uint32_t num_cores = 3;
    constexpr uint32_t rows_per_core = rows / num_cores;
    constexpr uint32_t in_stick_bytes = in_width * sizeof(bfloat16);
    constexpr uint32_t out_stick_bytes = out_width * sizeof(bfloat16);
    const bfloat16 pad_value = bfloat16(-1.5f);
    uint16_t pad_bits = 0;
    std::memcpy(&pad_bits, &pad_value, sizeof(pad_bits));

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {num_cores - 1, 0});

    auto src = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = rows * in_stick_bytes},
        distributed::DeviceLocalBufferConfig{.page_size = in_stick_bytes, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    auto dst = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = rows * out_stick_bytes},
        distributed::DeviceLocalBufferConfig{.page_size = out_stick_bytes, .buffer_type = BufferType::DRAM},
        mesh_device.get());

    constexpr uint32_t cb_sticks = CBIndex::c_0;
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(2 * out_stick_bytes, {{cb_sticks, DataFormat::Float16_b}})
                             .set_page_size(cb_sticks, out_stick_bytes));

    std::vector<uint32_t> reader_args = {in_stick_bytes, out_stick_bytes};
    TensorAccessorArgs(*src).append_to(reader_args);
    std::vector<uint32_t> writer_args;
    TensorAccessorArgs(*dst).append_to(writer_args);
    KernelHandle reader = CreateKernel(
        program, "kernels/dataflow/pad_reader.cpp", cores,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_args});
    KernelHandle writer = CreateKernel(
        program, "kernels/dataflow/pad_writer.cpp", cores,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_args});

    for (uint32_t i = 0; i < num_cores; ++i) {
        CoreCoord core = {i, 0};
        uint32_t first_row = i * rows_per_core;
        SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(src->address()), first_row, rows_per_core, pad_bits});
        SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), first_row, rows_per_core, out_stick_bytes});
    }

    std::vector<bfloat16> input(rows * in_width);
    for (uint32_t i = 0; i < rows * in_width; ++i) {
        input[i] = bfloat16(static_cast<float>(i % 50) * 0.5f);
    }
    distributed::EnqueueWriteMeshBuffer(cq, src, input, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> output;
    distributed::EnqueueReadMeshBuffer(cq, output, dst, true);
    distributed::Finish(cq);
    mesh_device->close();

    uint32_t wrong = 0;
    for (uint32_t r = 0; r < rows; ++r) {
        for (uint32_t c = 0; c < out_width; ++c) {
            float expected = c < in_width ? static_cast<float>(input[r * in_width + c]) : static_cast<float>(pad_value);
            if (static_cast<float>(output[r * out_width + c]) != expected) {
                ++wrong;
            }
        }
    }
    if (wrong != 0) {
        fmt::print(stderr, "pad_row_major: {} of {} values wrong\n", wrong, rows * out_width);
        return 1;
    }
    fmt::print("pad_row_major: {} rows padded from {} to {} on {} cores\n", rows, in_width, out_width, num_cores);
    return 0;
}
