// Emulated compute_kernel_api/eltwise_unary/exp.h: DST[idst] = exp(DST[idst]) in float32 (the
// approximation template flags are accepted and ignored: the emulator always computes exactly).
#pragma once

#include "compute_kernel_api/common.h"

namespace ttsim {
void exp_tile(std::uint32_t idst);
}  // namespace ttsim

template <bool approx = false, bool fast_and_approx = true>
inline void exp_tile_init() {}

template <bool approx = false, bool fast_and_approx = true>
inline void exp_tile(std::uint32_t idst) {
    ttsim::exp_tile(idst);
}
