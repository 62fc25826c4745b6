// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/reduction/row_max_64x1024.py
// kernel sha256: 26c432765439143d7da119507cbcb9ff14b5ca21ccb6e490d3cfe76fb8cc5f36
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/reduce.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_1;
    constexpr uint32_t cb_S_local = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_A_shared, cb_reduce_scaler, cb_S_local);
    cb_wait_front(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 32);
        tile_regs_acquire();
        reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_A_shared, cb_reduce_scaler, cb_S_local);
        for (uint32_t tc = 0; tc < 32; ++tc) {
            reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_A_shared, cb_reduce_scaler, tc, 0, 0);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_S_local, 1);
        pack_tile(0, cb_S_local);
        cb_push_back(cb_S_local, 1);
        tile_regs_release();
        cb_pop_front(cb_A_shared, 32);
    }
    cb_pop_front(cb_reduce_scaler, 1);
}
}  // namespace NAMESPACE
