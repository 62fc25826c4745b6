// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/binop_with_scalar.h: add_scalar, sub_scalar, mul_scalar, div_scalar, rsub_scalar, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void binop_with_scalar_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:binop_with_scalar", 0, "binop_with_scalar_tile_init", 0);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_unary_tile(uint32_t idst, uint32_t param1) {
    ttsim::sfpu_scalar("add_scalar", "sfpu:binop_with_scalar", idst, param1, is_fp32_dest_acc_en, "add_unary_tile");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_unary_tile(uint32_t idst, uint32_t param1) {
    ttsim::sfpu_scalar("sub_scalar", "sfpu:binop_with_scalar", idst, param1, is_fp32_dest_acc_en, "sub_unary_tile");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_unary_tile(uint32_t idst, uint32_t param1) {
    ttsim::sfpu_scalar("mul_scalar", "sfpu:binop_with_scalar", idst, param1, is_fp32_dest_acc_en, "mul_unary_tile");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void div_unary_tile(uint32_t idst, uint32_t param1) {
    ttsim::sfpu_scalar("div_scalar", "sfpu:binop_with_scalar", idst, param1, is_fp32_dest_acc_en, "div_unary_tile");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void rsub_unary_tile(uint32_t idst, uint32_t param1) {
    ttsim::sfpu_scalar("rsub_scalar", "sfpu:binop_with_scalar", idst, param1, is_fp32_dest_acc_en, "rsub_unary_tile");
}

#ifndef TTSIM_RUNTIME
#define binop_with_scalar_tile_init TTSIM_TAG_LINE(binop_with_scalar_tile_init)
#define add_unary_tile TTSIM_TAG_LINE(add_unary_tile)
#define sub_unary_tile TTSIM_TAG_LINE(sub_unary_tile)
#define mul_unary_tile TTSIM_TAG_LINE(mul_unary_tile)
#define div_unary_tile TTSIM_TAG_LINE(div_unary_tile)
#define rsub_unary_tile TTSIM_TAG_LINE(rsub_unary_tile)
#endif
