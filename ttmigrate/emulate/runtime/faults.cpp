// Fault reporting: one machine-readable `TTSIM-FAULT {json}` line on stderr, then exit. Crashes
// (signals) and uncaught host exceptions are reported the same way. A kernel thread's fault is
// recorded and printed when the launch ends, in a fixed order (internal.h, raise_fault).
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <tuple>
#include <unistd.h>

#include "internal.h"

namespace ttsim {
namespace {

std::mutex g_fault_mutex;

// A fault recorded on a kernel thread, with its place in the report order.
struct RecordedFault {
    std::uint32_t core_y = 0;
    std::uint32_t core_x = 0;
    std::size_t kernel = 0;  // the kernel's index in its core's CreateKernel order
    std::string line;
    int exit_code = kExitFault;
};
std::vector<RecordedFault> g_recorded;  // guarded by g_fault_mutex

thread_local std::string t_location = "\"kernel\":\"main.cpp\"";
// Pre-rendered for the signal handler, which must not allocate.
thread_local char t_crash_prefix[256] = "TTSIM-FAULT {\"kind\":\"crash\",\"kernel\":\"main.cpp\",\"signal\":";

void write_all(const char* text, std::size_t length) {
    while (length > 0) {
        const ssize_t written = ::write(2, text, length);
        if (written <= 0) {
            return;
        }
        text += written;
        length -= static_cast<std::size_t>(written);
    }
}

// One `TTSIM-<tag> {json}` line: the kind, the location's fields (none when empty), the message and
// the call's own fields.
std::string report_line(const char* tag, const std::string& kind, const std::string& location,
                        const std::string& message, const std::vector<FaultField>& fields) {
    std::string line = std::string("TTSIM-") + tag + " {\"kind\":" + json_string(kind);
    line += (location.empty() ? "" : "," + location) + ",\"message\":" + json_string(message);
    for (const FaultField& item : fields) {
        line += "," + json_string(item.key) + ":" + item.json;
    }
    return line + "}\n";
}

std::string fault_line(const std::string& kind, const std::string& location, const std::string& message,
                       const std::vector<FaultField>& fields) {
    return report_line("FAULT", kind, location, message, fields);
}

[[noreturn]] void print_and_exit(const std::string& line, int exit_code) {
    std::fflush(stdout);
    write_all(line.data(), line.size());
    std::_Exit(exit_code);
}

// Records a fault of `kernel`, ordered by its core and its place in the core's CreateKernel order.
void record(const KernelRun& kernel, std::string line, int exit_code) {
    const Core& core = *kernel.core;
    std::size_t index = 0;
    while (index < core.kernels.size() && core.kernels[index].get() != &kernel) {
        ++index;
    }
    std::lock_guard<std::mutex> lock(g_fault_mutex);
    g_recorded.push_back(RecordedFault{core.y, core.x, index, std::move(line), exit_code});
}

std::string location_json(const std::string& core_json, const std::string& kernel) {
    return "\"core\":" + core_json + ",\"kernel\":" + json_string(kernel);
}

void on_signal(int signal_number) {
    char digits[16];
    int count = 0;
    int value = signal_number;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0 && count < 15);
    char line[320];
    std::size_t length = std::strlen(t_crash_prefix);
    std::memcpy(line, t_crash_prefix, length);
    while (count > 0) {
        line[length++] = digits[--count];
    }
    line[length++] = '}';
    line[length++] = '\n';
    write_all(line, length);
    ::_exit(kExitCrash);
}

void on_terminate() {
    std::string message = "uncaught exception";
    if (const std::exception_ptr error = std::current_exception()) {
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& exception) {
            message = std::string("uncaught exception: ") + exception.what();
        } catch (...) {
        }
    }
    // at once, from any thread: a terminate handler cannot unwind a kernel thread
    g_fault_mutex.lock();  // never released: the process exits with this fault
    print_and_exit(fault_line("uncaught-exception", t_location, message, {}), kExitFault);
}

struct InstallHandlers {
    InstallHandlers() {
        std::set_terminate(on_terminate);
        for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
            std::signal(signal_number, on_signal);
        }
    }
} g_install_handlers;

}  // namespace

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (const char ch : text) {
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(ch) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof(buffer), "\\u%04x", ch);
                    out += buffer;
                } else {
                    out += ch;
                }
        }
    }
    return out + "\"";
}

FaultField field(const std::string& key, std::uint64_t value) { return {key, std::to_string(value)}; }
FaultField field(const std::string& key, const std::string& value) { return {key, json_string(value)}; }
FaultField raw_field(const std::string& key, std::string json) { return {key, std::move(json)}; }

std::string cb_name(std::uint32_t cb) { return "c_" + std::to_string(cb); }

void set_thread_location(const std::string& core_json, const std::string& kernel) {
    t_location = location_json(core_json, kernel);
    std::snprintf(t_crash_prefix, sizeof(t_crash_prefix), "TTSIM-FAULT {\"kind\":\"crash\",%s,\"signal\":",
                  t_location.c_str());
}

void raise_fault(const std::string& kind, const std::string& message, const std::vector<FaultField>& fields,
                 int exit_code) {
    if (running_kernel() != nullptr) {
        record_kernel_fault(kind, message, fields, exit_code);
        throw KernelStopped{};
    }
    g_fault_mutex.lock();  // never released: the process exits with this fault
    print_and_exit(fault_line(kind, t_location, message, fields), exit_code);
}

void record_kernel_fault(const std::string& kind, const std::string& message, const std::vector<FaultField>& fields,
                         int exit_code) {
    record(*running_kernel(), fault_line(kind, t_location, message, fields), exit_code);
}

void record_core_fault(const KernelRun& culprit, const std::string& kind, const std::string& message,
                       const std::vector<FaultField>& fields, int exit_code) {
    const std::string location = location_json(culprit.core->json(), culprit.name);
    record(culprit, fault_line(kind, location, message, fields), exit_code);
}

bool core_faulted(const Core& core) {
    std::lock_guard<std::mutex> lock(g_fault_mutex);
    for (const RecordedFault& fault : g_recorded) {
        if (fault.core_y == core.y && fault.core_x == core.x) {
            return true;
        }
    }
    return false;
}

void exit_on_recorded_fault() {
    g_fault_mutex.lock();
    const auto order = [](const RecordedFault& fault) {
        return std::make_tuple(fault.core_y, fault.core_x, fault.kernel);
    };
    const auto first = std::min_element(g_recorded.begin(), g_recorded.end(),
                                        [&](const RecordedFault& a, const RecordedFault& b) { return order(a) < order(b); });
    if (first == g_recorded.end()) {
        g_fault_mutex.unlock();
        return;
    }
    print_and_exit(first->line, first->exit_code);  // the mutex stays held: nothing else prints
}

void warn(const std::string& kind, const std::string& message, const std::vector<FaultField>& fields) {
    const std::string line = report_line("WARNING", kind, "", message, fields);
    std::lock_guard<std::mutex> lock(g_fault_mutex);
    write_all(line.data(), line.size());
}

void host_fault(const std::string& kind, const std::string& message) { raise_fault(kind, message); }

}  // namespace ttsim
