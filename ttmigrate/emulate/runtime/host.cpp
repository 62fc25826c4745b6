// Emulated host API: interleaved DRAM buffers, programs, the unit mesh, and running a mesh workload, which runs
// every kernel of every core on its own thread (cores are independent; kernels of one core talk
// through that core's circular buffers only).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <sys/mman.h>

#include "internal.h"
#include "jit.h"
#include "ttsim/mesh.h"

namespace ttsim {
namespace {

std::mutex g_buffers_mutex;
std::map<std::uint32_t, BufferState*> g_buffers;
// Fake DRAM addresses: 1 MiB up, 4 KiB aligned, with a gap so that no two buffers touch.
std::uint32_t g_next_address = 0x100000;

std::map<std::string, KernelBinary>& registry_storage() {
    static std::map<std::string, KernelBinary> registry;
    return registry;
}

std::string core_text(const CoreKey& core) {
    return "(" + std::to_string(core.x) + "," + std::to_string(core.y) + ")";
}

void add_range(std::vector<CoreKey>& cores, const CoreRange& range, const char* call) {
    const CoreCoord& start = range.start_coord;
    const CoreCoord& end = range.end_coord;
    if (start.x > end.x || start.y > end.y || end.x >= kGridX || end.y >= kGridY) {
        host_fault("host-core-range", std::string(call) + ": core range (" + std::to_string(start.x) + "," +
                                          std::to_string(start.y) + ")-(" + std::to_string(end.x) + "," +
                                          std::to_string(end.y) + ") is not inside the 8x8 worker grid");
    }
    for (std::size_t y = start.y; y <= end.y; ++y) {
        for (std::size_t x = start.x; x <= end.x; ++x) {
            cores.push_back(CoreKey{static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)});
        }
    }
}

std::vector<CoreKey> expand(const tt::tt_metal::CoreSpec& spec, const char* call) {
    std::vector<CoreKey> cores;
    if (const auto* coord = std::get_if<CoreCoord>(&spec)) {
        add_range(cores, CoreRange(*coord), call);
    } else if (const auto* range = std::get_if<CoreRange>(&spec)) {
        add_range(cores, *range, call);
    } else {
        for (const CoreRange& item : std::get<CoreRangeSet>(spec).ranges) {
            add_range(cores, item, call);
        }
    }
    std::sort(cores.begin(), cores.end());
    cores.erase(std::unique(cores.begin(), cores.end(),
                            [](const CoreKey& a, const CoreKey& b) { return a.x == b.x && a.y == b.y; }),
                cores.end());
    return cores;
}

bool has_core(const std::vector<CoreKey>& cores, const CoreKey& core) {
    return std::any_of(cores.begin(), cores.end(), [&](const CoreKey& c) { return c.x == core.x && c.y == core.y; });
}

std::string base_name(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

double watchdog_seconds() {
    const char* text = std::getenv("TTSIM_WATCHDOG_S");
    const double value = text != nullptr ? std::atof(text) : 0.0;
    return value > 0.0 ? value : 30.0;
}

// Reports a hang when no kernel makes an API call for the watchdog period (kernels spinning
// without touching a circular buffer; blocked-on-CB deadlocks are detected exactly elsewhere).
class Watchdog {
public:
    explicit Watchdog(std::vector<std::unique_ptr<Core>>& cores) : cores_(cores), thread_([this] { loop(); }) {}
    ~Watchdog() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

private:
    void loop() {
        const double limit = watchdog_seconds();
        std::uint64_t last = g_progress.load();
        auto since = std::chrono::steady_clock::now();
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stop_) {
            wake_.wait_for(lock, std::chrono::milliseconds(50));
            const std::uint64_t now_progress = g_progress.load();
            const auto now = std::chrono::steady_clock::now();
            if (now_progress != last) {
                last = now_progress;
                since = now;
            } else if (std::chrono::duration<double>(now - since).count() > limit && !stop_) {
                report(limit);
            }
        }
    }

    void report(double limit) {
        // A kernel that faulted stopped the progress of the kernels waiting on it: that fault is
        // the report, if one was recorded (the kernel left looping is then not the first culprit).
        exit_on_recorded_fault();
        std::string states;
        std::string first_kernel;
        std::string first_core = "null";
        for (auto& core : cores_) {
            std::lock_guard<std::mutex> core_lock(core->mutex);
            for (auto& kernel : core->kernels) {
                if (kernel->finished) {
                    continue;
                }
                const bool running = kernel->waiting == WaitKind::None;
                if (first_kernel.empty() || (running && first_core == "null")) {
                    first_kernel = kernel->name;
                    first_core = running ? core->json() : "null";
                }
                if (states.size() < 600) {
                    states += "; " + kernel->name + " on core (" + std::to_string(core->x) + "," +
                              std::to_string(core->y) + ") " +
                              (running ? std::string("is running") :
                                         "is blocked on " + cb_name(kernel->wait_cb));
                }
            }
        }
        raise_fault("hang",
                    "no kernel made progress for " + std::to_string(static_cast<int>(limit)) +
                        " s (a kernel loops without touching a circular buffer)" + states,
                    {raw_field("hang_core", first_core), field("hang_kernel", first_kernel)}, kExitDeadlock);
    }

    std::vector<std::unique_ptr<Core>>& cores_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

void run_kernel(KernelRun* kernel) {
    bind_thread(*kernel);
    try {
        kernel->entry();
        flush_transfers(*kernel);
    } catch (const KernelStopped&) {
        // it faulted (recorded) or was blocked for good on a core that did: it ends here
    } catch (const std::exception& error) {
        // thrown by the runtime beneath a kernel call: a fault of this kernel, in the report order
        record_kernel_fault("uncaught-exception", std::string("uncaught exception: ") + error.what());
    }
    Core& core = *kernel->core;
    std::lock_guard<std::mutex> lock(core.mutex);
    kernel->finished = true;
    check_deadlock_locked(core);
    core.changed.notify_all();
}

void configure_circular_buffers(Core& core, const ProgramState& program) {
    const CoreKey key{core.x, core.y};
    std::uint32_t next = kL1Base;
    for (const CircularBufferDef& def : program.circular_buffers) {
        if (!has_core(def.cores, key)) {
            continue;
        }
        if (static_cast<std::uint64_t>(next) + def.total_size > l1_buffers_bottom()) {
            host_fault("l1-overflow", "circular buffers on core " + core_text(key) + " need more than the " +
                                          std::to_string(kL1Size / 1024) + " KiB of L1");
        }
        for (const auto& [index, format] : def.formats) {
            CircularBuffer& cb = core.cbs[index];
            if (cb.configured) {
                host_fault("cb-duplicate", "circular buffer " + cb_name(index) + " is created twice on core " +
                                               core_text(key));
            }
            cb.configured = true;
            cb.base = next;
            cb.page_size = def.page_sizes.at(index);
            cb.num_pages = def.total_size / cb.page_size;
            cb.format = format;
        }
        next += (def.total_size + 31u) & ~31u;
    }
}

// Pages left in a CB at the end do not stop the hardware (Metalium's reduce examples keep their
// scaler tile for the whole program), so this is a warning line, not a fault.
void warn_unbalanced(const Core& core, int& budget) {
    for (std::uint32_t index = 0; index < kNumCircularBuffers; ++index) {
        const CircularBuffer& cb = core.cbs[index];
        if (!cb.configured || cb.pushed == cb.popped || budget-- <= 0) {
            continue;
        }
        const std::string message = "circular buffer " + cb_name(index) + " on core (" + std::to_string(core.x) +
                                    "," + std::to_string(core.y) + ") ended the program with " +
                                    std::to_string(cb.pushed) + " pages pushed but " + std::to_string(cb.popped) +
                                    " popped";
        warn("cb-unbalanced", message,
             {raw_field("core", core.json()), field("cb", index), field("pushed", cb.pushed),
              field("popped", cb.popped)});
    }
}

}  // namespace

std::atomic<std::uint64_t> g_progress{0};

std::string Core::json() const { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; }

std::uint32_t g_l1_bottom = kL1Size;

std::uint32_t l1_buffers_bottom() {
    std::lock_guard<std::mutex> lock(g_buffers_mutex);
    return g_l1_bottom;
}

BufferState::~BufferState() {
    if (l1) {
        return;  // L1 space of buffers is not reused (programs allocate a few, once)
    }
    std::lock_guard<std::mutex> lock(g_buffers_mutex);
    g_buffers.erase(address);
}

BufferState* find_buffer(std::uint32_t address) {
    std::lock_guard<std::mutex> lock(g_buffers_mutex);
    const auto found = g_buffers.find(address);
    return found == g_buffers.end() ? nullptr : found->second;
}

BufferState* find_buffer_containing(std::uint64_t address, std::uint64_t bytes) {
    std::lock_guard<std::mutex> lock(g_buffers_mutex);
    auto found = g_buffers.upper_bound(static_cast<std::uint32_t>(std::min<std::uint64_t>(address, 0xFFFFFFFFu)));
    if (address > 0xFFFFFFFFu || found == g_buffers.begin()) {
        return nullptr;
    }
    --found;
    BufferState* buffer = found->second;
    return address + bytes <= buffer->address + buffer->size ? buffer : nullptr;
}

KernelRegistration::KernelRegistration(const char* file_name, KernelEntry data_movement, KernelEntry compute) {
    registry_storage()[file_name] = KernelBinary{data_movement, compute};
}

const std::map<std::string, KernelBinary>& kernel_registry() { return registry_storage(); }

void write_buffer(tt::tt_metal::Buffer& buffer, const void* data, std::size_t bytes) {
    BufferState& state = buffer.state();
    if (state.l1) {
        host_fault("host-buffer-config", "EnqueueWriteMeshBuffer: writing an L1 buffer from the host is not emulated");
    }
    if (bytes != state.size) {
        host_fault("host-buffer-size", "EnqueueWriteBuffer: host data holds " + std::to_string(bytes) +
                                           " bytes but the buffer at address " + std::to_string(state.address) +
                                           " holds " + std::to_string(state.size));
    }
    std::memcpy(state.bytes.data(), data, bytes);
}

void read_buffer(const tt::tt_metal::Buffer& buffer, void* data) {
    const BufferState& state = buffer.state();
    if (state.l1) {
        host_fault("host-buffer-config", "EnqueueReadMeshBuffer: reading an L1 buffer to the host is not emulated");
    }
    std::memcpy(data, state.bytes.data(), static_cast<std::size_t>(state.size));
}

}  // namespace ttsim

namespace tt::tt_metal {

using ttsim::host_fault;

DeviceAddr Buffer::address() const { return state_->address; }
std::uint64_t Buffer::size() const { return state_->size; }
std::uint64_t Buffer::page_size() const { return state_->page_size; }
std::uint32_t Buffer::num_pages() const { return state_->num_pages(); }


Program::Program() : state_(std::make_unique<ttsim::ProgramState>()) {}
Program::~Program() = default;

Program CreateProgram() { return Program(); }

CBHandle CreateCircularBuffer(Program& program, const CoreSpec& core_spec, const CircularBufferConfig& config) {
    ttsim::CircularBufferDef def;
    def.cores = ttsim::expand(core_spec, "CreateCircularBuffer");
    def.total_size = config.total_size();
    def.formats = config.data_formats();
    def.page_sizes = config.page_sizes();
    if (def.formats.empty()) {
        host_fault("cb-config", "CreateCircularBuffer: no buffer index in the data format spec");
    }
    for (const auto& [index, format] : def.formats) {
        (void)format;
        const std::string name = index < ttsim::kNumCircularBuffers ? ttsim::cb_name(index) : std::to_string(index);
        const auto page = def.page_sizes.find(index);
        if (index >= ttsim::kNumCircularBuffers) {
            host_fault("cb-config", "CreateCircularBuffer: buffer index " + name + " is not in [0, 32)");
        }
        if (page == def.page_sizes.end() || page->second == 0) {
            host_fault("cb-config", "CreateCircularBuffer: no page size set for " + name + " (set_page_size)");
        }
        if (def.total_size == 0 || def.total_size % page->second != 0) {
            host_fault("cb-config", "CreateCircularBuffer: total size " + std::to_string(def.total_size) + " of " +
                                        name + " is not a positive multiple of its page size " +
                                        std::to_string(page->second));
        }
    }
    program.state().circular_buffers.push_back(std::move(def));
    return program.state().circular_buffers.size();
}

namespace {
ttsim::KernelBinary registered_kernel(const std::string& file_name, std::string& name);
}  // namespace

KernelHandle CreateKernel(Program& program, const std::string& file_name, const CoreSpec& core_spec,
                          const KernelConfig& config) {
    ttsim::KernelDef def;
    ttsim::KernelBinary binary;
    if (ttsim::jit_enabled()) {
        const bool compute = std::holds_alternative<ComputeConfig>(config);
        const auto& compile_args = compute ? std::get<ComputeConfig>(config).compile_args
                                           : std::get<DataMovementConfig>(config).compile_args;
        const auto& defines =
            compute ? std::get<ComputeConfig>(config).defines : std::get<DataMovementConfig>(config).defines;
        binary = ttsim::jit_kernel(file_name, compile_args, defines, compute, def.name);
    } else {
        binary = registered_kernel(file_name, def.name);
    }
    def.cores = ttsim::expand(core_spec, "CreateKernel");
    if (const auto* data_movement = std::get_if<DataMovementConfig>(&config)) {
        def.entry = binary.data_movement;
        def.processor = static_cast<int>(data_movement->processor);
        if (def.entry == nullptr) {
            host_fault("kernel-kind-mismatch", "CreateKernel: '" + def.name +
                                                   "' is given a DataMovementConfig but defines no kernel_main()");
        }
    } else {
        def.compute = true;
        const auto& compute_config = std::get<ComputeConfig>(config);  // the numeric state (math.cpp)
        def.numeric.fp32_dest_acc_en = compute_config.fp32_dest_acc_en;
        def.numeric.dst_full_sync_en = compute_config.dst_full_sync_en;
        def.numeric.math_approx_mode = compute_config.math_approx_mode;
        def.numeric.math_fidelity = compute_config.math_fidelity;
        def.numeric.unpack_to_dest_mode = compute_config.unpack_to_dest_mode;
        // Compute kernels use NAMESPACE/MAIN; newer Metalium also accepts kernel_main().
        def.entry = binary.compute != nullptr ? binary.compute : binary.data_movement;
        if (def.entry == nullptr) {
            host_fault("kernel-kind-mismatch", "CreateKernel: '" + def.name + "' defines no compute entry point");
        }
    }
    program.state().kernels.push_back(std::move(def));
    return static_cast<KernelHandle>(program.state().kernels.size() - 1);
}

namespace {
// A kernel linked into the program (emitter outputs): by the path as given, else its file name.
ttsim::KernelBinary registered_kernel(const std::string& file_name, std::string& name) {
    const auto& registry = ttsim::kernel_registry();
    auto found = registry.find(file_name);
    if (found == registry.end()) {
        found = registry.find(ttsim::base_name(file_name));
    }
    if (found == registry.end()) {
        std::string known;
        for (const auto& item : registry) {
            known += (known.empty() ? "" : ", ") + item.first;
        }
        host_fault("unknown-kernel", "CreateKernel: no kernel file named '" + file_name + "' was compiled (have: " +
                                         known + ")");
    }
    name = found->first;
    return found->second;
}
}  // namespace

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    const std::vector<std::uint32_t>& runtime_args) {
    auto& kernels = program.state().kernels;
    if (kernel >= kernels.size()) {
        host_fault("runtime-args-kernel", "SetRuntimeArgs: no kernel with handle " + std::to_string(kernel));
    }
    ttsim::KernelDef& def = kernels[kernel];
    if (runtime_args.size() > 341) {
        host_fault("runtime-args-count", "SetRuntimeArgs: " + std::to_string(runtime_args.size()) +
                                             " arguments for '" + def.name + "' exceed Metalium's 341");
    }
    for (const ttsim::CoreKey& core : ttsim::expand(core_spec, "SetRuntimeArgs")) {
        if (!ttsim::has_core(def.cores, core)) {
            host_fault("runtime-args-core", "SetRuntimeArgs: '" + def.name + "' does not run on core " +
                                                ttsim::core_text(core));
        }
        def.args[core] = runtime_args;
    }
}

}  // namespace tt::tt_metal

namespace ttsim {

using tt::tt_metal::Buffer;
using tt::tt_metal::Program;

std::shared_ptr<Buffer> create_buffer(std::uint64_t size, std::uint64_t page_size, const char* call) {
    const std::string where = call;
    if (size == 0 || page_size == 0 || size % page_size != 0) {
        host_fault("host-buffer-config", where + ": size " + std::to_string(size) +
                                             " is not a positive multiple of page_size " + std::to_string(page_size));
    }
    if (size > 0x40000000u) {
        host_fault("host-buffer-config", where + ": " + std::to_string(size) + " bytes exceed 1 GiB");
    }
    auto state = std::make_shared<BufferState>();
    state->size = size;
    state->page_size = page_size;
    state->bytes.assign(static_cast<std::size_t>(size), 0);
    {
        std::lock_guard<std::mutex> lock(g_buffers_mutex);
        if (static_cast<std::uint64_t>(g_next_address) + size + 0x2000 > 0xFFFFFFFFu) {
            host_fault("host-dram-full", where + ": emulated DRAM address space exhausted");
        }
        state->address = g_next_address;
        g_next_address += static_cast<std::uint32_t>((size + 0xFFF) & ~0xFFFull) + 0x1000;
        g_buffers[state->address] = state.get();
    }
    return std::make_shared<Buffer>(state);
}

std::shared_ptr<Buffer> create_l1_buffer(std::uint64_t size, std::uint64_t page_size) {
    if (size == 0 || page_size == 0 || size % page_size != 0) {
        host_fault("host-buffer-config", "MeshBuffer::create: L1 buffer size " + std::to_string(size) +
                                             " is not a positive multiple of page_size " + std::to_string(page_size));
    }
    auto state = std::make_shared<BufferState>();
    state->size = size;
    state->page_size = page_size;
    state->l1 = true;
    {
        std::lock_guard<std::mutex> lock(g_buffers_mutex);
        const std::uint64_t rounded = (size + 31) & ~31ull;
        if (g_l1_bottom < kL1Base + rounded) {
            host_fault("l1-overflow", "MeshBuffer::create: L1 buffers need more than the " +
                                          std::to_string(kL1Size / 1024) + " KiB of L1");
        }
        g_l1_bottom -= static_cast<std::uint32_t>(rounded);
        state->address = g_l1_bottom;
    }
    return std::make_shared<Buffer>(state);
}

namespace {
void unmap_l1(void* pointer) { munmap(pointer, kL1Size); }
}  // namespace

// A core's L1, zeroed. Mapped below 2 GiB where the system allows it (MAP_32BIT), so that the
// 32-bit addresses kernels get from get_write_ptr/get_read_ptr can be dereferenced; else on the
// heap, and such a dereference crashes (reported as a crash).
void allocate_l1(Core& core) {
#ifdef MAP_32BIT
    void* mapped = mmap(nullptr, kL1Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    const auto address = reinterpret_cast<std::uintptr_t>(mapped);
    if (mapped != MAP_FAILED && address >= 2 * static_cast<std::uintptr_t>(kL1Size) &&
        address + kL1Size < 0xFFFFFFFFu) {
        core.l1 = std::unique_ptr<std::uint8_t, void (*)(void*)>(static_cast<std::uint8_t*>(mapped), unmap_l1);
        core.l1_window = static_cast<std::uint32_t>(address);
        return;
    }
    if (mapped != MAP_FAILED) {
        munmap(mapped, kL1Size);
    }
#endif
    core.l1 = std::unique_ptr<std::uint8_t, void (*)(void*)>(static_cast<std::uint8_t*>(std::calloc(kL1Size, 1)),
                                                             std::free);
    core.l1_window = 0;
}

void run_program(Program& program) {
    using namespace tt::tt_metal;
    const ttsim::ProgramState& state = program.state();
    std::map<ttsim::CoreKey, std::size_t> index_of;
    std::vector<std::unique_ptr<ttsim::Core>> cores;
    for (const ttsim::KernelDef& def : state.kernels) {
        for (const ttsim::CoreKey& key : def.cores) {
            auto [slot, inserted] = index_of.emplace(key, cores.size());
            if (inserted) {
                auto core = std::make_unique<ttsim::Core>();
                core->x = key.x;
                core->y = key.y;
                cores.push_back(std::move(core));
            }
            ttsim::Core& core = *cores[slot->second];
            for (const auto& other : core.kernels) {
                if (other->compute == def.compute && (def.compute || other->processor == def.processor)) {
                    host_fault("kernel-conflict", "EnqueueMeshWorkload: '" + def.name + "' and '" + other->name +
                                                      "' both run on the same processor of core " +
                                                      ttsim::core_text(key));
                }
            }
            auto run = std::make_unique<ttsim::KernelRun>();
            run->core = &core;
            run->name = def.name;
            run->entry = def.entry;
            run->compute = def.compute;
            run->numeric = def.numeric;
            run->processor = def.processor;
            const auto args = def.args.find(key);
            if (args != def.args.end()) {
                run->args = args->second;
            }
            core.kernels.push_back(std::move(run));
        }
    }
    for (auto& core : cores) {
        ttsim::allocate_l1(*core);
        ttsim::configure_circular_buffers(*core, state);
    }
    {
        ttsim::Watchdog watchdog(cores);
        std::vector<std::thread> threads;
        for (auto& core : cores) {
            for (auto& kernel : core->kernels) {
                threads.emplace_back(ttsim::run_kernel, kernel.get());
            }
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
    }
    ttsim::exit_on_recorded_fault();
    int warnings = 8;  // enough to see the pattern without flooding stderr
    for (const auto& core : cores) {
        ttsim::warn_unbalanced(*core, warnings);
    }
}

}  // namespace ttsim

namespace tt::tt_metal::distributed {

using ttsim::host_fault;

std::shared_ptr<MeshDevice> MeshDevice::create_unit_mesh(int device_id, std::size_t, std::size_t,
                                                         std::size_t num_command_queues) {
    if (device_id != 0) {
        host_fault("host-device-id",
                   "MeshDevice::create_unit_mesh: the emulator has device 0 only, not " + std::to_string(device_id));
    }
    if (num_command_queues != 1) {
        host_fault("host-device-id", "MeshDevice::create_unit_mesh: the emulator has one command queue");
    }
    return std::make_shared<MeshDevice>(device_id);
}

MeshCommandQueue& MeshDevice::mesh_command_queue(std::optional<std::uint8_t> cq_id) {
    if (cq_id.value_or(0) != 0) {
        host_fault("host-device-id", "MeshDevice::mesh_command_queue: the emulator has command queue 0 only");
    }
    return queue_;
}

bool MeshDevice::close() {
    closed_ = true;
    return true;
}

std::shared_ptr<MeshBuffer> MeshBuffer::create(const ReplicatedBufferConfig& mesh_buffer_config,
                                               const DeviceLocalBufferConfig& device_local_config,
                                               MeshDevice* mesh_device, std::optional<DeviceAddr> address) {
    if (mesh_device == nullptr) {
        host_fault("host-null-buffer", "MeshBuffer::create: null mesh device");
    }
    if (address.has_value()) {
        host_fault("host-buffer-config", "MeshBuffer::create: the emulator allocates addresses itself");
    }
    if (device_local_config.buffer_type == BufferType::L1) {
        auto buffer = ttsim::create_l1_buffer(mesh_buffer_config.size, device_local_config.page_size);
        return std::shared_ptr<MeshBuffer>(new MeshBuffer(std::move(buffer), mesh_device));
    }
    if (device_local_config.buffer_type != BufferType::DRAM) {
        host_fault("host-buffer-config", "MeshBuffer::create: only DRAM and L1 buffers are emulated");
    }
    auto buffer = ttsim::create_buffer(mesh_buffer_config.size, device_local_config.page_size, "MeshBuffer::create");
    return std::shared_ptr<MeshBuffer>(new MeshBuffer(std::move(buffer), mesh_device));
}

void MeshWorkload::add_program(const MeshCoordinateRange& device_range, Program&& program) {
    if (device_range.size() != 1) {
        host_fault("host-device-id", "MeshWorkload::add_program: the emulated mesh has one device");
    }
    programs_.push_back(std::move(program));
}

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking) {
    (void)mesh_cq;
    (void)blocking;
    for (Program& program : mesh_workload.programs()) {
        ttsim::run_program(program);
    }
}

void Finish(MeshCommandQueue& mesh_cq) { (void)mesh_cq; }

}  // namespace tt::tt_metal::distributed
