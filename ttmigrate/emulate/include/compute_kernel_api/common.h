// Emulated compute_kernel_api common part: CB access, DST register protocol and pack_tile.
//
// DST holds 16 tiles of float32 (logical row-major 32x32). tile_regs_acquire() zeroes it.
// pack_tile rounds float32 to bfloat16 with round-to-nearest-even when the output CB is Float16_b.
#pragma once

#include <cstdint>

#include "ttsim/kernel_api.h"

void tile_regs_acquire();
void tile_regs_commit();
void tile_regs_wait();
void tile_regs_release();

namespace ttsim {
void pack_tile(std::uint32_t ifrom_dst, std::uint32_t icb, bool out_of_order, std::uint32_t output_tile_index);
}  // namespace ttsim

// Packs DST[ifrom_dst] into the next reserved page at the back of `icb` (page offset = number of
// pack_tile calls since the last cb_push_back), or at `output_tile_index` when out of order.
template <bool out_of_order_output = false>
inline void pack_tile(std::uint32_t ifrom_dst, std::uint32_t icb, std::uint32_t output_tile_index = 0) {
    ttsim::pack_tile(ifrom_dst, icb, out_of_order_output, output_tile_index);
}
