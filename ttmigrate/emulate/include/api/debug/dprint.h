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
