// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/exp.h: exp, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

template <bool approx = false, uint32_t scale = 0x3F800000, InputClamping input_clamping = InputClamping::ClampToNegative, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void exp_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:exp", 0, "exp_tile_init", 0);
}

template <bool approx = false, bool scale_en = false, InputClamping input_clamping = InputClamping::ClampToNegative, int iterations = 8, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void exp_tile(uint32_t idst, VectorMode vector_mode = VectorMode::RC, uint16_t scale = p_sfpu::kCONST_1_FP16B) {
    (void)vector_mode;
    (void)scale;
    ttsim::sfpu_unary("exp", idst, "exp_tile");
}

#ifndef TTSIM_RUNTIME
#define exp_tile_init TTSIM_TAG_LINE(exp_tile_init)
#define exp_tile TTSIM_TAG_LINE(exp_tile)
#endif
