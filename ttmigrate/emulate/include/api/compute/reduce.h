// Emulated api/compute/reduce.h.
//
// reduce_tile accumulates into DST as on hardware (call it once per input tile with the same
// idst to reduce across tiles). With s = element (0, 0) of the scaler tile (Metalium's reduce
// scaler tile holds one value in the first row of every face):
//   SUM/AVG, REDUCE_ROW:    DST[r][0] += s * sum_c A[r][c]
//   SUM/AVG, REDUCE_COL:    DST[0][c] += s * sum_r A[r][c]
//   SUM/AVG, REDUCE_SCALAR: DST[0][0] += s * sum A
//   MAX: the same positions get max(previous, s * max A); the first reduce into a DST tile after
//   tile_regs_acquire() takes the maximum alone (the zeroed DST does not take part).
// Other DST positions are left as they were.
#pragma once

#include "api/compute/common.h"

namespace ttsim {
void reduce_tile(PoolType reduce_type, ReduceDim reduce_dim, std::uint32_t icb, std::uint32_t icb_scaler,
                 std::uint32_t itile, std::uint32_t itile_scaler, std::uint32_t idst);
// The registry's ConfigState.math ("reduce:<pool>:<dim>") and uninit_skip_key ("reduce:<dim>").
const char* reduce_math(PoolType pool, ReduceDim dim);
const char* reduce_uninit_skip(ReduceDim dim);
}  // namespace ttsim

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void reduce_init(std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t ocb,
                        std::uint32_t call_line = __builtin_LINE()) {
    (void)icb, (void)icb_scaler, (void)ocb;
    ttsim::config_init(ttsim::Engine::Fpu, ttsim::reduce_math(reduce_type, reduce_dim), 0, "reduce_init", call_line,
                       "reduce_uninit", ttsim::reduce_uninit_skip(reduce_dim));
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
}

#ifndef TTSIM_RUNTIME
#define reduce_tile TTSIM_TAG_LINE(reduce_tile)
#define reduce_uninit TTSIM_TAG_LINE(reduce_uninit)
#endif
