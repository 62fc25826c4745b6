// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/softmax/softmax_64x512.py
// kernel sha256: 2309dac348163553ef1a1941c558142acea6df88d65388321efb266725feb3f9
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/bcast.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/reduce.h"
#include "api/compute/eltwise_unary/recip.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_1;
    constexpr uint32_t cb_A_local = tt::CBIndex::c_16;
    constexpr uint32_t cb_row_max = tt::CBIndex::c_24;
    constexpr uint32_t cb_row_sum = tt::CBIndex::c_25;
    constexpr uint32_t cb_tmp0 = tt::CBIndex::c_26;
    constexpr uint32_t cb_tmp1 = tt::CBIndex::c_27;
    constexpr uint32_t cb_tmp2 = tt::CBIndex::c_28;

    compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_A_local);
    cb_wait_front(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 16);
        for (uint32_t c = 0; c < 16; c += 4) {
            tile_regs_acquire();
            copy_init(cb_A_shared);
            for (uint32_t t = 0; t < 4; ++t) {
                copy_tile(cb_A_shared, c + t, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp0, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_tmp0);
            }
            cb_push_back(cb_tmp0, 4);
            tile_regs_release();
        }
        cb_pop_front(cb_A_shared, 16);
        cb_wait_front(cb_tmp0, 16);
        tile_regs_acquire();
        reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_tmp0, cb_reduce_scaler, cb_row_max);
        for (uint32_t tc = 0; tc < 16; ++tc) {
            reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_tmp0, cb_reduce_scaler, tc, 0, 0);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_row_max, 1);
        pack_tile(0, cb_row_max);
        cb_push_back(cb_row_max, 1);
        tile_regs_release();
        cb_wait_front(cb_row_max, 1);
        reduce_uninit(cb_tmp0);
        for (uint32_t c = 0; c < 16; c += 4) {
            tile_regs_acquire();
            sub_bcast_cols_init(cb_tmp0, cb_row_max);
            for (uint32_t t = 0; t < 4; ++t) {
                sub_tiles_bcast_cols(cb_tmp0, cb_row_max, c + t, 0, t);
            }
            exp_tile_init();
            for (uint32_t t = 0; t < 4; ++t) {
                exp_tile(t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp1, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_tmp1);
            }
            cb_push_back(cb_tmp1, 4);
            tile_regs_release();
        }
        cb_pop_front(cb_tmp0, 16);
        cb_wait_front(cb_tmp1, 16);
        tile_regs_acquire();
        reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_tmp1, cb_reduce_scaler, cb_row_sum);
        for (uint32_t tc = 0; tc < 16; ++tc) {
            reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_tmp1, cb_reduce_scaler, tc, 0, 0);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_row_sum, 1);
        pack_tile(0, cb_row_sum);
        cb_push_back(cb_row_sum, 1);
        tile_regs_release();
        cb_wait_front(cb_row_sum, 1);
        reduce_uninit(cb_tmp1);
        tile_regs_acquire();
        copy_init(cb_row_sum);
        copy_tile(cb_row_sum, 0, 0);
        recip_tile_init();
        recip_tile(0);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_tmp2, 1);
        pack_tile(0, cb_tmp2);
        cb_push_back(cb_tmp2, 1);
        tile_regs_release();
        cb_wait_front(cb_tmp2, 1);
        for (uint32_t c = 0; c < 16; c += 4) {
            tile_regs_acquire();
            mul_bcast_cols_init(cb_tmp1, cb_tmp2);
            for (uint32_t t = 0; t < 4; ++t) {
                mul_tiles_bcast_cols(cb_tmp1, cb_tmp2, c + t, 0, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_A_local, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_A_local);
            }
            cb_push_back(cb_A_local, 4);
            tile_regs_release();
        }
        cb_pop_front(cb_tmp2, 1);
        cb_pop_front(cb_tmp1, 16);
        cb_pop_front(cb_row_max, 1);
        cb_pop_front(cb_row_sum, 1);
    }
    cb_pop_front(cb_reduce_scaler, 1);
}
}  // namespace NAMESPACE
