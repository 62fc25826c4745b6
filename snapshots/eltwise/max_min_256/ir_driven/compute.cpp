// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/eltwise/max_min_256.py
// kernel sha256: fabda7f4431111572e7f691eda8336493b1ad367e12d3c8238e8f5d873d82239
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/binary_max_min.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_c = tt::CBIndex::c_16;
    constexpr uint32_t cb_tmp0 = tt::CBIndex::c_24;
    constexpr uint32_t cb_tmp1 = tt::CBIndex::c_25;

    compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_c);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 2);
        cb_wait_front(cb_B_shared, 2);
        tile_regs_acquire();
        copy_init(cb_A_shared);
        for (uint32_t t = 0; t < 2; ++t) {
            copy_tile(cb_A_shared, t, t);
        }
        for (uint32_t t = 0; t < 2; ++t) {
            copy_tile(cb_B_shared, t, t + 2);
        }
        binary_max_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            binary_max_tile(t, t + 2, t);
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
            copy_tile(cb_A_shared, t, t);
        }
        for (uint32_t t = 0; t < 2; ++t) {
            copy_tile(cb_B_shared, t, t + 2);
        }
        binary_min_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            binary_min_tile(t, t + 2, t);
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
        cb_pop_front(cb_A_shared, 2);
        cb_pop_front(cb_B_shared, 2);
        cb_pop_front(cb_tmp0, 2);
        cb_pop_front(cb_tmp1, 2);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_c, 2);
        for (uint32_t t = 0; t < 2; ++t) {
            pack_tile(t, cb_c);
        }
        cb_push_back(cb_c, 2);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
