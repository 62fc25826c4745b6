// Emulator runtime state shared by the runtime translation units (not seen by kernels or hosts).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ttsim/host.h"
#include "ttsim/registry.h"
#include "ttsim/types.h"

namespace ttsim {

// Emulated Wormhole L1: 1464 KiB per core; circular buffers are allocated from kL1Base upwards
// (the space below stands for firmware and kernel binaries).
constexpr std::uint32_t kL1Size = 1464 * 1024;
constexpr std::uint32_t kL1Base = 0x19000;
constexpr std::uint32_t kGridX = 8;
constexpr std::uint32_t kGridY = 8;

// Exit codes of the emulated program; the harness also parses the TTSIM-FAULT line.
constexpr int kExitFault = 86;
constexpr int kExitDeadlock = 87;
constexpr int kExitCrash = 88;

// ---- faults (faults.cpp) ----
struct FaultField {
    std::string key;
    std::string json;  // already-encoded JSON value
};
std::string json_string(const std::string& text);
FaultField field(const std::string& key, std::uint64_t value);
FaultField field(const std::string& key, const std::string& value);
FaultField raw_field(const std::string& key, std::string json);
// A fault: one `TTSIM-FAULT {json}` line on stderr (with the calling thread's core and kernel),
// then the process exits. On the host thread it is printed at once. On a kernel thread it is
// recorded, and the kernel stops (KernelStopped unwinds it to its thread's start); the other
// kernels run on until they finish or block for good, and the launch then prints the fault of the
// first core (row-major) and, on it, the first kernel (in CreateKernel order) that faulted. Kernel
// threads race, so "the first fault in time" would name a different core from run to run; this
// order names the same one every time. Only one fault of a run is printed.
[[noreturn]] void raise_fault(const std::string& kind, const std::string& message,
                              const std::vector<FaultField>& fields = {}, int exit_code = kExitFault);
// On a kernel thread: records a fault of its kernel, as raise_fault does, without stopping it (the
// caller is where the thread starts, and the kernel has ended already).
void record_kernel_fault(const std::string& kind, const std::string& message,
                         const std::vector<FaultField>& fields = {}, int exit_code = kExitFault);
// Thrown on a kernel thread when its kernel stops: it faulted, or it is blocked for good on a core
// where a fault was recorded. Caught where the thread starts (run_kernel).
struct KernelStopped {};
struct Core;
struct KernelRun;
// Records a fault of a core found by another kernel's thread (a deadlock: the core's kernels all
// blocked), located at `culprit`, the kernel it names, and ordered by it.
void record_core_fault(const KernelRun& culprit, const std::string& kind, const std::string& message,
                       const std::vector<FaultField>& fields, int exit_code);
// Whether a fault of `core` has been recorded.
bool core_faulted(const Core& core);
// After the kernel threads of a launch ended (or from the watchdog): prints the recorded fault the
// order above picks and exits, if any was recorded; returns otherwise.
void exit_on_recorded_fault();
// Prints one `TTSIM-WARNING {json}` line on stderr; the run goes on.
void warn(const std::string& kind, const std::string& message, const std::vector<FaultField>& fields = {});
void set_thread_location(const std::string& core_json, const std::string& kernel);
std::string cb_name(std::uint32_t cb);

// ---- DRAM buffers (host.cpp) ----
struct BufferState {
    std::uint32_t address = 0;
    std::uint64_t size = 0;
    std::uint64_t page_size = 0;
    std::vector<std::uint8_t> bytes;
    bool l1 = false;  // an L1 buffer: an address in every core's L1, no DRAM bytes
    BufferState() = default;
    BufferState(const BufferState&) = delete;
    BufferState& operator=(const BufferState&) = delete;
    ~BufferState();  // unregisters the address
    std::uint32_t num_pages() const { return page_size == 0 ? 0 : static_cast<std::uint32_t>(size / page_size); }
};
// The live buffer whose base address is `address`, or null.
BufferState* find_buffer(std::uint32_t address);
// The live buffer holding the bytes [address, address + bytes), or null.
BufferState* find_buffer_containing(std::uint64_t address, std::uint64_t bytes);

// Lowest L1 address taken by L1 buffers (allocated top-down from kL1Size, the same address on
// every core, as tt-metal's L1 allocator does); circular buffers must stay below it.
std::uint32_t l1_buffers_bottom();

// ---- kernels and programs ----
struct KernelBinary {
    KernelEntry data_movement = nullptr;
    KernelEntry compute = nullptr;
};
const std::map<std::string, KernelBinary>& kernel_registry();

struct CoreKey {
    std::uint32_t x;
    std::uint32_t y;
    bool operator<(const CoreKey& other) const { return y != other.y ? y < other.y : x < other.x; }
};

// A compute kernel's numeric configuration, from its ComputeConfig at CreateKernel (math.cpp).
struct NumericConfig {
    bool fp32_dest_acc_en = false;  // 32-bit DST storage (else 16-bit Float16_b)
    bool dst_full_sync_en = false;  // math owns all of DST (else half; the packer drains the other)
    bool math_approx_mode = false;
    tt::tt_metal::MathFidelity math_fidelity = tt::tt_metal::MathFidelity::HiFi4;
    std::vector<tt::tt_metal::UnpackToDestMode> unpack_to_dest_mode;  // by CB id
};

struct KernelDef {
    std::string name;
    KernelEntry entry = nullptr;
    bool compute = false;
    int processor = -1;  // RISCV_0 / RISCV_1 for data movement
    NumericConfig numeric;
    std::vector<CoreKey> cores;
    std::map<CoreKey, std::vector<std::uint32_t>> args;
};

struct CircularBufferDef {
    std::vector<CoreKey> cores;
    std::uint32_t total_size = 0;
    std::map<std::uint8_t, tt::DataFormat> formats;
    std::map<std::uint8_t, std::uint32_t> page_sizes;
};

struct ProgramState {
    std::vector<CircularBufferDef> circular_buffers;
    std::vector<KernelDef> kernels;
};

// ---- cores at run time (host.cpp runs them; kernel.cpp / math.cpp act on them) ----
struct CircularBuffer {
    bool configured = false;
    std::uint32_t base = 0;
    std::uint32_t page_size = 0;
    std::uint32_t num_pages = 0;
    tt::DataFormat format = tt::DataFormat::Invalid;
    // shared between producer and consumer, guarded by Core::mutex
    std::uint64_t pushed = 0;
    std::uint64_t popped = 0;
    // producer side
    std::uint32_t wr_page = 0;
    std::uint32_t reserved = 0;  // pages guaranteed free by cb_reserve_back and not yet pushed
    std::uint32_t packed = 0;    // pack_tile calls since the last push
    // consumer side
    std::uint32_t rd_page = 0;
    std::uint32_t waited = 0;  // pages guaranteed present by cb_wait_front and not yet popped
    std::uint32_t occupied() const { return static_cast<std::uint32_t>(pushed - popped); }
};

enum class WaitKind { None, Reserve, Wait };

struct NocTransfer {
    std::uint8_t* dst;
    const std::uint8_t* src;
    std::uint32_t bytes;
    std::uint32_t l1_addr;  // L1 side of the transfer (destination of reads, source of writes)
};

struct Core;

// One engine's configuration: the registry's ConfigState.math it was programmed for, by which init
// and on which line; `uninit` is the call that must undo it before another op's init.
struct EngineConfig {
    std::string math;  // empty: not configured since start-up
    std::string init;
    std::uint32_t line = 0;
    std::uint32_t transpose = 0;
    std::string uninit;
    std::string uninit_skip;
};

enum class DstPhase { Idle, Acquired, Committed, Waited };

// The data format one of srcA, srcB or the packer is programmed for: the CB it was programmed
// from, by which call and on which line (runtime/config.cpp).
struct FormatConfig {
    tt::DataFormat format = tt::DataFormat::Invalid;
    std::uint32_t cb = 0;
    std::string by;
    std::uint32_t line = 0;
};

struct ComputeConfig {
    bool started = false;  // compute_kernel_hw_startup ran
    std::uint32_t startup_line = 0;
    bool dst_held = false;  // between tile_regs_acquire and tile_regs_release
    DstPhase dst = DstPhase::Idle;
    EngineConfig fpu;
    EngineConfig sfpu;
    // reduce_init's packer edge mask (v0.81.1 reduce.h): while set, a tile packed into `pack_mask_cb`
    // keeps only the reduce result (column 0 for REDUCE_ROW, row 0 for REDUCE_COL, [0][0] for
    // REDUCE_SCALAR) and every other datum is written as zero. reduce_uninit clears it. -1: no mask.
    int pack_mask_dim = -1;
    std::uint32_t pack_mask_cb = 0;
    FormatConfig srca;
    FormatConfig srcb;
    FormatConfig pack;
};

struct KernelRun {
    Core* core = nullptr;
    std::string name;
    KernelEntry entry = nullptr;
    bool compute = false;
    int processor = -1;
    NumericConfig numeric;
    bool dst_fp16 = false;  // a 16-bit DST holds Float16 (its operands' format), else Float16_b
    std::vector<std::uint32_t> args;
    // guarded by Core::mutex
    bool finished = false;
    WaitKind waiting = WaitKind::None;
    std::uint32_t wait_cb = 0;
    std::uint32_t wait_pages = 0;
    // owned by the kernel's thread
    std::vector<NocTransfer> pending_reads;
    std::vector<NocTransfer> pending_writes;
};

struct Core;
// Gives `core` its L1 (see host.cpp).
void allocate_l1(Core& core);

struct Core {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::unique_ptr<std::uint8_t, void (*)(void*)> l1{nullptr, nullptr};
    // The 32-bit host address of `l1` when it is mapped below 4 GiB (0: it is not): CB pointers are
    // then real addresses, so kernels may dereference them as they do L1 on hardware.
    std::uint32_t l1_window = 0;
    CircularBuffer cbs[kNumCircularBuffers];
    std::mutex mutex;
    std::condition_variable changed;
    bool stopping = false;  // guarded by mutex: a fault of the core is recorded, its blocked kernels stop
    std::vector<std::unique_ptr<KernelRun>> kernels;
    // DST of the compute kernel: 16 float32 tiles, logical row-major 32x32
    std::vector<float> dst = std::vector<float>(kDstTiles * kTileElements, 0.0f);
    bool dst_fresh[kDstTiles] = {};
    ComputeConfig config;  // what start-up and the inits programmed (runtime/config.cpp)
    std::string json() const;
};

// The kernel running on the calling thread (faults if called from the host thread).
KernelRun& current_kernel(const char* call);
// The configured circular buffer `cb` of the calling kernel's core.
CircularBuffer& kernel_cb(KernelRun& kernel, std::uint32_t cb, const char* call);
// Binds the calling thread to `kernel` (kernel threads only).
void bind_thread(KernelRun& kernel);
// The kernel running on the calling thread; nullptr on the host thread and the watchdog's.
KernelRun* running_kernel();
// Completes the kernel's outstanding NOC transfers (a kernel's end flushes them, as on hardware).
void flush_transfers(KernelRun& kernel);
// With core.mutex held: reports a deadlock if every unfinished kernel of the core is blocked on a
// circular buffer whose condition cannot hold any more (no other kernel can change it).
void check_deadlock_locked(Core& core);
// Counts API calls; the watchdog reports a hang when it stops moving.
extern std::atomic<std::uint64_t> g_progress;

}  // namespace ttsim
