// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/gemm_epilogue/gemm_residual_f32_256.py
// kernel sha256: db2e093331581df92e60c2d7ca707c980e007d9882c2fadf558bcefc459cc320
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
        0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
    constexpr uint32_t work_count[num_cores] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

    std::shared_ptr<distributed::MeshDevice> mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {7, 7});

    std::shared_ptr<distributed::MeshBuffer> buf_A = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 131072},
        distributed::DeviceLocalBufferConfig{.page_size = 2048, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_B = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 131072},
        distributed::DeviceLocalBufferConfig{.page_size = 2048, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_R = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 262144},
        distributed::DeviceLocalBufferConfig{.page_size = 4096, .buffer_type = BufferType::DRAM},
        mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_C = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = 262144},
        distributed::DeviceLocalBufferConfig{.page_size = 4096, .buffer_type = BufferType::DRAM},
        mesh_device.get());

    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(4096, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, 2048));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(4096, {{tt::CBIndex::c_1, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_1, 2048));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(8192, {{tt::CBIndex::c_2, tt::DataFormat::Float32}})
                             .set_page_size(tt::CBIndex::c_2, 4096));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(4096, {{tt::CBIndex::c_16, tt::DataFormat::Float32}})
                             .set_page_size(tt::CBIndex::c_16, 4096));

    KernelHandle reader = CreateKernel(
        program, "reader.cpp", cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
    KernelHandle writer = CreateKernel(
        program, "writer.cpp", cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
    KernelHandle compute =
        CreateKernel(program, "compute.cpp", cores,
                     ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = true});

    for (uint32_t core_id = 0; core_id < num_cores; ++core_id) {
        CoreCoord core{core_id % 8, core_id / 8};
        SetRuntimeArgs(program, reader, core,
                       {static_cast<uint32_t>(buf_A->address()), static_cast<uint32_t>(buf_B->address()),
                        work_start[core_id], work_count[core_id]});
        SetRuntimeArgs(program, compute, core, {work_start[core_id], work_count[core_id]});
        SetRuntimeArgs(program, writer, core,
                       {static_cast<uint32_t>(buf_C->address()), work_start[core_id], work_count[core_id]});
    }

    std::vector<bfloat16> host_A = load_tilized<bfloat16>(data_dir + "/A.bin", 1, 256, 256, 256, 256);
    distributed::EnqueueWriteMeshBuffer(cq, buf_A, host_A, false);
    std::vector<bfloat16> host_B = load_tilized<bfloat16>(data_dir + "/B.bin", 1, 256, 256, 256, 256);
    distributed::EnqueueWriteMeshBuffer(cq, buf_B, host_B, false);
    std::vector<float> host_R = load_tilized<float>(data_dir + "/R.bin", 1, 256, 256, 256, 256);
    distributed::EnqueueWriteMeshBuffer(cq, buf_R, host_R, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<float> result_C;
    distributed::EnqueueReadMeshBuffer(cq, result_C, buf_C, true);
    distributed::Finish(cq);
    store_untilized(data_dir + "/C.bin", result_C, 1, 256, 256, 256, 256);
    mesh_device->close();
    return 0;
}
