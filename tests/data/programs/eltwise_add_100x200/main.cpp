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

// Reads a row-major float32 tensor of batch x rows x cols, pads each matrix with zeros to
// padded_rows x padded_cols, and returns it tilized (32x32 tiles, 16x16 faces) as bfloat16.
std::vector<bfloat16> load_tilized(const std::string& path, uint32_t batch, uint32_t rows, uint32_t cols,
                                   uint32_t padded_rows, uint32_t padded_cols) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    std::vector<float> values(static_cast<size_t>(batch) * rows * cols);
    in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (!in) {
        throw std::runtime_error("short read from " + path);
    }
    std::vector<bfloat16> tiles;
    tiles.reserve(static_cast<size_t>(batch) * padded_rows * padded_cols);
    for (uint32_t b = 0; b < batch; ++b) {
        std::vector<bfloat16> matrix(static_cast<size_t>(padded_rows) * padded_cols, bfloat16(0.0f));
        for (uint32_t r = 0; r < rows; ++r) {
            for (uint32_t c = 0; c < cols; ++c) {
                matrix[static_cast<size_t>(r) * padded_cols + c] =
                    bfloat16(values[(static_cast<size_t>(b) * rows + r) * cols + c]);
            }
        }
        std::vector<bfloat16> tilized = tilize_nfaces(matrix, padded_rows, padded_cols);
        tiles.insert(tiles.end(), tilized.begin(), tilized.end());
    }
    return tiles;
}

// Inverse of load_tilized: untilizes each matrix, crops the padding and writes float32.
void store_untilized(const std::string& path, const std::vector<bfloat16>& tiles, uint32_t batch, uint32_t rows,
                     uint32_t cols, uint32_t padded_rows, uint32_t padded_cols) {
    std::vector<float> values(static_cast<size_t>(batch) * rows * cols);
    const size_t matrix_size = static_cast<size_t>(padded_rows) * padded_cols;
    for (uint32_t b = 0; b < batch; ++b) {
        std::vector<bfloat16> tilized(tiles.begin() + b * matrix_size, tiles.begin() + (b + 1) * matrix_size);
        std::vector<bfloat16> matrix = untilize_nfaces(tilized, padded_rows, padded_cols);
        for (uint32_t r = 0; r < rows; ++r) {
            for (uint32_t c = 0; c < cols; ++c) {
                values[(static_cast<size_t>(b) * rows + r) * cols + c] =
                    static_cast<float>(matrix[static_cast<size_t>(r) * padded_cols + c]);
            }
        }
    }
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : ".";
    constexpr uint32_t tile_bytes = 32 * 32 * 2;
    constexpr uint32_t rows = 100;
    constexpr uint32_t cols = 200;
    constexpr uint32_t padded_rows = 128;
    constexpr uint32_t padded_cols = 224;
    constexpr uint32_t num_tiles = (padded_rows / 32) * (padded_cols / 32);
    constexpr uint32_t num_cores = 8;
    constexpr uint32_t start_tile[num_cores] = {0, 4, 8, 12, 16, 19, 22, 25};
    constexpr uint32_t tile_count[num_cores] = {4, 4, 4, 4, 3, 3, 3, 3};

    std::shared_ptr<distributed::MeshDevice> mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {7, 0});

    std::shared_ptr<distributed::MeshBuffer> buf_A = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = num_tiles * tile_bytes},
        distributed::DeviceLocalBufferConfig{.page_size = tile_bytes, .buffer_type = BufferType::DRAM}, mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_B = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = num_tiles * tile_bytes},
        distributed::DeviceLocalBufferConfig{.page_size = tile_bytes, .buffer_type = BufferType::DRAM}, mesh_device.get());
    std::shared_ptr<distributed::MeshBuffer> buf_C = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = num_tiles * tile_bytes},
        distributed::DeviceLocalBufferConfig{.page_size = tile_bytes, .buffer_type = BufferType::DRAM}, mesh_device.get());

    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, tile_bytes));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_1, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_1, tile_bytes));
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_16, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_16, tile_bytes));

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
                       {static_cast<uint32_t>(buf_A->address()), static_cast<uint32_t>(buf_B->address()), start_tile[core_id], tile_count[core_id]});
        SetRuntimeArgs(program, compute, core, {tile_count[core_id]});
        SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(buf_C->address()), start_tile[core_id], tile_count[core_id]});
    }

    std::vector<bfloat16> host_A = load_tilized(data_dir + "/A.bin", 1, rows, cols, padded_rows, padded_cols);
    std::vector<bfloat16> host_B = load_tilized(data_dir + "/B.bin", 1, rows, cols, padded_rows, padded_cols);
    distributed::EnqueueWriteMeshBuffer(cq, buf_A, host_A, false);
    distributed::EnqueueWriteMeshBuffer(cq, buf_B, host_B, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> host_C;
    distributed::EnqueueReadMeshBuffer(cq, host_C, buf_C, true);
    distributed::Finish(cq);
    store_untilized(data_dir + "/C.bin", host_C, 1, rows, cols, padded_rows, padded_cols);
    mesh_device->close();
    return 0;
}
