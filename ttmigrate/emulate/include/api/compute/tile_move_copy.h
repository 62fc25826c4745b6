// Emulated api/compute/tile_move_copy.h: DST[dst_tile_index] = tile.
#pragma once

#include "api/compute/common.h"

namespace ttsim {
void copy_tile(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index);
}  // namespace ttsim

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void copy_init(std::uint32_t cbid, std::uint32_t transpose = 0, std::uint32_t transpose_within_16x16_face = false,
                      std::uint32_t call_line = __builtin_LINE()) {
    (void)cbid, (void)transpose_within_16x16_face;
    ttsim::config_init(ttsim::Engine::Fpu, "datacopy", transpose, "copy_init", call_line);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void copy_tile(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    ttsim::config_unpack("copy_tile", in_cb_id, ttsim::kNoCb);  // unpacked to srcA
    ttsim::copy_tile(in_cb_id, in_tile_index, dst_tile_index);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated("Renamed to copy_init(). This will be removed after 20-09-2026.")]] inline void copy_tile_init(
    std::uint32_t cbid, std::uint32_t call_line = __builtin_LINE()) {
    copy_init<is_fp32_dest_acc_en>(cbid, 0, false, call_line);
}

#ifndef TTSIM_RUNTIME
#define copy_tile TTSIM_TAG_LINE(copy_tile)
#endif
