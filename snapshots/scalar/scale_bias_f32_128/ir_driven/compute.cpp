// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/scalar/scale_bias_f32_128.py
// kernel sha256: 919c3e87f6f5a6dbad0c3b4f2a22a57639ee28301f8386087baeb04642ab36f1
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
        cb_wait_front(cb_A_shared, 1);
        tile_regs_acquire();
        copy_init(cb_A_shared);
        copy_tile(cb_A_shared, 0, 0);
        binop_with_scalar_tile_init();
        sub_unary_tile(0, 0x3FC00000u);
        mul_unary_tile(0, 0x3E000000u);
        add_unary_tile(0, 0x40000000u);
        cb_pop_front(cb_A_shared, 1);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_x, 1);
        pack_tile(0, cb_x);
        cb_push_back(cb_x, 1);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
