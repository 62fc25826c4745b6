// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/gemm_epilogue/gemm_bias_row_128.py
// kernel sha256: feea8d4bb89477d8785ae6f1f4cf88a24f9f42b6c21071b4279a0cf5c27adc2c
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/matmul.h"
#include "api/compute/bcast.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_Bias_shared = tt::CBIndex::c_2;
    constexpr uint32_t cb_C_local = tt::CBIndex::c_16;
    constexpr uint32_t cb_tmp0 = tt::CBIndex::c_24;

    compute_kernel_hw_startup<SrcOrder::Reverse>(cb_A_shared, cb_B_shared, cb_C_local);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        matmul_init(cb_A_shared, cb_B_shared);
        tile_regs_acquire();
        for (uint32_t k = 0; k < 4; ++k) {
            cb_wait_front(cb_A_shared, 1);
            cb_wait_front(cb_B_shared, 1);
            matmul_tiles(cb_A_shared, cb_B_shared, 0, 0, 0);
            cb_pop_front(cb_A_shared, 1);
            cb_pop_front(cb_B_shared, 1);
        }
        tile_regs_commit();
        tile_regs_wait();
        pack_reconfig_data_format(cb_tmp0);
        cb_reserve_back(cb_tmp0, 1);
        pack_tile(0, cb_tmp0);
        cb_push_back(cb_tmp0, 1);
        tile_regs_release();
        cb_wait_front(cb_tmp0, 1);
        cb_wait_front(cb_Bias_shared, 1);
        reconfig_data_format_srca(cb_tmp0);
        tile_regs_acquire();
        add_bcast_rows_init(cb_tmp0, cb_Bias_shared);
        add_tiles_bcast_rows(cb_tmp0, cb_Bias_shared, 0, 0, 0);
        cb_pop_front(cb_tmp0, 1);
        cb_pop_front(cb_Bias_shared, 1);
        tile_regs_commit();
        tile_regs_wait();
        pack_reconfig_data_format(cb_C_local);
        cb_reserve_back(cb_C_local, 1);
        pack_tile(0, cb_C_local);
        cb_push_back(cb_C_local, 1);
        tile_regs_release();
        reconfig_data_format_srca(cb_B_shared);
    }
}
}  // namespace NAMESPACE
