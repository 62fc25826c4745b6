// Kernel-side runtime: runtime arguments, circular buffers with real capacity and blocking, and
// NOC tile transfers between interleaved DRAM buffers and the core's L1.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "api/dataflow/dataflow_api.h"
#include "internal.h"
#include "ttsim/kernel_api.h"

namespace ttsim {
namespace {

thread_local KernelRun* t_kernel = nullptr;

bool can_proceed(const Core& core, const KernelRun& kernel) {
    const CircularBuffer& cb = core.cbs[kernel.wait_cb];
    if (kernel.waiting == WaitKind::Reserve) {
        return cb.num_pages - cb.occupied() >= kernel.wait_pages;
    }
    return cb.occupied() >= kernel.wait_pages;
}

std::string describe_cb(const Core& core, std::uint32_t index) {
    const CircularBuffer& cb = core.cbs[index];
    return cb_name(index) + " holds " + std::to_string(cb.occupied()) + "/" + std::to_string(cb.num_pages) +
           " pages (pushed " + std::to_string(cb.pushed) + ", popped " + std::to_string(cb.popped) + ")";
}

std::string describe_wait(const KernelRun& kernel) {
    const char* call = kernel.waiting == WaitKind::Reserve ? "cb_reserve_back" : "cb_wait_front";
    return std::string(call) + "(" + cb_name(kernel.wait_cb) + ", " + std::to_string(kernel.wait_pages) + ")";
}

// Records the deadlock of `core` (with core.mutex held), to be reported when the launch ends.
void record_deadlock(Core& core) {
    // Primary culprit: a producer stuck on a full CB (its consumer stopped popping), else the
    // first blocked kernel.
    const KernelRun* primary = nullptr;
    for (const auto& kernel : core.kernels) {
        if (kernel->finished) {
            continue;
        }
        const CircularBuffer& cb = core.cbs[kernel->wait_cb];
        const bool full_producer = kernel->waiting == WaitKind::Reserve && cb.occupied() == cb.num_pages;
        if (primary == nullptr || (full_producer && primary->waiting != WaitKind::Reserve)) {
            primary = kernel.get();
        }
    }
    std::string message = "deadlock on core (" + std::to_string(core.x) + "," + std::to_string(core.y) + "): ";
    std::string blocked = "[";
    std::string finished;
    for (const auto& kernel : core.kernels) {
        if (kernel->finished) {
            finished += (finished.empty() ? "" : ", ") + kernel->name;
            continue;
        }
        message += kernel->name + " blocked in " + describe_wait(*kernel) + " while " +
                   describe_cb(core, kernel->wait_cb) + "; ";
        blocked += std::string(blocked.size() > 1 ? "," : "") + "{\"kernel\":" + json_string(kernel->name) +
                   ",\"call\":" +
                   json_string(kernel->waiting == WaitKind::Reserve ? "cb_reserve_back" : "cb_wait_front") +
                   ",\"cb\":" + std::to_string(kernel->wait_cb) + ",\"pages\":" + std::to_string(kernel->wait_pages) +
                   "}";
    }
    blocked += "]";
    message += finished.empty() ? "no kernel finished" : "finished: " + finished;
    std::string cbs = "[";
    for (std::uint32_t index = 0; index < kNumCircularBuffers; ++index) {
        const CircularBuffer& cb = core.cbs[index];
        if (!cb.configured) {
            continue;
        }
        cbs += std::string(cbs.size() > 1 ? "," : "") + "{\"cb\":" + std::to_string(index) +
               ",\"capacity\":" + std::to_string(cb.num_pages) + ",\"pushed\":" + std::to_string(cb.pushed) +
               ",\"popped\":" + std::to_string(cb.popped) + "}";
    }
    cbs += "]";
    const CircularBuffer& cb = core.cbs[primary->wait_cb];
    record_core_fault(*primary, "deadlock", message,
                      {field("call", primary->waiting == WaitKind::Reserve ? "cb_reserve_back" : "cb_wait_front"),
                       field("cb", primary->wait_cb), field("pages", primary->wait_pages),
                       field("occupied", cb.occupied()), field("capacity", cb.num_pages),
                       raw_field("blocked", blocked), raw_field("cbs", cbs)},
                      kExitDeadlock);
}

// Blocks the calling kernel until its CB condition holds; detects deadlock on the way.
void block(KernelRun& kernel, WaitKind kind, std::uint32_t cb_id, std::uint32_t pages) {
    Core& core = *kernel.core;
    std::unique_lock<std::mutex> lock(core.mutex);
    kernel.waiting = kind;
    kernel.wait_cb = cb_id;
    kernel.wait_pages = pages;
    while (!can_proceed(core, kernel)) {
        check_deadlock_locked(core);
        if (core.stopping) {
            throw KernelStopped{};  // blocked for good on a core with a fault: the kernel stops
        }
        core.changed.wait(lock);
    }
    kernel.waiting = WaitKind::None;
}

CircularBuffer& checked_cb(KernelRun& kernel, std::uint32_t cb_id, std::uint32_t pages, const char* call) {
    CircularBuffer& cb = kernel_cb(kernel, cb_id, call);
    if (pages > cb.num_pages) {
        raise_fault("cb-capacity", std::string(call) + "(" + cb_name(cb_id) + ", " + std::to_string(pages) +
                                       ") on a circular buffer of " + std::to_string(cb.num_pages) +
                                       " pages can never be satisfied",
                    {field("cb", cb_id), field("pages", pages), field("capacity", cb.num_pages)});
    }
    return cb;
}

bool overlaps(const NocTransfer& transfer, const CircularBuffer& cb, std::uint32_t first_page, std::uint32_t pages) {
    for (std::uint32_t i = 0; i < pages; ++i) {
        const std::uint32_t start = cb.base + ((first_page + i) % cb.num_pages) * cb.page_size;
        if (transfer.l1_addr < start + cb.page_size && start < transfer.l1_addr + transfer.bytes) {
            return true;
        }
    }
    return false;
}

std::uint8_t* l1_span(KernelRun& kernel, std::uint32_t l1_addr, std::uint32_t bytes, const char* call) {
    // A CB pointer is an address inside this core's mapped L1; an L1 buffer's address() is an
    // offset, the same on every core.
    const std::uint32_t window = kernel.core->l1_window;
    if (window != 0 && l1_addr >= window) {
        l1_addr -= window;
    }
    if (l1_addr < kL1Base || static_cast<std::uint64_t>(l1_addr) + bytes > kL1Size) {
        raise_fault("l1-out-of-bounds", std::string(call) + ": L1 address " + std::to_string(l1_addr) + " + " +
                                            std::to_string(bytes) + " bytes is outside the usable L1 [" +
                                            std::to_string(kL1Base) + ", " + std::to_string(kL1Size) + ")",
                    {field("l1_addr", l1_addr), field("bytes", bytes)});
    }
    return kernel.core->l1.get() + l1_addr;
}

// The L1 offset of a pointer l1_span returned (what CB pages are compared with).
std::uint32_t l1_offset_of(KernelRun& kernel, const std::uint8_t* pointer) {
    return static_cast<std::uint32_t>(pointer - kernel.core->l1.get());
}

BufferState& noc_buffer(std::uint32_t base, std::uint32_t page_size, std::uint32_t page_id, const char* call) {
    BufferState* buffer = find_buffer(base);
    if (buffer == nullptr) {
        raise_fault("noc-bad-address", std::string(call) + ": no buffer starts at DRAM address " +
                                           std::to_string(base) + " (bank_base_address must be a buffer's address())",
                    {field("address", base), field("page", page_id)});
    }
    if (page_size != buffer->page_size) {
        raise_fault("noc-page-size", std::string(call) + ": address generator page_size " +
                                         std::to_string(page_size) + " differs from the buffer's page size " +
                                         std::to_string(buffer->page_size),
                    {field("address", base), field("page_size", page_size)});
    }
    if (page_id >= buffer->num_pages()) {
        raise_fault("noc-out-of-bounds", std::string(call) + ": page " + std::to_string(page_id) +
                                             " is outside the buffer at DRAM address " + std::to_string(base) +
                                             ", which has " + std::to_string(buffer->num_pages()) + " pages",
                    {field("call", call), field("address", base), field("page", page_id),
                     field("pages", buffer->num_pages())});
    }
    return *buffer;
}

void complete(std::vector<NocTransfer>& transfers) {
    for (const NocTransfer& transfer : transfers) {
        std::memcpy(transfer.dst, transfer.src, transfer.bytes);
    }
    transfers.clear();
}

}  // namespace

void bind_thread(KernelRun& kernel) {
    t_kernel = &kernel;
    set_thread_location(kernel.core->json(), kernel.name);
}

KernelRun* running_kernel() { return t_kernel; }

KernelRun& current_kernel(const char* call) {
    if (t_kernel == nullptr) {
        raise_fault("kernel-api-on-host", std::string(call) + " called outside a kernel");
    }
    return *t_kernel;
}

CircularBuffer& kernel_cb(KernelRun& kernel, std::uint32_t cb_id, const char* call) {
    if (cb_id >= kNumCircularBuffers || !kernel.core->cbs[cb_id].configured) {
        raise_fault("cb-not-configured", std::string(call) + ": circular buffer " +
                                             (cb_id < kNumCircularBuffers ? cb_name(cb_id) : std::to_string(cb_id)) +
                                             " was not created on this core (CreateCircularBuffer)",
                    {field("cb", cb_id)});
    }
    return kernel.core->cbs[cb_id];
}

void flush_transfers(KernelRun& kernel) {
    complete(kernel.pending_reads);
    complete(kernel.pending_writes);
}

void check_deadlock_locked(Core& core) {
    bool any_unfinished = false;
    for (const auto& kernel : core.kernels) {
        if (kernel->finished) {
            continue;
        }
        any_unfinished = true;
        if (kernel->waiting == WaitKind::None || can_proceed(core, *kernel)) {
            return;
        }
    }
    if (!any_unfinished || core.stopping) {
        return;
    }
    // Every kernel left is blocked for good. After a fault of one of them that is its consequence,
    // not a fault of its own; else it is the core's deadlock. Either way the blocked kernels stop.
    if (!core_faulted(core)) {
        record_deadlock(core);
    }
    core.stopping = true;
    core.changed.notify_all();
}

std::uint32_t kernel_arg(int arg_idx) {
    KernelRun& kernel = current_kernel("get_arg_val");
    ++g_progress;
    if (arg_idx < 0 || static_cast<std::size_t>(arg_idx) >= kernel.args.size()) {
        raise_fault("runtime-arg-unset", "get_arg_val(" + std::to_string(arg_idx) + ") in " + kernel.name +
                                             " reads a runtime argument the host never set (SetRuntimeArgs gave " +
                                             std::to_string(kernel.args.size()) + " for this core)",
                    {field("index", static_cast<std::uint64_t>(arg_idx)), field("count", kernel.args.size())});
    }
    return kernel.args[static_cast<std::size_t>(arg_idx)];
}

void noc_read_page(std::uint32_t bank_base_address, std::uint32_t page_size, std::uint32_t page_id,
                   std::uint32_t l1_addr, std::uint32_t offset) {
    KernelRun& kernel = current_kernel("noc_async_read_page");
    ++g_progress;
    BufferState& buffer = noc_buffer(bank_base_address, page_size, page_id, "noc_async_read_page");
    if (offset >= page_size) {
        raise_fault("noc-out-of-bounds", "noc_async_read_page: offset " + std::to_string(offset) +
                                             " is not inside a page of " + std::to_string(page_size) + " bytes",
                    {field("offset", offset)});
    }
    const std::uint32_t bytes = page_size - offset;
    std::uint8_t* dst = l1_span(kernel, l1_addr, bytes, "noc_async_read_page");
    const std::uint8_t* src = buffer.bytes.data() + static_cast<std::size_t>(page_id) * page_size + offset;
    kernel.pending_reads.push_back(NocTransfer{dst, src, bytes, l1_offset_of(kernel, dst)});
}

void noc_write_page(std::uint32_t bank_base_address, std::uint32_t page_size, std::uint32_t page_id,
                    std::uint32_t l1_addr, std::uint32_t offset) {
    KernelRun& kernel = current_kernel("noc_async_write_page");
    ++g_progress;
    BufferState& buffer = noc_buffer(bank_base_address, page_size, page_id, "noc_async_write_page");
    const std::uint8_t* src = l1_span(kernel, l1_addr, page_size, "noc_async_write_page");
    if (offset != 0) {
        raise_fault("noc-out-of-bounds", "noc_async_write_page: offset " + std::to_string(offset) +
                                             " (the emulated writer moves whole pages)",
                    {field("offset", offset)});
    }
    std::uint8_t* dst = buffer.bytes.data() + static_cast<std::size_t>(page_id) * page_size;
    kernel.pending_writes.push_back(NocTransfer{dst, src, page_size, l1_offset_of(kernel, src)});
}

namespace {
BufferState& raw_dram(std::uint64_t noc_addr, std::uint32_t size, const char* call) {
    if ((noc_addr & kNocCoreFlag) != 0) {
        raise_fault("noc-bad-address", std::string(call) +
                                           ": the NoC address names a core's L1 or a DRAM bank other than 0; the "
                                           "emulator reaches only DRAM buffers, as one bank",
                    {field("noc_addr", noc_addr)});
    }
    BufferState* buffer = find_buffer_containing(noc_addr, size);
    if (buffer == nullptr) {
        raise_fault("noc-out-of-bounds", std::string(call) + ": DRAM bytes [" + std::to_string(noc_addr) + ", " +
                                             std::to_string(noc_addr + size) + ") are not inside one buffer",
                    {field("noc_addr", noc_addr), field("bytes", size)});
    }
    return *buffer;
}
}  // namespace

void noc_read_raw(std::uint64_t src_noc_addr, std::uint32_t dst_l1_addr, std::uint32_t size) {
    KernelRun& kernel = current_kernel("noc_async_read");
    ++g_progress;
    BufferState& buffer = raw_dram(src_noc_addr, size, "noc_async_read");
    std::uint8_t* dst = l1_span(kernel, dst_l1_addr, size, "noc_async_read");
    const std::uint8_t* src = buffer.bytes.data() + (src_noc_addr - buffer.address);
    kernel.pending_reads.push_back(NocTransfer{dst, src, size, l1_offset_of(kernel, dst)});
}

void noc_write_raw(std::uint32_t src_l1_addr, std::uint64_t dst_noc_addr, std::uint32_t size) {
    KernelRun& kernel = current_kernel("noc_async_write");
    ++g_progress;
    BufferState& buffer = raw_dram(dst_noc_addr, size, "noc_async_write");
    const std::uint8_t* src = l1_span(kernel, src_l1_addr, size, "noc_async_write");
    std::uint8_t* dst = buffer.bytes.data() + (dst_noc_addr - buffer.address);
    kernel.pending_writes.push_back(NocTransfer{dst, src, size, l1_offset_of(kernel, src)});
}

void device_print(const std::string& text) {
    KernelRun& kernel = current_kernel("DPRINT");
    static std::mutex print_mutex;
    std::lock_guard<std::mutex> lock(print_mutex);
    std::printf("DPRINT core (%zu,%zu) %s: %s", static_cast<std::size_t>(kernel.core->x),
                static_cast<std::size_t>(kernel.core->y), kernel.name.c_str(), text.c_str());
    if (text.empty() || text.back() != '\n') {
        std::printf("\n");
    }
    std::fflush(stdout);
}

}  // namespace ttsim

using ttsim::current_kernel;
using ttsim::field;
using ttsim::raise_fault;

void noc_async_read_barrier(std::uint8_t) {
    ++ttsim::g_progress;
    ttsim::complete(current_kernel("noc_async_read_barrier").pending_reads);
}

void noc_async_write_barrier(std::uint8_t) {
    ++ttsim::g_progress;
    ttsim::complete(current_kernel("noc_async_write_barrier").pending_writes);
}

void ttsim::cb_reserve_back(std::uint32_t cb_id, std::uint32_t num_pages) {
    ttsim::KernelRun& kernel = current_kernel("cb_reserve_back");
    ++ttsim::g_progress;
    ttsim::CircularBuffer& cb = ttsim::checked_cb(kernel, cb_id, num_pages, "cb_reserve_back");
    ttsim::block(kernel, ttsim::WaitKind::Reserve, cb_id, num_pages);
    cb.reserved = std::max(cb.reserved, num_pages);
}

void ttsim::cb_push_back(std::uint32_t cb_id, std::uint32_t num_pages) {
    ttsim::KernelRun& kernel = current_kernel("cb_push_back");
    ++ttsim::g_progress;
    ttsim::CircularBuffer& cb = ttsim::kernel_cb(kernel, cb_id, "cb_push_back");
    if (num_pages > cb.reserved) {
        raise_fault("cb-overflow", "cb_push_back(" + ttsim::cb_name(cb_id) + ", " + std::to_string(num_pages) +
                                       ") pushes more pages than cb_reserve_back reserved (" +
                                       std::to_string(cb.reserved) + ")",
                    {field("cb", cb_id), field("pages", num_pages), field("reserved", cb.reserved)});
    }
    for (const ttsim::NocTransfer& read : kernel.pending_reads) {
        if (ttsim::overlaps(read, cb, cb.wr_page, num_pages)) {
            raise_fault("noc-read-not-flushed", "cb_push_back(" + ttsim::cb_name(cb_id) + ", " +
                                                    std::to_string(num_pages) +
                                                    ") publishes a page whose noc_async_read_page has not been "
                                                    "waited for (noc_async_read_barrier missing before the push)",
                        {field("cb", cb_id)});
        }
    }
    ttsim::Core& core = *kernel.core;
    std::lock_guard<std::mutex> lock(core.mutex);
    cb.pushed += num_pages;
    cb.wr_page = (cb.wr_page + num_pages) % cb.num_pages;
    cb.reserved -= num_pages;
    cb.packed = 0;
    core.changed.notify_all();
}

void ttsim::cb_wait_front(std::uint32_t cb_id, std::uint32_t num_pages) {
    ttsim::KernelRun& kernel = current_kernel("cb_wait_front");
    ++ttsim::g_progress;
    ttsim::CircularBuffer& cb = ttsim::checked_cb(kernel, cb_id, num_pages, "cb_wait_front");
    ttsim::block(kernel, ttsim::WaitKind::Wait, cb_id, num_pages);
    cb.waited = std::max(cb.waited, num_pages);
}

void ttsim::cb_pop_front(std::uint32_t cb_id, std::uint32_t num_pages) {
    ttsim::KernelRun& kernel = current_kernel("cb_pop_front");
    ++ttsim::g_progress;
    ttsim::CircularBuffer& cb = ttsim::kernel_cb(kernel, cb_id, "cb_pop_front");
    if (num_pages > cb.waited) {
        raise_fault("cb-underflow", "cb_pop_front(" + ttsim::cb_name(cb_id) + ", " + std::to_string(num_pages) +
                                        ") pops more pages than cb_wait_front waited for (" +
                                        std::to_string(cb.waited) + ")",
                    {field("cb", cb_id), field("pages", num_pages), field("waited", cb.waited)});
    }
    for (const ttsim::NocTransfer& write : kernel.pending_writes) {
        if (ttsim::overlaps(write, cb, cb.rd_page, num_pages)) {
            raise_fault("noc-write-not-flushed", "cb_pop_front(" + ttsim::cb_name(cb_id) + ", " +
                                                     std::to_string(num_pages) +
                                                     ") frees a page whose noc_async_write_page has not been waited "
                                                     "for (noc_async_write_barrier missing before the pop)",
                        {field("cb", cb_id)});
        }
    }
    ttsim::Core& core = *kernel.core;
    std::lock_guard<std::mutex> lock(core.mutex);
    cb.popped += num_pages;
    cb.rd_page = (cb.rd_page + num_pages) % cb.num_pages;
    cb.waited -= num_pages;
    core.changed.notify_all();
}

std::uint32_t ttsim::get_write_ptr(std::uint32_t cb_id) {
    ttsim::KernelRun& kernel = current_kernel("get_write_ptr");
    const ttsim::CircularBuffer& cb = ttsim::kernel_cb(kernel, cb_id, "get_write_ptr");
    return kernel.core->l1_window + cb.base + cb.wr_page * cb.page_size;
}

std::uint32_t ttsim::get_read_ptr(std::uint32_t cb_id) {
    ttsim::KernelRun& kernel = current_kernel("get_read_ptr");
    const ttsim::CircularBuffer& cb = ttsim::kernel_cb(kernel, cb_id, "get_read_ptr");
    return kernel.core->l1_window + cb.base + cb.rd_page * cb.page_size;
}

std::uint32_t ttsim::get_tile_size(std::uint32_t cb_id) {
    return ttsim::kernel_cb(current_kernel("get_tile_size"), cb_id, "get_tile_size").page_size;
}

DataFormat ttsim::get_dataformat(std::uint32_t cb_id) {
    return ttsim::kernel_cb(current_kernel("get_dataformat"), cb_id, "get_dataformat").format;
}
