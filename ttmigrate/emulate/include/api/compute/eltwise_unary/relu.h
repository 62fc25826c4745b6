// Generated from the op registry (ttmigrate/ops/registry.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/eltwise_unary/relu.h: DST[idst] = relu(DST[idst]) in float32 (approximation
// template flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void relu_tile_init() {
}

inline void relu_tile(uint32_t idst) {
    ttsim::sfpu_unary("relu", idst, "relu_tile");
}
