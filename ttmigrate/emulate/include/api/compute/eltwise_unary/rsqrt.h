// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/rsqrt.h: rsqrt, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void rsqrt_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:rsqrt", 0, "rsqrt_tile_init", 0);
}

template <RsqrtMode mode = RsqrtMode::Default, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void rsqrt_tile(uint32_t idst) {
    ttsim::sfpu_unary("rsqrt", idst, "rsqrt_tile");
}

#ifndef TTSIM_RUNTIME
#define rsqrt_tile_init TTSIM_TAG_LINE(rsqrt_tile_init)
#define rsqrt_tile TTSIM_TAG_LINE(rsqrt_tile)
#endif
