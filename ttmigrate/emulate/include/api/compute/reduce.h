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
}  // namespace ttsim

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void reduce_init(std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t ocb,
                        std::uint32_t call_line = __builtin_LINE()) {
    (void)icb, (void)icb_scaler, (void)ocb, (void)call_line;
}

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void reduce_tile(std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t itile, std::uint32_t itile_scaler,
                        std::uint32_t idst) {
    ttsim::reduce_tile(reduce_type, reduce_dim, icb, icb_scaler, itile, itile_scaler, idst);
}

inline void reduce_uninit(std::uint32_t icb = 0) { (void)icb; }
