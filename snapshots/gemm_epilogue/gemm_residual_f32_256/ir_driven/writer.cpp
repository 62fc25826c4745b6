// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/gemm_epilogue/gemm_residual_f32_256.py
// kernel sha256: db2e093331581df92e60c2d7ca707c980e007d9882c2fadf558bcefc459cc320
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t C_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_C_local = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> C_gen = {.bank_base_address = C_addr,
                                                .page_size = get_tile_size(cb_C_local),
                                                .data_format = get_dataformat(cb_C_local)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 8;
        uint32_t by = wu / 8;
        cb_wait_front(cb_C_local, 1);
        uint32_t C_local_read_addr = get_read_ptr(cb_C_local);
        noc_async_write_page(by * 8 + bx, C_gen, C_local_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_C_local, 1);
    }
}
