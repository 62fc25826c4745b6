// Emulated TT-Metalium host API: one device of 8x8 worker cores, interleaved buffers paged by
// tile, circular buffers in each core's emulated L1, kernels identified by file name.
// EnqueueProgram runs every kernel of every core on its own thread and returns when all finish;
// the command queue is synchronous, so the `blocking` flags do not change behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "ttsim/types.h"

struct CoreCoord {
    std::size_t x = 0;
    std::size_t y = 0;
    bool operator==(const CoreCoord& other) const { return x == other.x && y == other.y; }
    bool operator<(const CoreCoord& other) const { return y != other.y ? y < other.y : x < other.x; }
};

struct CoreRange {
    CoreCoord start_coord;
    CoreCoord end_coord;
    CoreRange(const CoreCoord& start, const CoreCoord& end) : start_coord(start), end_coord(end) {}
    explicit CoreRange(const CoreCoord& core) : start_coord(core), end_coord(core) {}
    bool contains(const CoreCoord& core) const {
        return core.x >= start_coord.x && core.x <= end_coord.x && core.y >= start_coord.y && core.y <= end_coord.y;
    }
};

struct CoreRangeSet {
    std::vector<CoreRange> ranges;
    CoreRangeSet(const CoreRange& range) : ranges{range} {}  // NOLINT: implicit as in Metalium
    explicit CoreRangeSet(std::vector<CoreRange> all) : ranges(std::move(all)) {}
};

namespace ttsim {
[[noreturn]] void host_fault(const std::string& kind, const std::string& message);
struct ProgramState;
struct BufferState;
}  // namespace ttsim

namespace tt::tt_metal {

using KernelHandle = std::uint32_t;
using CBHandle = std::uintptr_t;
using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;

enum class BufferType { DRAM, L1, SYSTEM_MEMORY, L1_SMALL, TRACE };
enum class TensorMemoryLayout { INTERLEAVED, HEIGHT_SHARDED, WIDTH_SHARDED, BLOCK_SHARDED };
enum class DataMovementProcessor { RISCV_0, RISCV_1 };
enum NOC : std::uint8_t { RISCV_0_default = 0, RISCV_1_default = 1, NOC_0 = 0, NOC_1 = 1 };
enum class MathFidelity : std::uint8_t { LoFi = 0, HiFi2 = 2, HiFi3 = 3, HiFi4 = 4, Invalid = 0xff };

class IDevice;

class CommandQueue {
public:
    explicit CommandQueue(IDevice* device) : device_(device) {}
    IDevice* device() const { return device_; }

private:
    IDevice* device_;
};

class IDevice {
public:
    explicit IDevice(int id) : id_(id), queue_(this) {}
    int id() const { return id_; }
    CommandQueue& command_queue(std::size_t cq_id = 0) {
        (void)cq_id;
        return queue_;
    }
    CoreCoord compute_with_storage_grid_size() const { return CoreCoord{8, 8}; }

private:
    int id_;
    CommandQueue queue_;
};

IDevice* CreateDevice(int device_id);
bool CloseDevice(IDevice* device);

struct InterleavedBufferConfig {
    IDevice* device;
    std::uint64_t size;
    std::uint64_t page_size;
    BufferType buffer_type;
    TensorMemoryLayout buffer_layout = TensorMemoryLayout::INTERLEAVED;
};

class Buffer {
public:
    explicit Buffer(std::shared_ptr<ttsim::BufferState> state) : state_(std::move(state)) {}
    std::uint32_t address() const;
    std::uint64_t size() const;
    std::uint64_t page_size() const;
    std::uint32_t num_pages() const;
    ttsim::BufferState& state() const { return *state_; }

private:
    std::shared_ptr<ttsim::BufferState> state_;
};

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config);

class CircularBufferConfig {
public:
    CircularBufferConfig(std::uint32_t total_size, const std::map<std::uint8_t, tt::DataFormat>& data_format_spec)
        : total_size_(total_size), formats_(data_format_spec) {}
    CircularBufferConfig& set_page_size(std::uint8_t buffer_index, std::uint32_t page_size) {
        page_sizes_[buffer_index] = page_size;
        return *this;
    }
    std::uint32_t total_size() const { return total_size_; }
    const std::map<std::uint8_t, tt::DataFormat>& data_formats() const { return formats_; }
    const std::map<std::uint8_t, std::uint32_t>& page_sizes() const { return page_sizes_; }

private:
    std::uint32_t total_size_;
    std::map<std::uint8_t, tt::DataFormat> formats_;
    std::map<std::uint8_t, std::uint32_t> page_sizes_;
};

struct DataMovementConfig {
    DataMovementProcessor processor = DataMovementProcessor::RISCV_0;
    NOC noc = NOC::RISCV_0_default;
    std::vector<std::uint32_t> compile_args;
    std::map<std::string, std::string> defines;
};

struct ComputeConfig {
    MathFidelity math_fidelity = MathFidelity::HiFi4;
    bool fp32_dest_acc_en = false;
    bool dst_full_sync_en = false;
    bool bfp8_pack_precise = false;
    bool math_approx_mode = false;
    std::vector<std::uint32_t> compile_args;
    std::map<std::string, std::string> defines;
};

using KernelConfig = std::variant<DataMovementConfig, ComputeConfig>;

class Program {
public:
    Program();
    Program(Program&&) noexcept = default;
    Program& operator=(Program&&) noexcept = default;
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;
    ~Program();
    ttsim::ProgramState& state() const { return *state_; }

private:
    std::unique_ptr<ttsim::ProgramState> state_;
};

Program CreateProgram();
CBHandle CreateCircularBuffer(Program& program, const CoreSpec& core_spec, const CircularBufferConfig& config);
KernelHandle CreateKernel(Program& program, const std::string& file_name, const CoreSpec& core_spec,
                          const KernelConfig& config);
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    const std::vector<std::uint32_t>& runtime_args);
void EnqueueProgram(CommandQueue& cq, Program& program, bool blocking);
void Finish(CommandQueue& cq);

}  // namespace tt::tt_metal

namespace ttsim {
void write_buffer(tt::tt_metal::Buffer& buffer, const void* data, std::size_t bytes);
void read_buffer(const tt::tt_metal::Buffer& buffer, void* data);
}  // namespace ttsim

namespace tt::tt_metal {

// Host vector -> buffer; the vector must hold exactly the buffer's bytes.
template <typename T>
void EnqueueWriteBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, const std::vector<T>& src,
                        bool blocking) {
    (void)cq;
    (void)blocking;
    if (!buffer) {
        ttsim::host_fault("host-null-buffer", "EnqueueWriteBuffer: null buffer");
    }
    ttsim::write_buffer(*buffer, src.data(), src.size() * sizeof(T));
}

// Buffer -> host vector; the vector is resized to the buffer's size.
template <typename T>
void EnqueueReadBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, std::vector<T>& dst, bool blocking) {
    (void)cq;
    (void)blocking;
    if (!buffer) {
        ttsim::host_fault("host-null-buffer", "EnqueueReadBuffer: null buffer");
    }
    dst.resize(static_cast<std::size_t>(buffer->size() / sizeof(T)));
    ttsim::read_buffer(*buffer, dst.data());
}

}  // namespace tt::tt_metal
