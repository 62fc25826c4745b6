// Emulated api/compute/compute_kernel_hw_startup.h: the one-time hardware configuration at the
// start of a compute kernel. The emulator has no unpacker or math engine to program, so it records
// that start-up ran (once, before any init or op, outside a DST-held section: ttsim/config.h).
#pragma once

#include "api/compute/compute_types.h"
#include "ttsim/config.h"

template <SrcOrder src_order = SrcOrder::Regular>
inline void compute_kernel_hw_startup(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t ocb) {
    ttsim::hw_startup(icb0, icb1, ocb, src_order == SrcOrder::Reverse);
}

inline void compute_kernel_hw_startup(std::uint32_t icb0, std::uint32_t ocb) { compute_kernel_hw_startup(icb0, icb0, ocb); }

#ifndef TTSIM_RUNTIME
#define compute_kernel_hw_startup TTSIM_TAG_LINE(compute_kernel_hw_startup)
#endif
