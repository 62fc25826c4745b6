// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/degenerate/fill_zero_64.py
// kernel sha256: 9f2090566e9967d0788d2e9295177d05897e367d48b42fe6f6ce0ebf847657f0
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_C_local = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_C_local, cb_C_local, cb_C_local);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        tile_regs_acquire();
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_C_local, 1);
        pack_tile(0, cb_C_local);
        cb_push_back(cb_C_local, 1);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
