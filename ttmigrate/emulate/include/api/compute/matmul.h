// Emulated api/compute/matmul.h. matmul_init records the transpose flag (init state at this
// release); matmul_tiles accumulates DST[idst] += A * B (B transposed when the last matmul_init
// said so) in float32 and never clears DST.
#pragma once

#include "api/compute/common.h"

namespace ttsim {
void matmul_tiles(std::uint32_t in0_cb_id, std::uint32_t in1_cb_id, std::uint32_t in0_tile_index,
                  std::uint32_t in1_tile_index, std::uint32_t idst);
}  // namespace ttsim

inline void matmul_init(std::uint32_t in0_cb_id, std::uint32_t in1_cb_id, const std::uint32_t transpose = 0,
                        std::uint32_t call_line = __builtin_LINE()) {
    (void)in0_cb_id, (void)in1_cb_id;
    ttsim::config_init(ttsim::Engine::Fpu, "matmul", transpose, "matmul_init", call_line);
}

inline void matmul_tiles(std::uint32_t in0_cb_id, std::uint32_t in1_cb_id, std::uint32_t in0_tile_index,
                         std::uint32_t in1_tile_index, std::uint32_t idst) {
    ttsim::config_unpack("matmul_tiles", in1_cb_id, in0_cb_id);  // matmul.h: in1 -> srcA, in0 -> srcB
    ttsim::matmul_tiles(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst);
}

#ifndef TTSIM_RUNTIME
#define matmul_tiles TTSIM_TAG_LINE(matmul_tiles)
#endif
