// Emulated api/compute/compute_kernel_hw_startup.h: the one-time hardware configuration at the
// start of a compute kernel. The emulator has no unpacker or math engine to program, so it records
// nothing; the configuration-state rules are checked elsewhere.
#pragma once

#include "api/compute/compute_types.h"

template <SrcOrder src_order = SrcOrder::Regular>
inline void compute_kernel_hw_startup(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t ocb) {
    (void)icb0;
    (void)icb1;
    (void)ocb;
}

inline void compute_kernel_hw_startup(std::uint32_t icb0, std::uint32_t ocb) { compute_kernel_hw_startup(icb0, icb0, ocb); }
