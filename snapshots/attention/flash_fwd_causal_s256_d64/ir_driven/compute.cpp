// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/attention/flash_fwd_causal_s256_d64.py
// kernel sha256: 750148a9894a0edb5622efd6ede3b2e82943a0d149fa9200d463188731f7d34d
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/matmul.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/bcast.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/reduce.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_unary/recip.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_Q_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_K_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_V_shared = tt::CBIndex::c_2;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_3;
    constexpr uint32_t cb_causal_mask = tt::CBIndex::c_4;
    constexpr uint32_t cb_O_shared = tt::CBIndex::c_16;
    constexpr uint32_t cb_tmp5 = tt::CBIndex::c_18;
    constexpr uint32_t cb_tmp4 = tt::CBIndex::c_19;
    constexpr uint32_t cb_tmp3 = tt::CBIndex::c_20;
    constexpr uint32_t cb_tmp2 = tt::CBIndex::c_21;
    constexpr uint32_t cb_tmp1 = tt::CBIndex::c_22;
    constexpr uint32_t cb_tmp0 = tt::CBIndex::c_23;
    constexpr uint32_t cb_acc_s = tt::CBIndex::c_24;
    constexpr uint32_t cb_acc_s_cast = tt::CBIndex::c_25;
    constexpr uint32_t cb_acc_o = tt::CBIndex::c_26;
    constexpr uint32_t cb_scores_max = tt::CBIndex::c_27;
    constexpr uint32_t cb_scores_max_prev = tt::CBIndex::c_28;
    constexpr uint32_t cb_scores_scale = tt::CBIndex::c_29;
    constexpr uint32_t cb_scores_sum = tt::CBIndex::c_30;
    constexpr uint32_t cb_logsum = tt::CBIndex::c_31;

    compute_kernel_hw_startup(cb_acc_o, cb_acc_o, cb_acc_o);
    cb_wait_front(cb_causal_mask, 3);
    cb_wait_front(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        uint32_t loop_range =
            4 < (((((bx + 1) * 64) + 64) - 1) / 64) ? 4 : (((((bx + 1) * 64) + 64) - 1) / 64);
        tile_regs_acquire();
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_acc_o, 4);
        for (uint32_t t = 0; t < 4; ++t) {
            pack_tile(t, cb_acc_o);
        }
        cb_push_back(cb_acc_o, 4);
        tile_regs_release();
        cb_wait_front(cb_acc_o, 4);
        tile_regs_acquire();
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_logsum, 2);
        for (uint32_t t = 0; t < 2; ++t) {
            pack_tile(t, cb_logsum);
        }
        cb_push_back(cb_logsum, 2);
        tile_regs_release();
        cb_wait_front(cb_logsum, 2);
        tile_regs_acquire();
        binop_with_scalar_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            add_unary_tile(t, 0xFF800000u);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_scores_max, 2);
        for (uint32_t t = 0; t < 2; ++t) {
            pack_tile(t, cb_scores_max);
        }
        cb_push_back(cb_scores_max, 2);
        tile_regs_release();
        cb_wait_front(cb_scores_max, 2);
        for (uint32_t k = 0; k < loop_range; ++k) {
            tile_regs_acquire();
            copy_init(cb_causal_mask);
            for (uint32_t t = 0; t < 4; ++t) {
                int32_t tile_diagonal = (int32_t)((bx * 2) - (k * 2)) + (int32_t)(t / 2) - (int32_t)(t % 2);
                copy_tile(cb_causal_mask, tile_diagonal > 0 ? 0 : (tile_diagonal < 0 ? 1 : 2), t);
            }
            matmul_init(cb_Q_shared, cb_K_shared, true);
            cb_wait_front(cb_Q_shared, 4);
            cb_wait_front(cb_K_shared, 4);
            for (uint32_t mi = 0; mi < 2; ++mi) {
                for (uint32_t ni = 0; ni < 2; ++ni) {
                    for (uint32_t ki = 0; ki < 2; ++ki) {
                        matmul_tiles(cb_Q_shared, cb_K_shared, mi * 2 + ki, ni * 2 + ki, mi * 2 + ni);
                    }
                }
            }
            cb_pop_front(cb_K_shared, 4);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_acc_s, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_acc_s);
            }
            cb_push_back(cb_acc_s, 4);
            tile_regs_release();
            cb_wait_front(cb_acc_s, 4);
            tile_regs_acquire();
            copy_init(cb_scores_max);
            for (uint32_t t = 0; t < 2; ++t) {
                copy_tile(cb_scores_max, t, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_scores_max_prev, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_scores_max_prev);
            }
            cb_push_back(cb_scores_max_prev, 2);
            tile_regs_release();
            cb_wait_front(cb_scores_max_prev, 2);
            tile_regs_acquire();
            reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_acc_s, cb_reduce_scaler, cb_scores_max);
            for (uint32_t tr = 0; tr < 2; ++tr) {
                for (uint32_t tc = 0; tc < 2; ++tc) {
                    reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_acc_s, cb_reduce_scaler, tr * 2 + tc,
                                                                      0, tr);
                }
            }
            cb_pop_front(cb_scores_max, 2);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_scores_max, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_scores_max);
            }
            cb_push_back(cb_scores_max, 2);
            tile_regs_release();
            cb_wait_front(cb_scores_max, 2);
            tile_regs_acquire();
            reduce_uninit(cb_acc_s);
            copy_init(cb_scores_max_prev);
            for (uint32_t t = 0; t < 2; ++t) {
                copy_tile(cb_scores_max_prev, t, t);
            }
            binop_with_scalar_tile_init();
            for (uint32_t t = 0; t < 2; ++t) {
                mul_unary_tile(t, 0x3E38AA3Bu);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp0, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_tmp0);
            }
            cb_push_back(cb_tmp0, 2);
            tile_regs_release();
            cb_wait_front(cb_tmp0, 2);
            tile_regs_acquire();
            for (uint32_t t = 0; t < 2; ++t) {
                copy_tile(cb_scores_max, t, t);
            }
            for (uint32_t t = 0; t < 2; ++t) {
                mul_unary_tile(t, 0x3E38AA3Bu);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp1, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_tmp1);
            }
            cb_push_back(cb_tmp1, 2);
            tile_regs_release();
            cb_wait_front(cb_tmp1, 2);
            tile_regs_acquire();
            sub_init(cb_tmp0, cb_tmp1);
            for (uint32_t t = 0; t < 2; ++t) {
                sub_tiles(cb_tmp0, cb_tmp1, t, t, t);
            }
            exp2_tile_init();
            for (uint32_t t = 0; t < 2; ++t) {
                exp2_tile(t);
            }
            cb_pop_front(cb_tmp0, 2);
            cb_pop_front(cb_tmp1, 2);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_scores_scale, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_scores_scale);
            }
            cb_push_back(cb_scores_scale, 2);
            tile_regs_release();
            cb_wait_front(cb_scores_scale, 2);
            tile_regs_acquire();
            copy_init(cb_acc_s);
            for (uint32_t t = 0; t < 4; ++t) {
                copy_tile(cb_acc_s, t, t);
            }
            binop_with_scalar_tile_init();
            for (uint32_t t = 0; t < 4; ++t) {
                mul_unary_tile(t, 0x3E38AA3Bu);
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
            for (uint32_t t = 0; t < 2; ++t) {
                copy_tile(cb_scores_max, t, t);
            }
            for (uint32_t t = 0; t < 2; ++t) {
                mul_unary_tile(t, 0x3E38AA3Bu);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp3, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_tmp3);
            }
            cb_push_back(cb_tmp3, 2);
            tile_regs_release();
            cb_wait_front(cb_tmp3, 2);
            tile_regs_acquire();
            sub_bcast_cols_init(cb_tmp2, cb_tmp3);
            for (uint32_t t = 0; t < 4; ++t) {
                sub_tiles_bcast_cols(cb_tmp2, cb_tmp3, t, t / 2, t);
            }
            exp2_tile_init();
            for (uint32_t t = 0; t < 4; ++t) {
                exp2_tile(t);
            }
            cb_pop_front(cb_tmp2, 4);
            cb_pop_front(cb_tmp3, 2);
            cb_pop_front(cb_acc_s, 4);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_acc_s, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_acc_s);
            }
            cb_push_back(cb_acc_s, 4);
            tile_regs_release();
            cb_wait_front(cb_acc_s, 4);
            tile_regs_acquire();
            reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_acc_s, cb_reduce_scaler, cb_scores_sum);
            for (uint32_t tr = 0; tr < 2; ++tr) {
                for (uint32_t tc = 0; tc < 2; ++tc) {
                    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_acc_s, cb_reduce_scaler, tr * 2 + tc,
                                                                      0, tr);
                }
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_scores_sum, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_scores_sum);
            }
            cb_push_back(cb_scores_sum, 2);
            tile_regs_release();
            cb_wait_front(cb_scores_sum, 2);
            tile_regs_acquire();
            reduce_uninit(cb_acc_s);
            mul_init(cb_logsum, cb_scores_scale, false);
            for (uint32_t t = 0; t < 2; ++t) {
                mul_tiles(cb_logsum, cb_scores_scale, t, t, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_tmp4, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_tmp4);
            }
            cb_push_back(cb_tmp4, 2);
            tile_regs_release();
            cb_wait_front(cb_tmp4, 2);
            tile_regs_acquire();
            add_init(cb_tmp4, cb_scores_sum);
            for (uint32_t t = 0; t < 2; ++t) {
                add_tiles(cb_tmp4, cb_scores_sum, t, t, t);
            }
            cb_pop_front(cb_tmp4, 2);
            cb_pop_front(cb_logsum, 2);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_logsum, 2);
            for (uint32_t t = 0; t < 2; ++t) {
                pack_tile(t, cb_logsum);
            }
            cb_push_back(cb_logsum, 2);
            tile_regs_release();
            cb_wait_front(cb_logsum, 2);
            tile_regs_acquire();
            copy_init(cb_acc_s);
            for (uint32_t t = 0; t < 4; ++t) {
                copy_tile(cb_acc_s, t, t);
            }
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_acc_s_cast, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_acc_s_cast);
            }
            cb_push_back(cb_acc_s_cast, 4);
            tile_regs_release();
            cb_wait_front(cb_acc_s_cast, 4);
            tile_regs_acquire();
            mul_bcast_cols_init(cb_acc_o, cb_scores_scale);
            for (uint32_t t = 0; t < 4; ++t) {
                mul_tiles_bcast_cols(cb_acc_o, cb_scores_scale, t, t / 2, t);
            }
            cb_pop_front(cb_acc_o, 4);
            matmul_init(cb_acc_s_cast, cb_V_shared);
            cb_wait_front(cb_V_shared, 4);
            for (uint32_t mi_1 = 0; mi_1 < 2; ++mi_1) {
                for (uint32_t ni_1 = 0; ni_1 < 2; ++ni_1) {
                    for (uint32_t ki_1 = 0; ki_1 < 2; ++ki_1) {
                        matmul_tiles(cb_acc_s_cast, cb_V_shared, mi_1 * 2 + ki_1, ki_1 * 2 + ni_1,
                                     mi_1 * 2 + ni_1);
                    }
                }
            }
            cb_pop_front(cb_V_shared, 4);
            tile_regs_commit();
            tile_regs_wait();
            cb_reserve_back(cb_acc_o, 4);
            for (uint32_t t = 0; t < 4; ++t) {
                pack_tile(t, cb_acc_o);
            }
            cb_push_back(cb_acc_o, 4);
            tile_regs_release();
            cb_wait_front(cb_acc_o, 4);
            cb_pop_front(cb_scores_max_prev, 2);
            cb_pop_front(cb_scores_scale, 2);
            cb_pop_front(cb_acc_s, 4);
            cb_pop_front(cb_scores_sum, 2);
            cb_pop_front(cb_acc_s_cast, 4);
        }
        tile_regs_acquire();
        copy_init(cb_logsum);
        for (uint32_t t = 0; t < 2; ++t) {
            copy_tile(cb_logsum, t, t);
        }
        recip_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            recip_tile(t);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_tmp5, 2);
        for (uint32_t t = 0; t < 2; ++t) {
            pack_tile(t, cb_tmp5);
        }
        cb_push_back(cb_tmp5, 2);
        tile_regs_release();
        cb_wait_front(cb_tmp5, 2);
        tile_regs_acquire();
        mul_bcast_cols_init(cb_acc_o, cb_tmp5);
        for (uint32_t t = 0; t < 4; ++t) {
            mul_tiles_bcast_cols(cb_acc_o, cb_tmp5, t, t / 2, t);
        }
        cb_pop_front(cb_tmp5, 2);
        cb_pop_front(cb_acc_o, 4);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_O_shared, 4);
        for (uint32_t t = 0; t < 4; ++t) {
            pack_tile(t, cb_O_shared);
        }
        cb_push_back(cb_O_shared, 4);
        tile_regs_release();
        cb_pop_front(cb_Q_shared, 4);
        cb_pop_front(cb_scores_max, 2);
        cb_pop_front(cb_logsum, 2);
    }
    cb_pop_front(cb_causal_mask, 3);
    cb_pop_front(cb_reduce_scaler, 1);
}
}  // namespace NAMESPACE
