// Fault reporting: one machine-readable `TTSIM-FAULT {json}` line on stderr, then exit. Crashes
// (signals) and uncaught host exceptions are reported the same way.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <unistd.h>

#include "internal.h"

namespace ttsim {
namespace {

std::mutex g_fault_mutex;
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
    raise_fault("uncaught-exception", message);
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
    t_location = "\"core\":" + core_json + ",\"kernel\":" + json_string(kernel);
    std::snprintf(t_crash_prefix, sizeof(t_crash_prefix), "TTSIM-FAULT {\"kind\":\"crash\",%s,\"signal\":",
                  t_location.c_str());
}

void raise_fault(const std::string& kind, const std::string& message, const std::vector<FaultField>& fields,
                 int exit_code) {
    g_fault_mutex.lock();  // never released: the first fault wins and the process exits
    std::string line = "TTSIM-FAULT {\"kind\":" + json_string(kind) + "," + t_location;
    line += ",\"message\":" + json_string(message);
    for (const FaultField& item : fields) {
        line += "," + json_string(item.key) + ":" + item.json;
    }
    line += "}\n";
    std::fflush(stdout);
    write_all(line.data(), line.size());
    std::_Exit(exit_code);
}

void warn(const std::string& kind, const std::string& message, const std::vector<FaultField>& fields) {
    std::lock_guard<std::mutex> lock(g_fault_mutex);
    std::string line = "TTSIM-WARNING {\"kind\":" + json_string(kind) + ",\"message\":" + json_string(message);
    for (const FaultField& item : fields) {
        line += "," + json_string(item.key) + ":" + item.json;
    }
    line += "}\n";
    write_all(line.data(), line.size());
}

void host_fault(const std::string& kind, const std::string& message) { raise_fault(kind, message); }

}  // namespace ttsim
