// Kernel-side API common to data-movement and compute kernels: runtime arguments and circular
// buffers. Implemented by the emulator runtime (runtime/kernel.cpp); every call acts on the core
// and kernel of the calling thread.
#pragma once

#include <cstdint>
#include <cstring>

#include "ttsim/types.h"

using DataFormat = tt::DataFormat;

namespace ttsim {
std::uint32_t kernel_arg(int arg_idx);
}  // namespace ttsim

// Runtime argument `arg_idx` as set by the host with SetRuntimeArgs for this kernel on this core.
// Reading an index the host never set is reported as a fault.
template <typename T>
inline T get_arg_val(int arg_idx) {
    static_assert(sizeof(T) == sizeof(std::uint32_t), "runtime arguments are 32-bit words");
    const std::uint32_t word = ttsim::kernel_arg(arg_idx);
    T value;
    std::memcpy(&value, &word, sizeof(value));
    return value;
}

// The CB calls, shared by data-movement and compute kernels; the public names are declared by
// api/dataflow/dataflow_api.h and api/compute/cb_api.h with each header's own parameter types.
namespace ttsim {
void cb_reserve_back(std::uint32_t cb_id, std::uint32_t num_pages);
void cb_push_back(std::uint32_t cb_id, std::uint32_t num_pages);
void cb_wait_front(std::uint32_t cb_id, std::uint32_t num_pages);
void cb_pop_front(std::uint32_t cb_id, std::uint32_t num_pages);
std::uint32_t get_write_ptr(std::uint32_t cb_id);
std::uint32_t get_read_ptr(std::uint32_t cb_id);
std::uint32_t get_tile_size(std::uint32_t cb_id);
DataFormat get_dataformat(std::uint32_t cb_id);
}  // namespace ttsim
