// Emulated api/compute/reg_api.h: the DST register protocol. DST holds 16 tiles of float32
// (logical row-major 32x32); tile_regs_acquire() zeroes it.
#pragma once

#include "api/compute/compute_types.h"

namespace ttsim {
void tile_regs_acquire();
void tile_regs_step(const char* call);
}  // namespace ttsim

inline void tile_regs_acquire() { ttsim::tile_regs_acquire(); }
inline void tile_regs_wait() { ttsim::tile_regs_step("tile_regs_wait"); }

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void tile_regs_commit() {
    ttsim::tile_regs_step("tile_regs_commit");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void tile_regs_release() {
    ttsim::tile_regs_step("tile_regs_release");
}
