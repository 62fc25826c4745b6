// Emulated api/compile_time_args.h (tt-metal v0.81.1): the host's `compile_args` of a kernel,
// baked in as constants. The runtime compiles each CreateKernel with
// KERNEL_COMPILE_TIME_ARGS set to its config's compile_args, as tt-metal's kernel build does, so
// get_compile_time_arg_val(i) is a constant expression (usable in templates and constexpr).
#pragma once

#include <array>
#include <cstdint>

#ifndef KERNEL_COMPILE_TIME_ARGS
#define KERNEL_COMPILE_TIME_ARGS
#endif

namespace ttsim {
template <class T, class... Ts>
constexpr std::array<T, sizeof...(Ts)> make_compile_time_array(Ts... values) {
    return {T(values)...};
}
}  // namespace ttsim

constexpr auto kernel_compile_time_args = ttsim::make_compile_time_array<std::uint32_t>(KERNEL_COMPILE_TIME_ARGS);

template <std::uint32_t Idx>
constexpr std::uint32_t get_ct_arg() {
    static_assert(Idx < kernel_compile_time_args.size(),
                  "get_compile_time_arg_val: index past the end of the host's compile_args");
    return kernel_compile_time_args[Idx];
}

#define get_compile_time_arg_val(arg_idx) get_ct_arg<arg_idx>()
