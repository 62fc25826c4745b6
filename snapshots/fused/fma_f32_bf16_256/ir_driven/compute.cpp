// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/fused/fma_f32_bf16_256.py
// kernel sha256: 49aae342e1fa9c0f34ccc82efeab7dd403facb485cd2db8faba4db7a4bdce1e6
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/compute/tile_move_copy.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_binary_sfpu.h"

namespace NAMESPACE {
void MAIN {
    uint32_t start_id = get_arg_val<uint32_t>(0);
    uint32_t num_units = get_arg_val<uint32_t>(1);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_C_shared = tt::CBIndex::c_2;
    constexpr uint32_t cb_D_local = tt::CBIndex::c_16;
    constexpr uint32_t cb_tmp0 = tt::CBIndex::c_24;

    compute_kernel_hw_startup(cb_A_shared, cb_A_shared, cb_D_local);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        cb_wait_front(cb_A_shared, 1);
        cb_wait_front(cb_B_shared, 1);
        tile_regs_acquire();
        copy_init(cb_A_shared);
        copy_tile(cb_A_shared, 0, 0);
        copy_tile(cb_B_shared, 0, 1);
        mul_binary_tile_init();
        mul_binary_tile(0, 1, 0);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_tmp0, 1);
        pack_tile(0, cb_tmp0);
        cb_push_back(cb_tmp0, 1);
        tile_regs_release();
        cb_wait_front(cb_tmp0, 1);
        cb_wait_front(cb_C_shared, 1);
        reconfig_data_format(cb_tmp0, cb_C_shared);
        tile_regs_acquire();
        add_init(cb_tmp0, cb_C_shared);
        add_tiles(cb_tmp0, cb_C_shared, 0, 0, 0);
        cb_pop_front(cb_A_shared, 1);
        cb_pop_front(cb_B_shared, 1);
        cb_pop_front(cb_tmp0, 1);
        cb_pop_front(cb_C_shared, 1);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_D_local, 1);
        pack_tile(0, cb_D_local);
        cb_push_back(cb_D_local, 1);
        tile_regs_release();
        reconfig_data_format(cb_A_shared, cb_A_shared);
    }
}
}  // namespace NAMESPACE
