// Emulated api/compute/reconfig_data_format.h (tt-metal v0.81.1): the calls that reprogram the
// data formats of srcA, srcB (unpacker and math) and the packer for another CB's format. The real
// common.h reaches this header through the compute-kernel sentinel; so does the emulated one.
//
// The two-source overloads take (icb0, icb1) in natural order and honour src_order as start-up
// does (Reverse: icb0 -> srcB, icb1 -> srcA). The conditional (old, new) overloads reprogram only
// when the old CB's format differs from the new one's: a stale `old` claim skips a needed
// reconfig, as on hardware (ttsim/config.h, runtime/config.cpp).
#pragma once

#include "api/compute/compute_types.h"
#include "ttsim/config.h"

template <SrcOrder src_order = SrcOrder::Regular>
inline void reconfig_data_format(const std::uint32_t icb0_new_operand, const std::uint32_t icb1_new_operand) {
    constexpr bool reverse = src_order == SrcOrder::Reverse;
    ttsim::config_reconfig(ttsim::kSrcA | ttsim::kSrcB, reverse ? icb1_new_operand : icb0_new_operand,
                           reverse ? icb0_new_operand : icb1_new_operand, "reconfig_data_format");
}

template <SrcOrder src_order = SrcOrder::Regular>
inline void reconfig_data_format(const std::uint32_t icb0_old_operand, const std::uint32_t icb0_new_operand,
                                 const std::uint32_t icb1_old_operand, const std::uint32_t icb1_new_operand) {
    constexpr bool reverse = src_order == SrcOrder::Reverse;
    ttsim::config_reconfig(ttsim::kSrcA | ttsim::kSrcB, reverse ? icb1_new_operand : icb0_new_operand,
                           reverse ? icb0_new_operand : icb1_new_operand, "reconfig_data_format",
                           reverse ? icb1_old_operand : icb0_old_operand,
                           reverse ? icb0_old_operand : icb1_old_operand);
}

inline void reconfig_data_format_srca(const std::uint32_t srca_new_operand) {
    ttsim::config_reconfig(ttsim::kSrcA, srca_new_operand, ttsim::kNoCb, "reconfig_data_format_srca");
}

inline void reconfig_data_format_srca(const std::uint32_t srca_old_operand, const std::uint32_t srca_new_operand) {
    ttsim::config_reconfig(ttsim::kSrcA, srca_new_operand, ttsim::kNoCb, "reconfig_data_format_srca",
                           srca_old_operand);
}

inline void reconfig_data_format_srcb(const std::uint32_t srcb_new_operand) {
    ttsim::config_reconfig(ttsim::kSrcB, ttsim::kNoCb, srcb_new_operand, "reconfig_data_format_srcb");
}

inline void reconfig_data_format_srcb(const std::uint32_t srcb_old_operand, const std::uint32_t srcb_new_operand) {
    ttsim::config_reconfig(ttsim::kSrcB, ttsim::kNoCb, srcb_new_operand, "reconfig_data_format_srcb", ttsim::kNoCb,
                           srcb_old_operand);
}

template <bool is_tile_dim_reconfig_en = false>
inline void pack_reconfig_data_format(const std::uint32_t new_cb_id) {
    ttsim::config_reconfig(ttsim::kPack, new_cb_id, ttsim::kNoCb, "pack_reconfig_data_format");
}

template <bool is_tile_dim_reconfig_en = false>
inline void pack_reconfig_data_format(const std::uint32_t old_cb_id, const std::uint32_t new_cb_id) {
    ttsim::config_reconfig(ttsim::kPack, new_cb_id, ttsim::kNoCb, "pack_reconfig_data_format", old_cb_id);
}

// The real reconfig calls take no call_line: the emulated ones are tagged with their line.
#ifndef TTSIM_RUNTIME
#define reconfig_data_format TTSIM_TAG_LINE(reconfig_data_format)
#define reconfig_data_format_srca TTSIM_TAG_LINE(reconfig_data_format_srca)
#define reconfig_data_format_srcb TTSIM_TAG_LINE(reconfig_data_format_srcb)
#define pack_reconfig_data_format TTSIM_TAG_LINE(pack_reconfig_data_format)
#endif
