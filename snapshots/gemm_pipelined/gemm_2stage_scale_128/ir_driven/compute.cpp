// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/gemm_pipelined/gemm_2stage_scale_128.py
// kernel sha256: 4380dd4e27900133626b74dfddab1e1a047ab869f83a1320e5aa4862043e8323
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/matmul.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_C_local = tt::CBIndex::c_16;

    compute_kernel_hw_startup<SrcOrder::Reverse>(cb_A_shared, cb_B_shared, cb_C_local);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        tile_regs_acquire();
        for (uint32_t k = 0; k < 4; ++k) {
            matmul_init(cb_A_shared, cb_B_shared);
            cb_wait_front(cb_A_shared, 1);
            cb_wait_front(cb_B_shared, 1);
            matmul_tiles(cb_A_shared, cb_B_shared, 0, 0, 0);
            cb_pop_front(cb_A_shared, 1);
            cb_pop_front(cb_B_shared, 1);
        }
        binop_with_scalar_tile_init();
        mul_unary_tile(0, 0x3E000000u);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_C_local, 1);
        pack_tile(0, cb_C_local);
        cb_push_back(cb_C_local, 1);
        tile_regs_release();
    }
}
}  // namespace NAMESPACE
