// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_binary_sfpu.h: add_binary, sub_binary, mul_binary, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void add_binary_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:add_binary", 0, "add_binary_tile_init", 0);
}

template <ckernel::DstRoundingMode dst_rounding_mode = ckernel::DstRoundingMode::Default, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttsim::sfpu_binary("add_binary", idst0, idst1, odst, "add_binary_tile");
}

inline void sub_binary_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:sub_binary", 0, "sub_binary_tile_init", 0);
}

template <ckernel::DstRoundingMode dst_rounding_mode = ckernel::DstRoundingMode::Default, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttsim::sfpu_binary("sub_binary", idst0, idst1, odst, "sub_binary_tile");
}

inline void mul_binary_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:mul_binary", 0, "mul_binary_tile_init", 0);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttsim::sfpu_binary("mul_binary", idst0, idst1, odst, "mul_binary_tile");
}

#ifndef TTSIM_RUNTIME
#define add_binary_tile_init TTSIM_TAG_LINE(add_binary_tile_init)
#define sub_binary_tile_init TTSIM_TAG_LINE(sub_binary_tile_init)
#define mul_binary_tile_init TTSIM_TAG_LINE(mul_binary_tile_init)
#define add_binary_tile TTSIM_TAG_LINE(add_binary_tile)
#define sub_binary_tile TTSIM_TAG_LINE(sub_binary_tile)
#define mul_binary_tile TTSIM_TAG_LINE(mul_binary_tile)
#endif
