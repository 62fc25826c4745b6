// Emulated compute_kernel_api/bcast.h. BroadcastType::ROW broadcasts the first row of B across
// all rows, COL the first column across all columns, SCALAR element (0, 0).
// DST[idst] = A op broadcast(B) (overwrites DST[idst]).
#pragma once

#include "compute_kernel_api/common.h"

enum class BroadcastType { NONE, ROW, COL, SCALAR };
enum class EltwiseBinaryType { ELWADD, ELWSUB, ELWMUL };

namespace ttsim {
void binary_bcast(EltwiseBinaryType op, BroadcastType bcast, std::uint32_t icb0, std::uint32_t icb1,
                  std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst);
}  // namespace ttsim

template <EltwiseBinaryType op, BroadcastType bcast>
inline void init_bcast(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t ocb) {
    (void)icb0;
    (void)icb1;
    (void)ocb;
}

template <BroadcastType bcast>
inline void add_tiles_bcast(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                            std::uint32_t idst) {
    ttsim::binary_bcast(EltwiseBinaryType::ELWADD, bcast, icb0, icb1, itile0, itile1, idst);
}

template <BroadcastType bcast>
inline void sub_tiles_bcast(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                            std::uint32_t idst) {
    ttsim::binary_bcast(EltwiseBinaryType::ELWSUB, bcast, icb0, icb1, itile0, itile1, idst);
}

template <BroadcastType bcast>
inline void mul_tiles_bcast(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                            std::uint32_t idst) {
    ttsim::binary_bcast(EltwiseBinaryType::ELWMUL, bcast, icb0, icb1, itile0, itile1, idst);
}

inline void add_bcast_rows_init_short(std::uint32_t icb0, std::uint32_t icb1) {
    (void)icb0;
    (void)icb1;
}

inline void add_bcast_cols_init_short(std::uint32_t icb0, std::uint32_t icb1) {
    (void)icb0;
    (void)icb1;
}

inline void add_tiles_bcast_rows(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                                 std::uint32_t idst) {
    add_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst);
}

inline void add_tiles_bcast_cols(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                                 std::uint32_t idst) {
    add_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
