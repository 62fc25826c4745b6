// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/fused/fma_512.py
// kernel sha256: ef7898202afe8fd215329d63d7327cef72d8070ff179dead3c70074eb4529cc2
// mode: template
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tilize_utils.hpp>

using namespace tt;
using namespace tt::tt_metal;

namespace {

float as_float(float value) { return value; }
float as_float(const bfloat16& value) { return static_cast<float>(value); }

// Reads a row-major float32 tensor of batch x rows x cols, pads each matrix with zeros to
// padded_rows x padded_cols, and returns it tilized (32x32 tiles, 16x16 faces) as T.
template <typename T>
std::vector<T> load_tilized(const std::string& path, uint32_t batch, uint32_t rows, uint32_t cols,
                            uint32_t padded_rows, uint32_t padded_cols) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    std::vector<float> values(static_cast<size_t>(batch) * rows * cols);
    in.read(reinterpret_cast<char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (!in) {
        throw std::runtime_error("short read from " + path);
    }
    std::vector<T> tiles;
    tiles.reserve(static_cast<size_t>(batch) * padded_rows * padded_cols);
    for (uint32_t b = 0; b < batch; ++b) {
        std::vector<T> matrix(static_cast<size_t>(padded_rows) * padded_cols, T(0.0f));
        for (uint32_t r = 0; r < rows; ++r) {
            for (uint32_t c = 0; c < cols; ++c) {
                matrix[static_cast<size_t>(r) * padded_cols + c] =
                    T(values[(static_cast<size_t>(b) * rows + r) * cols + c]);
            }
        }
        std::vector<T> tilized = tilize_nfaces(matrix, padded_rows, padded_cols);
        tiles.insert(tiles.end(), tilized.begin(), tilized.end());
    }
    return tiles;
}

// Inverse of load_tilized: untilizes each matrix, crops the padding and writes float32.
template <typename T>
void store_untilized(const std::string& path, const std::vector<T>& tiles, uint32_t batch, uint32_t rows,
                     uint32_t cols, uint32_t padded_rows, uint32_t padded_cols) {
    std::vector<float> values(static_cast<size_t>(batch) * rows * cols);
    const size_t matrix_size = static_cast<size_t>(padded_rows) * padded_cols;
    for (uint32_t b = 0; b < batch; ++b) {
        std::vector<T> tilized(tiles.begin() + b * matrix_size, tiles.begin() + (b + 1) * matrix_size);
        std::vector<T> matrix = untilize_nfaces(tilized, padded_rows, padded_cols);
        for (uint32_t r = 0; r < rows; ++r) {
            for (uint32_t c = 0; c < cols; ++c) {
                values[(static_cast<size_t>(b) * rows + r) * cols + c] =
                    as_float(matrix[static_cast<size_t>(r) * padded_cols + c]);
            }
        }
    }
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values.data()),
              static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : ".";
    constexpr uint32_t num_cores = 64;
    constexpr uint32_t work_start[num_cores] = {
        0,   4,   8,   12,  16,  20,  24,  28,  32,  36,  40,  44,  48,  52,  56,  60,
        64,  68,  72,  76,  80,  84,  88,  92,  96,  100, 104, 108, 112, 116, 120, 124,
        128, 132, 136, 140, 144, 148, 152, 156, 160, 164, 168, 172, 176, 180, 184, 188,
        192, 196, 200, 204, 208, 212, 216, 220, 224, 228, 232, 236, 240, 244, 248, 252};
    constexpr uint32_t work_count[num_cores] = {
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};

    std::shared_ptr<distributed::MeshDevice> mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {7, 7});

    std::shared_ptr<distributed::MeshBuffer> buf_A = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 524288},
        distributed::DeviceLocalBufferConfig{.page_size = 2048, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_B = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 524288},
        distributed::DeviceLocalBufferConfig{.page_size = 2048, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_C = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 524288},
        distributed::DeviceLocalBufferConfig{.page_size = 2048, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_D = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 524288},
        distributed::DeviceLocalBufferConfig{.page_size = 2048, .buffer_type = BufferType::DRAM},
        mesh_device.get());

    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(4096, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, 2048));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(4096, {{tt::CBIndex::c_1, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_1, 2048));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(4096, {{tt::CBIndex::c_2, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_2, 2048));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(2048, {{tt::CBIndex::c_16, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_16, 2048));

    KernelHandle reader = CreateKernel(
        program, "reader.cpp", cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
    KernelHandle writer = CreateKernel(
        program, "writer.cpp", cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
    KernelHandle compute =
        CreateKernel(program, "compute.cpp", cores, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

    for (uint32_t core_id = 0; core_id < num_cores; ++core_id) {
        CoreCoord core{core_id % 8, core_id / 8};
        SetRuntimeArgs(program, reader, core,
                       {static_cast<uint32_t>(buf_A->address()), static_cast<uint32_t>(buf_B->address()),
                        work_start[core_id], work_count[core_id]});
        SetRuntimeArgs(program, compute, core, {work_start[core_id], work_count[core_id]});
        SetRuntimeArgs(program, writer, core,
                       {static_cast<uint32_t>(buf_D->address()), work_start[core_id], work_count[core_id]});
    }

    std::vector<bfloat16> host_A = load_tilized<bfloat16>(data_dir + "/A.bin", 1, 512, 512, 512, 512);
    distributed::EnqueueWriteMeshBuffer(cq, buf_A, host_A, false);
    std::vector<bfloat16> host_B = load_tilized<bfloat16>(data_dir + "/B.bin", 1, 512, 512, 512, 512);
    distributed::EnqueueWriteMeshBuffer(cq, buf_B, host_B, false);
    std::vector<bfloat16> host_C = load_tilized<bfloat16>(data_dir + "/C.bin", 1, 512, 512, 512, 512);
    distributed::EnqueueWriteMeshBuffer(cq, buf_C, host_C, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> result_D;
    distributed::EnqueueReadMeshBuffer(cq, result_D, buf_D, true);
    distributed::Finish(cq);
    store_untilized(data_dir + "/D.bin", result_D, 1, 512, 512, 512, 512);
    mesh_device->close();
    return 0;
}
