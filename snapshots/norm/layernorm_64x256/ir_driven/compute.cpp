// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/norm/layernorm_64x256.py
// kernel sha256: 79b9fd892327492da1f364fce48cf0da8cfddd73f6de23e62650e8f36d1c8169
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/bcast.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/reduce.h"
#include "api/compute/eltwise_unary/rsqrt.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_X_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_W_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_2;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_3;
    constexpr uint32_t cb_x = tt::CBIndex::c_16;
    constexpr uint32_t cb_d2 = tt::CBIndex::c_24;
    constexpr uint32_t cb_mean = tt::CBIndex::c_25;
    constexpr uint32_t cb_var = tt::CBIndex::c_26;
    constexpr uint32_t cb_tmp0 = tt::CBIndex::c_27;
    constexpr uint32_t cb_tmp1 = tt::CBIndex::c_28;
    constexpr uint32_t cb_tmp2 = tt::CBIndex::c_29;
    constexpr uint32_t cb_tmp3 = tt::CBIndex::c_30;

    compute_kernel_hw_startup(cb_X_shared, cb_X_shared, cb_x);
    cb_wait_front(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_X_shared, 8);
        for (uint32_t c = 0; c < 8; c += 4) {
            tile_regs_acquire();
            copy_init(cb_X_shared);
            for (uint32_t t = 0; t < 4; ++t) {
                copy_tile(cb_X_shared, c + t, t);
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
        cb_pop_front(cb_X_shared, 8);
        cb_wait_front(cb_tmp0, 8);
        tile_regs_acquire();
        reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_tmp0, cb_reduce_scaler, cb_mean);
        for (uint32_t tc = 0; tc < 8; ++tc) {
            reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_tmp0, cb_reduce_scaler, tc, 0, 0);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_mean, 1);
        pack_tile(0, cb_mean);
        cb_push_back(cb_mean, 1);
        tile_regs_release();
        cb_wait_front(cb_mean, 1);
        reduce_uninit(cb_tmp0);
        for (uint32_t c = 0; c < 8; c += 4) {
            tile_regs_acquire();
            sub_bcast_cols_init(cb_tmp0, cb_mean);
            for (uint32_t t = 0; t < 4; ++t) {
                sub_tiles_bcast_cols(cb_tmp0, cb_mean, c + t, 0, t);
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
        cb_pop_front(cb_tmp0, 8);
        cb_wait_front(cb_tmp1, 8);
        for (uint32_t c = 0; c < 8; c += 4) {
            tile_regs_acquire();
            mul_init(cb_tmp1, cb_tmp1, false);
            for (uint32_t t = 0; t < 4; ++t) {
                mul_tiles(cb_tmp1, cb_tmp1, c + t, c + t, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_d2, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_d2);
            }
            cb_push_back(cb_d2, 4);
            tile_regs_release();
        }
        cb_wait_front(cb_d2, 8);
        tile_regs_acquire();
        reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_d2, cb_reduce_scaler, cb_var);
        for (uint32_t tc = 0; tc < 8; ++tc) {
            reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_d2, cb_reduce_scaler, tc, 0, 0);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_var, 1);
        pack_tile(0, cb_var);
        cb_push_back(cb_var, 1);
        tile_regs_release();
        cb_wait_front(cb_var, 1);
        tile_regs_acquire();
        reduce_uninit(cb_d2);
        copy_init(cb_var);
        copy_tile(cb_var, 0, 0);
        binop_with_scalar_tile_init();
        add_unary_tile(0, 0x3727C5ACu);
        rsqrt_tile_init();
        rsqrt_tile(0);
        cb_pop_front(cb_var, 1);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_var, 1);
        pack_tile(0, cb_var);
        cb_push_back(cb_var, 1);
        tile_regs_release();
        cb_wait_front(cb_var, 1);
        cb_wait_front(cb_W_shared, 8);
        cb_wait_front(cb_B_shared, 8);
        for (uint32_t c = 0; c < 8; c += 4) {
            tile_regs_acquire();
            mul_bcast_cols_init(cb_tmp1, cb_var);
            for (uint32_t t = 0; t < 4; ++t) {
                mul_tiles_bcast_cols(cb_tmp1, cb_var, c + t, 0, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp2, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_tmp2);
            }
            cb_push_back(cb_tmp2, 4);
            tile_regs_release();
            cb_wait_front(cb_tmp2, 4);
            tile_regs_acquire();
            mul_bcast_rows_init(cb_tmp2, cb_W_shared);
            for (uint32_t t = 0; t < 4; ++t) {
                mul_tiles_bcast_rows(cb_tmp2, cb_W_shared, t, (c + t) % 8, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp3, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_tmp3);
            }
            cb_push_back(cb_tmp3, 4);
            tile_regs_release();
            cb_wait_front(cb_tmp3, 4);
            tile_regs_acquire();
            add_bcast_rows_init(cb_tmp3, cb_B_shared);
            for (uint32_t t = 0; t < 4; ++t) {
                add_tiles_bcast_rows(cb_tmp3, cb_B_shared, t, (c + t) % 8, t);
            }
            cb_pop_front(cb_tmp2, 4);
            cb_pop_front(cb_tmp3, 4);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_x, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_x);
            }
            cb_push_back(cb_x, 4);
            tile_regs_release();
        }
        cb_pop_front(cb_W_shared, 8);
        cb_pop_front(cb_B_shared, 8);
        cb_pop_front(cb_tmp1, 8);
        cb_pop_front(cb_mean, 1);
        cb_pop_front(cb_d2, 8);
        cb_pop_front(cb_var, 1);
    }
    cb_pop_front(cb_reduce_scaler, 1);
}
}  // namespace NAMESPACE
