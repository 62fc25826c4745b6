// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/relu.h: relu, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void relu_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:relu", 0, "relu_tile_init", 0);
}

inline void relu_tile(uint32_t idst) {
    ttsim::sfpu_unary("relu", idst, "relu_tile");
}

#ifndef TTSIM_RUNTIME
#define relu_tile_init TTSIM_TAG_LINE(relu_tile_init)
#define relu_tile TTSIM_TAG_LINE(relu_tile)
#endif
