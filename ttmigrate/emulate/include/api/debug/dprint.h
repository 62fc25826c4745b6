// Emulated api/debug/dprint.h (tt-metal v0.81.1): DPRINT(format, args...) with {fmt} placeholders,
// printed at once on the host's stdout, each line tagged with the core and kernel that printed it
// (the device print server's role).
#pragma once

#include <string>

#include <fmt/format.h>

namespace ttsim {
void device_print(const std::string& text);
}  // namespace ttsim

#define DPRINT(fmt_string, ...) ::ttsim::device_print(::fmt::format(fmt_string, ##__VA_ARGS__))
#define DEVICE_PRINT(fmt_string, ...) DPRINT(fmt_string, ##__VA_ARGS__)
// The per-RISC forms: a compute kernel is one thread here (hardware's unpack, math and pack RISCs
// run the same source), so each prints once; the data-movement forms print from the kernel that
// calls them.
#define DPRINT_UNPACK(fmt_string, ...) DPRINT(fmt_string, ##__VA_ARGS__)
#define DPRINT_MATH(fmt_string, ...) DPRINT(fmt_string, ##__VA_ARGS__)
#define DPRINT_PACK(fmt_string, ...) DPRINT(fmt_string, ##__VA_ARGS__)
#define DPRINT_DATA0(fmt_string, ...) DPRINT(fmt_string, ##__VA_ARGS__)
#define DPRINT_DATA1(fmt_string, ...) DPRINT(fmt_string, ##__VA_ARGS__)
