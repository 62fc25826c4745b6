// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/sqrt.h: sqrt, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void sqrt_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:sqrt", 0, "sqrt_tile_init", 0);
}

template <bool FAST_APPROX = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sqrt_tile(uint32_t idst) {
    ttsim::sfpu_unary("sqrt", idst, "sqrt_tile");
}

#ifndef TTSIM_RUNTIME
#define sqrt_tile_init TTSIM_TAG_LINE(sqrt_tile_init)
#define sqrt_tile TTSIM_TAG_LINE(sqrt_tile)
#endif
