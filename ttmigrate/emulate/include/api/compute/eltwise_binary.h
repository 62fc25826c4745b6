// Emulated api/compute/eltwise_binary.h: DST[idst] = a op b (overwrites DST[idst]).
#pragma once

#include "api/compute/common.h"

namespace ttsim {
void binary_tiles(EltwiseBinaryType op, BroadcastType bcast, std::uint32_t icb0, std::uint32_t icb1,
                  std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst, const char* call);
}  // namespace ttsim

// The inits program the unpacker and FPU for one op (ttsim/config.h).
inline void add_init(std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false,
                     std::uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1, (void)acc_to_dest;
    ttsim::config_init(ttsim::Engine::Fpu, "eltwise-binary:add", 0, "add_init", call_line);
}
inline void sub_init(std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false,
                     std::uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1, (void)acc_to_dest;
    ttsim::config_init(ttsim::Engine::Fpu, "eltwise-binary:sub", 0, "sub_init", call_line);
}
inline void mul_init(std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = true,
                     std::uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1, (void)acc_to_dest;
    ttsim::config_init(ttsim::Engine::Fpu, "eltwise-binary:mul", 0, "mul_init", call_line);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                      std::uint32_t idst) {
    ttsim::config_unpack(__func__, icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWADD, BroadcastType::NONE, icb0, icb1, itile0, itile1, idst, "add_tiles");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                      std::uint32_t idst) {
    ttsim::config_unpack(__func__, icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWSUB, BroadcastType::NONE, icb0, icb1, itile0, itile1, idst, "sub_tiles");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1,
                      std::uint32_t idst) {
    ttsim::config_unpack(__func__, icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWMUL, BroadcastType::NONE, icb0, icb1, itile0, itile1, idst, "mul_tiles");
}

#ifndef TTSIM_RUNTIME
#define add_tiles TTSIM_TAG_LINE(add_tiles)
#define sub_tiles TTSIM_TAG_LINE(sub_tiles)
#define mul_tiles TTSIM_TAG_LINE(mul_tiles)
#endif
