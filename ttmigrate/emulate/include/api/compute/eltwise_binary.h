// Emulated api/compute/eltwise_binary.h: DST[idst] = a op b (overwrites DST[idst]).
#pragma once

#include "api/compute/common.h"

namespace ttsim {
void binary_tiles(EltwiseBinaryType op, BroadcastType bcast, std::uint32_t icb0, std::uint32_t icb1,
                  std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst, const char* call);
}  // namespace ttsim

// The inits program the unpacker and FPU for one op; the emulator keeps no such state.
inline void add_init(std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false,
                     std::uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1, (void)acc_to_dest, (void)call_line;
}
inline void sub_init(std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false,
                     std::uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1, (void)acc_to_dest, (void)call_line;
}
inline void mul_init(std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = true,
                     std::uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1, (void)acc_to_dest, (void)call_line;
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                      std::uint32_t idst) {
    ttsim::binary_tiles(EltwiseBinaryType::ELWADD, BroadcastType::NONE, icb0, icb1, itile0, itile1, idst, "add_tiles");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                      std::uint32_t idst) {
    ttsim::binary_tiles(EltwiseBinaryType::ELWSUB, BroadcastType::NONE, icb0, icb1, itile0, itile1, idst, "sub_tiles");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                      std::uint32_t idst) {
    ttsim::binary_tiles(EltwiseBinaryType::ELWMUL, BroadcastType::NONE, icb0, icb1, itile0, itile1, idst, "mul_tiles");
}
