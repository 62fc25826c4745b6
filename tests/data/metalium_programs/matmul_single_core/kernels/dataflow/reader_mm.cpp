// For each output tile (m, n) and each k: tile (m, k) of A into c_0, tile (k, n) of B into c_1.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t a_addr = get_arg_val<uint32_t>(0);
    uint32_t b_addr = get_arg_val<uint32_t>(1);
    uint32_t Mt = get_arg_val<uint32_t>(2);
    uint32_t Kt = get_arg_val<uint32_t>(3);
    uint32_t Nt = get_arg_val<uint32_t>(4);

    constexpr uint32_t cb_a = tt::CB::c_in0;  // the deprecated enum spelling of c_0
    constexpr uint32_t cb_b = tt::CB::c_in1;
    const uint32_t tile_bytes = get_tile_size(cb_a);
    constexpr auto a_args = TensorAccessorArgs<0>();
    constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
    const auto a = TensorAccessor(a_args, a_addr, tile_bytes);
    const auto b = TensorAccessor(b_args, b_addr, tile_bytes);

    for (uint32_t m = 0; m < Mt; ++m) {
        for (uint32_t n = 0; n < Nt; ++n) {
            for (uint32_t k = 0; k < Kt; ++k) {
                cb_reserve_back(cb_a, 1);
                noc_async_read_page(m * Kt + k, a, get_write_ptr(cb_a));
                cb_reserve_back(cb_b, 1);
                noc_async_read_page(k * Nt + n, b, get_write_ptr(cb_b));
                noc_async_read_barrier();
                cb_push_back(cb_a, 1);
                cb_push_back(cb_b, 1);
            }
        }
    }
}
