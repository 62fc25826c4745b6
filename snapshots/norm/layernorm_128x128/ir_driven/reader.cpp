// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/norm/layernorm_128x128.py
// kernel sha256: e4155e502140890a93a507dd10a989233aac5536f17931d8ef6d1720b60a5493
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t X_addr = get_arg_val<uint32_t>(0);
    uint32_t W_addr = get_arg_val<uint32_t>(1);
    uint32_t B_addr = get_arg_val<uint32_t>(2);
    uint32_t start_id = get_arg_val<uint32_t>(3);
    uint32_t num_units = get_arg_val<uint32_t>(4);

    constexpr uint32_t cb_X_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_W_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_2;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_3;

    const InterleavedAddrGenFast<true> X_gen = {.bank_base_address = X_addr,
                                                .page_size = get_tile_size(cb_X_shared),
                                                .data_format = get_dataformat(cb_X_shared)};
    const InterleavedAddrGenFast<true> W_gen = {.bank_base_address = W_addr,
                                                .page_size = get_tile_size(cb_W_shared),
                                                .data_format = get_dataformat(cb_W_shared)};
    const InterleavedAddrGenFast<true> B_gen = {.bank_base_address = B_addr,
                                                .page_size = get_tile_size(cb_B_shared),
                                                .data_format = get_dataformat(cb_B_shared)};
    cb_reserve_back(cb_reduce_scaler, 1);
    volatile uint16_t* scaler_tile = reinterpret_cast<volatile uint16_t*>(get_write_ptr(cb_reduce_scaler));
    for (uint32_t i = 0; i < 1024; ++i) {  // scaler 0.0078125
        scaler_tile[i] = (i % 256 < 16) ? 0x3C00 : 0;
    }
    cb_push_back(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        cb_reserve_back(cb_X_shared, 4);
        uint32_t X_shared_write_addr = get_write_ptr(cb_X_shared);
        for (uint32_t tile_row = 0; tile_row < 1; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 4; ++tile_col) {
                noc_async_read_page(
                    bx * 4 + tile_row * 4 + tile_col, X_gen,
                    X_shared_write_addr + (tile_row * 4 + tile_col) * get_tile_size(cb_X_shared));
            }
        }
        cb_reserve_back(cb_W_shared, 4);
        uint32_t W_shared_write_addr = get_write_ptr(cb_W_shared);
        for (uint32_t tile_row_1 = 0; tile_row_1 < 1; ++tile_row_1) {
            for (uint32_t tile_col_1 = 0; tile_col_1 < 4; ++tile_col_1) {
                noc_async_read_page(
                    tile_row_1 * 4 + tile_col_1, W_gen,
                    W_shared_write_addr + (tile_row_1 * 4 + tile_col_1) * get_tile_size(cb_W_shared));
            }
        }
        cb_reserve_back(cb_B_shared, 4);
        uint32_t B_shared_write_addr = get_write_ptr(cb_B_shared);
        for (uint32_t tile_row_2 = 0; tile_row_2 < 1; ++tile_row_2) {
            for (uint32_t tile_col_2 = 0; tile_col_2 < 4; ++tile_col_2) {
                noc_async_read_page(
                    tile_row_2 * 4 + tile_col_2, B_gen,
                    B_shared_write_addr + (tile_row_2 * 4 + tile_col_2) * get_tile_size(cb_B_shared));
            }
        }
        noc_async_read_barrier();
        cb_push_back(cb_X_shared, 4);
        cb_push_back(cb_W_shared, 4);
        cb_push_back(cb_B_shared, 4);
    }
}
