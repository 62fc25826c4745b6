// Emulated TT-Metalium host API (tt-metal v0.81.1): programs, circular buffers, kernels and
// runtime arguments on one device of 8x8 worker cores; the device, its DRAM buffers and running a
// program come through the Mesh API (ttsim/mesh.h). Kernels are identified by file name. Running a
// workload runs every kernel of every core on its own thread and returns when all finish; the
// command queue is synchronous, so the `blocking` flags do not change behaviour.
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

using DeviceAddr = std::uint64_t;
using KernelHandle = std::uint32_t;
using CBHandle = std::uintptr_t;
using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;

enum class BufferType { DRAM, L1, SYSTEM_MEMORY, L1_SMALL, TRACE };
enum class TensorMemoryLayout { INTERLEAVED, HEIGHT_SHARDED, WIDTH_SHARDED, BLOCK_SHARDED };
enum class DataMovementProcessor { RISCV_0, RISCV_1 };
enum NOC : std::uint8_t { RISCV_0_default = 0, RISCV_1_default = 1, NOC_0 = 0, NOC_1 = 1 };
enum class MathFidelity : std::uint8_t { LoFi = 0, HiFi2 = 2, HiFi3 = 3, HiFi4 = 4, Invalid = 0xff };
// Per CB (index = CB id): Float32 data unpacked straight into a 32-bit DST instead of through the
// 19-bit (Tf32) source registers; only copy_tile/unary paths take it (tt-llk unpack_to_dest).
enum class UnpackToDestMode : std::uint8_t { Default, UnpackToDestFp32 };

class Buffer {
public:
    explicit Buffer(std::shared_ptr<ttsim::BufferState> state) : state_(std::move(state)) {}
    DeviceAddr address() const;  // 64-bit as in Metalium: a runtime argument needs a cast to uint32_t
    std::uint64_t size() const;
    std::uint64_t page_size() const;
    std::uint32_t num_pages() const;
    ttsim::BufferState& state() const { return *state_; }

private:
    std::shared_ptr<ttsim::BufferState> state_;
};


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
    std::vector<UnpackToDestMode> unpack_to_dest_mode;
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

}  // namespace tt::tt_metal

namespace ttsim {
// A DRAM buffer of `size` bytes in pages of `page_size` (interleaved), at a fresh address.
std::shared_ptr<tt::tt_metal::Buffer> create_buffer(std::uint64_t size, std::uint64_t page_size, const char* call);
// An L1 buffer: the same L1 address on every core, allocated top-down (no host access).
std::shared_ptr<tt::tt_metal::Buffer> create_l1_buffer(std::uint64_t size, std::uint64_t page_size);
void write_buffer(tt::tt_metal::Buffer& buffer, const void* data, std::size_t bytes);
void read_buffer(const tt::tt_metal::Buffer& buffer, void* data);
// Runs every kernel of every core of the program to completion.
void run_program(tt::tt_metal::Program& program);
}  // namespace ttsim
