// Emulated api/compute/eltwise_unary/relu.h: DST[idst] = max(DST[idst], 0).
#pragma once

#include "api/compute/common.h"

inline void relu_tile_init() {}

inline void relu_tile(std::uint32_t idst) { ttsim::sfpu_unary(ttsim::SfpuOp::relu, idst, "relu_tile"); }
