// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/attention/flash_fwd_causal_s128_d128.py
// kernel sha256: bf63187639825537e5c09a9547cdcac3e4d65e5001f22a76dfaa1409366ef71f
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t Q_addr = get_arg_val<uint32_t>(0);
    uint32_t K_addr = get_arg_val<uint32_t>(1);
    uint32_t V_addr = get_arg_val<uint32_t>(2);
    uint32_t start_id = get_arg_val<uint32_t>(3);
    uint32_t num_units = get_arg_val<uint32_t>(4);

    constexpr uint32_t cb_Q_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_K_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_V_shared = tt::CBIndex::c_2;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_3;
    constexpr uint32_t cb_causal_mask = tt::CBIndex::c_4;

    const InterleavedAddrGenFast<true> Q_gen = {.bank_base_address = Q_addr,
                                                .page_size = get_tile_size(cb_Q_shared),
                                                .data_format = get_dataformat(cb_Q_shared)};
    const InterleavedAddrGenFast<true> K_gen = {.bank_base_address = K_addr,
                                                .page_size = get_tile_size(cb_K_shared),
                                                .data_format = get_dataformat(cb_K_shared)};
    const InterleavedAddrGenFast<true> V_gen = {.bank_base_address = V_addr,
                                                .page_size = get_tile_size(cb_V_shared),
                                                .data_format = get_dataformat(cb_V_shared)};
    cb_reserve_back(cb_causal_mask, 3);
    volatile uint16_t* mask_tiles = reinterpret_cast<volatile uint16_t*>(get_write_ptr(cb_causal_mask));
    for (uint32_t r = 0; r < 32; ++r) {
        for (uint32_t c = 0; c < 32; ++c) {
            uint32_t at = (r / 16 * 2 + c / 16) * 256 + r % 16 * 16 + c % 16;
            mask_tiles[at] = 0x0000;
            mask_tiles[1024 + at] = 0xff80;
            mask_tiles[2048 + at] = r >= c ? 0x0000 : 0xff80;
        }
    }
    cb_push_back(cb_causal_mask, 3);
    cb_reserve_back(cb_reduce_scaler, 1);
    volatile uint16_t* scaler_tile = reinterpret_cast<volatile uint16_t*>(get_write_ptr(cb_reduce_scaler));
    for (uint32_t i = 0; i < 1024; ++i) {  // scaler 1.0
        scaler_tile[i] = (i % 256 < 16) ? 0x3F80 : 0;
    }
    cb_push_back(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        uint32_t loop_range =
            2 < (((((bx + 1) * 64) + 64) - 1) / 64) ? 2 : (((((bx + 1) * 64) + 64) - 1) / 64);
        cb_reserve_back(cb_Q_shared, 8);
        uint32_t Q_shared_write_addr = get_write_ptr(cb_Q_shared);
        for (uint32_t tile_row = 0; tile_row < 2; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 4; ++tile_col) {
                noc_async_read_page(
                    (bx * 2) * 4 + tile_row * 4 + tile_col, Q_gen,
                    Q_shared_write_addr + (tile_row * 4 + tile_col) * get_tile_size(cb_Q_shared));
            }
        }
        noc_async_read_barrier();
        cb_push_back(cb_Q_shared, 8);
        for (uint32_t k = 0; k < loop_range; ++k) {
            cb_reserve_back(cb_K_shared, 8);
            uint32_t K_shared_write_addr = get_write_ptr(cb_K_shared);
            for (uint32_t tile_row_1 = 0; tile_row_1 < 2; ++tile_row_1) {
                for (uint32_t tile_col_1 = 0; tile_col_1 < 4; ++tile_col_1) {
                    noc_async_read_page(
                        (k * 2) * 4 + tile_row_1 * 4 + tile_col_1, K_gen,
                        K_shared_write_addr + (tile_row_1 * 4 + tile_col_1) * get_tile_size(cb_K_shared));
                }
            }
            noc_async_read_barrier();
            cb_push_back(cb_K_shared, 8);
            cb_reserve_back(cb_V_shared, 8);
            uint32_t V_shared_write_addr = get_write_ptr(cb_V_shared);
            for (uint32_t tile_row_2 = 0; tile_row_2 < 2; ++tile_row_2) {
                for (uint32_t tile_col_2 = 0; tile_col_2 < 4; ++tile_col_2) {
                    noc_async_read_page(
                        (k * 2) * 4 + tile_row_2 * 4 + tile_col_2, V_gen,
                        V_shared_write_addr + (tile_row_2 * 4 + tile_col_2) * get_tile_size(cb_V_shared));
                }
            }
            noc_async_read_barrier();
            cb_push_back(cb_V_shared, 8);
        }
    }
}
