// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/sfpu_chain/tanh_sigmoid_256x128.py
// kernel sha256: 4818bccbcecf3e47a1a7ba1479b78c2c44232921ca79aec4f1cbc2a20758b21b
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_x = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_x);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 2);
        tile_regs_acquire();
        copy_init(cb_A_shared);
        for (uint32_t t = 0; t < 2; ++t) {
            copy_tile(cb_A_shared, t, t);
        }
        tanh_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            tanh_tile(t);
        }
        sigmoid_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            sigmoid_tile(t);
        }
        binop_with_scalar_tile_init();
        for (uint32_t t = 0; t < 2; ++t) {
            mul_unary_tile(t, 0x40000000u);
        }
        for (uint32_t t = 0; t < 2; ++t) {
            sub_unary_tile(t, 0x3F800000u);
        }
        cb_pop_front(cb_A_shared, 2);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_x, 2);
        for (uint32_t t = 0; t < 2; ++t) {
            pack_tile(t, cb_x);
        }
        cb_push_back(cb_x, 2);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
