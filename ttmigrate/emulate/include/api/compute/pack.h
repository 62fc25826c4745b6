// Emulated api/compute/pack.h. pack_tile packs DST[ifrom_dst] into the next reserved page at the
// back of `icb` (page offset = number of pack_tile calls since the last cb_push_back), or at
// `output_tile_index` when out of order; float32 -> bfloat16 rounds to nearest even.
#pragma once

#include "api/compute/compute_types.h"
#include "ttsim/config.h"

namespace ttsim {
void pack_tile(std::uint32_t ifrom_dst, std::uint32_t icb, bool out_of_order, std::uint32_t output_tile_index);
}  // namespace ttsim

template <bool out_of_order_output = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void pack_tile(std::uint32_t ifrom_dst, std::uint32_t icb, std::uint32_t output_tile_index = 0) {
    ttsim::config_pack(icb);
    ttsim::pack_tile(ifrom_dst, icb, out_of_order_output, output_tile_index);
}

#ifndef TTSIM_RUNTIME
#define pack_tile TTSIM_TAG_LINE(pack_tile)
#endif
