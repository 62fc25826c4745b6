// Configuration state of the compute engine (runtime/config.cpp): what compute_kernel_hw_startup
// and the *_init calls program into the unpacker, the FPU and the SFPU, checked by every op call.
// Not a tt-metal header: included by the emulated api/compute/*.h only.
//
// The `math` strings are the registry's ConfigState.math of each op (ttmigrate/ops/registry.py);
// tests/test_emulate_config_state.py checks every emulated init and op passes its registry entry's.
#pragma once

#include <cstdint>

namespace ttsim {

enum class Engine { Fpu, Sfpu };  // unpacker + FPU state (copy, binary, bcast, matmul, reduce) / SFPU

// The source line of the compute call being made. The real inits take `call_line =
// __builtin_LINE()`; the real op calls take none, so the op macros at the end of the emulated
// headers record the line of the call with a CallLine temporary.
struct CallLine {
    explicit CallLine(std::uint32_t line);
};
void set_call_line(std::uint32_t line);

void hw_startup(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t ocb);
// An init: `uninit` / `uninit_skip` are the registry's ConfigState.uninit and uninit_skip_key
// joined with ':' (nullptr when the op has none). A pending uninit is skipped when the next init's
// uninit_skip equals the configured one's.
void config_init(Engine engine, const char* math, std::uint32_t transpose, const char* init, std::uint32_t line,
                 const char* uninit = nullptr, const char* uninit_skip = nullptr);
void config_uninit(const char* math_prefix, const char* call, std::uint32_t line);
// An op: faults with `init-state` unless `engine` is configured for `math`.
void config_require(Engine engine, const char* math, const char* call);
// matmul's transpose of B, as configured by matmul_init.
bool config_transpose();

}  // namespace ttsim

// Records the line of an op call (the op's own signature stays the real one): `name(args)` becomes
// `::ttsim::CallLine{__LINE__}, ::name(args)`, which also works for `name<T...>(args)`.
#ifndef TTSIM_RUNTIME
#define TTSIM_TAG_LINE(name) ::ttsim::CallLine{__LINE__}, ::name
#endif
