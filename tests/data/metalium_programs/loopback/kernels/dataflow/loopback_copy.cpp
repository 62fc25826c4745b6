// Copies page i of src to page i of dst through one L1 scratch page.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"

void kernel_main() {
    uint32_t l1_addr = get_arg_val<uint32_t>(0);
    uint32_t src_addr = get_arg_val<uint32_t>(1);
    uint32_t dst_addr = get_arg_val<uint32_t>(2);
    uint32_t n_pages = get_arg_val<uint32_t>(3);
    uint32_t page_bytes = get_arg_val<uint32_t>(4);

    constexpr auto src_args = TensorAccessorArgs<0>();
    constexpr auto dst_args = TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
    const auto src = TensorAccessor(src_args, src_addr, page_bytes);
    const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);

    for (uint32_t i = 0; i < n_pages; ++i) {
        noc_async_read_page(i, src, l1_addr);
        noc_async_read_barrier();
        noc_async_write_page(i, dst, l1_addr);
        noc_async_write_barrier();
    }
    DPRINT("loopback: copied {} pages\n", n_pages);
}
