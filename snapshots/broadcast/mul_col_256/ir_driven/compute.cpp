// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/broadcast/mul_col_256.py
// kernel sha256: 0d24edfc1c024dc260b302a767bd6df39767f1a1b154cc5f10afa6cb568e85e8
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/bcast.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_s_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_C_local = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_A_shared, cb_s_shared, cb_C_local);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 1);
        cb_wait_front(cb_s_shared, 1);
        tile_regs_acquire();
        mul_bcast_cols_init(cb_A_shared, cb_s_shared);
        mul_tiles_bcast_cols(cb_A_shared, cb_s_shared, 0, 0, 0);
        cb_pop_front(cb_A_shared, 1);
        cb_pop_front(cb_s_shared, 1);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_C_local, 1);
        pack_tile(0, cb_C_local);
        cb_push_back(cb_C_local, 1);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
