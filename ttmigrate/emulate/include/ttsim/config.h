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

// Start-up programs srcA, srcB and the packer for the formats of its CBs; `reverse` is
// SrcOrder::Reverse (icb0 -> srcB, icb1 -> srcA, as matmul unpacks in0 to srcB).
void hw_startup(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t ocb, bool reverse = false);
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

// Data formats. srcA, srcB and the packer each hold the format of the CB they were last
// programmed for, by start-up or by a reconfig call (api/compute/reconfig_data_format.h); the
// inits do not change them (the v0.81.1 sentinel only tracks operands at inits, with injection off
// by default). An op that unpacks a CB of another format, or a pack_tile into a CB of another
// format, is an `init-state` fault naming the missing reconfig call.
constexpr std::uint32_t kNoCb = 0xffffffffu;  // this source is not unpacked by the op
enum Operand : unsigned { kSrcA = 1u, kSrcB = 2u, kPack = 4u };
// A reconfig: `which` operands get the formats of `cb_a` (srcA or the packer) and `cb_b` (srcB).
// `old_a` / `old_b`: the conditional (old, new) overloads reconfigure only when the old CB's
// format differs from the new one's, as the real ones do (kNoCb: unconditional).
void config_reconfig(unsigned which, std::uint32_t cb_a, std::uint32_t cb_b, const char* call,
                     std::uint32_t old_a = kNoCb, std::uint32_t old_b = kNoCb);
// An op unpacking `srca_cb` into srcA and `srcb_cb` into srcB (kNoCb: that source is not used).
void config_unpack(const char* call, std::uint32_t srca_cb, std::uint32_t srcb_cb);
// pack_tile into `ocb`.
void config_pack(std::uint32_t ocb);

}  // namespace ttsim

// Records the line of an op call (the op's own signature stays the real one): `name(args)` becomes
// `::ttsim::CallLine{__LINE__}, ::name(args)`, which also works for `name<T...>(args)`.
#ifndef TTSIM_RUNTIME
#define TTSIM_TAG_LINE(name) ::ttsim::CallLine{__LINE__}, ::name
#endif
