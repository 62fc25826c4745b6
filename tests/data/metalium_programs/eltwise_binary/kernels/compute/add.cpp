// c_16[i] = c_0[i] + c_1[i]. Built with ELTWISE_SUB defined it subtracts instead (the host of
// this program defines nothing).
#include <cstdint>

#include "api/compute/cb_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

#define TILES_PER_STEP 1

void kernel_main() {
    uint32_t n_tiles = get_arg_val<uint32_t>(0);
    constexpr auto cb_a = tt::CBIndex::c_0;
    constexpr auto cb_b = tt::CBIndex::c_1;
    constexpr auto cb_out = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_a, cb_b, cb_out);
#ifdef ELTWISE_SUB
    sub_init(cb_a, cb_b);
#else
    add_init(cb_a, cb_b);
#endif
    for (uint32_t i = 0; i < n_tiles; ++i) {
        cb_wait_front(cb_a, TILES_PER_STEP);
        cb_wait_front(cb_b, TILES_PER_STEP);
        tile_regs_acquire();
#ifdef ELTWISE_SUB
        sub_tiles(cb_a, cb_b, 0, 0, 0);
#else
        add_tiles(cb_a, cb_b, 0, 0, 0);
#endif
        tile_regs_commit();
        cb_pop_front(cb_a, TILES_PER_STEP);
        cb_pop_front(cb_b, TILES_PER_STEP);
        cb_reserve_back(cb_out, TILES_PER_STEP);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, TILES_PER_STEP);
    }
}
