// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/recip.h: recip, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

template <ReciprocalDestAcc dest_acc = DST_ACCUM_MODE ? ReciprocalDestAcc::FP32 : ReciprocalDestAcc::BF16, ReciprocalApproxMode approximation = ReciprocalApproxMode::Default>
inline void recip_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:recip", 0, "recip_tile_init", 0);
}

template <ReciprocalDestAcc dest_acc = DST_ACCUM_MODE ? ReciprocalDestAcc::FP32 : ReciprocalDestAcc::BF16, ReciprocalApproxMode approximation = ReciprocalApproxMode::Default>
inline void recip_tile(uint32_t idst, VectorMode vector_mode = VectorMode::RC) {
    (void)vector_mode;
    ttsim::sfpu_unary("recip", idst, "recip_tile");
}

#ifndef TTSIM_RUNTIME
#define recip_tile_init TTSIM_TAG_LINE(recip_tile_init)
#define recip_tile TTSIM_TAG_LINE(recip_tile)
#endif
