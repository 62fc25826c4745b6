// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/scalar/mul_scalar_block64_256.py
// kernel sha256: 9646cc7c44c42f7d03cb3825987d09c4af7e753d1cd085a204c9578ba805d161
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_x = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_x);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 4);
        tile_regs_acquire();
        copy_init(cb_A_shared);
        for (uint32_t t = 0; t < 4; ++t) {
            copy_tile(cb_A_shared, t, t);
        }
        binop_with_scalar_tile_init();
        for (uint32_t t = 0; t < 4; ++t) {
            mul_unary_tile(t, 0x40400000u);
        }
        for (uint32_t t = 0; t < 4; ++t) {
            div_unary_tile(t, 0x3E000000u);
        }
        cb_pop_front(cb_A_shared, 4);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_x, 4);
        for (uint32_t t = 0; t < 4; ++t) {
            pack_tile(t, cb_x);
        }
        cb_push_back(cb_x, 4);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
