// Emulated api/compute/reduce.h.
//
// reduce_tile accumulates into DST as on hardware (call it once per input tile with the same
// idst to reduce across tiles). The scaler tile is read where the hardware reads it: the first row
// of each of its four 16x16 faces (rows 0 and 16 of the tile). Those 64 values must all be one
// value s (as tt-metal's generate_reduce_scaler writes them), else a `reduce-scaler` fault: a
// scaler that only sets element (0, 0), or a tile never written, is caught. Then:
//   SUM/AVG, REDUCE_ROW:    DST[r][0] += s * sum_c A[r][c]
//   SUM/AVG, REDUCE_COL:    DST[0][c] += s * sum_r A[r][c]
//   SUM/AVG, REDUCE_SCALAR: DST[0][0] += s * sum A
//   MAX: the same positions get max(previous, s * max A); the first reduce into a DST tile after
//   tile_regs_acquire() takes the maximum alone (the zeroed DST does not take part).
// Every other position of DST[idst] is undefined after a reduce: the emulator poisons it (NaN), so
// code that reads it from DST is wrong on every run, never right by luck. reduce_init programs the
// packer mask for `ocb`: a tile packed into `ocb` before reduce_uninit has zeros there instead
// (v0.81.1's packer-zeroing contract); packed anywhere else, or after reduce_uninit, the NaNs go out.
#pragma once

#include "api/compute/common.h"

namespace ttsim {
void reduce_tile(PoolType reduce_type, ReduceDim reduce_dim, std::uint32_t icb, std::uint32_t icb_scaler,
                 std::uint32_t itile, std::uint32_t itile_scaler, std::uint32_t idst);
// The registry's ConfigState.math ("reduce:<pool>:<dim>") and uninit_skip_key ("reduce:<dim>").
const char* reduce_math(PoolType pool, ReduceDim dim);
const char* reduce_uninit_skip(ReduceDim dim);
void reduce_pack_mask(ReduceDim dim, std::uint32_t ocb);  // set by reduce_init, -1 clears
void reduce_pack_mask_clear();
}  // namespace ttsim

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void reduce_init(std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t ocb,
                        std::uint32_t call_line = __builtin_LINE()) {
    (void)icb, (void)icb_scaler;
    ttsim::config_init(ttsim::Engine::Fpu, ttsim::reduce_math(reduce_type, reduce_dim), 0, "reduce_init", call_line,
                       "reduce_uninit", ttsim::reduce_uninit_skip(reduce_dim));
    ttsim::reduce_pack_mask(reduce_dim, ocb);
}

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void reduce_tile(std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t itile, std::uint32_t itile_scaler,
                        std::uint32_t idst) {
    // reduce.h: REDUCE_ROW SUM/AVG unpacks the scaler to srcA and the data to srcB
    constexpr bool swap = reduce_dim == ReduceDim::REDUCE_ROW && reduce_type != PoolType::MAX;
    ttsim::config_unpack("reduce_tile", swap ? icb_scaler : icb, swap ? icb : icb_scaler);
    ttsim::reduce_tile(reduce_type, reduce_dim, icb, icb_scaler, itile, itile_scaler, idst);
}

// reduce_uninit takes no call_line at this release: the line is the tagged call's (below).
inline void reduce_uninit(std::uint32_t icb = 0) {
    (void)icb;
    ttsim::config_uninit("reduce", "reduce_uninit", 0);
    ttsim::reduce_pack_mask_clear();
}

#ifndef TTSIM_RUNTIME
#define reduce_tile TTSIM_TAG_LINE(reduce_tile)
#define reduce_uninit TTSIM_TAG_LINE(reduce_uninit)
#endif
