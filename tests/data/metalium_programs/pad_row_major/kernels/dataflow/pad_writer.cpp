// Writes each padded stick to its row of the output.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t dst_addr = get_arg_val<uint32_t>(0);
    uint32_t first_row = get_arg_val<uint32_t>(1);
    uint32_t n_rows = get_arg_val<uint32_t>(2);
    uint32_t stick_bytes = get_arg_val<uint32_t>(3);

    constexpr uint32_t cb_sticks = tt::CBIndex::c_0;
    constexpr auto dst_args = TensorAccessorArgs<0>();
    const auto dst = TensorAccessor(dst_args, dst_addr, stick_bytes);
    for (uint32_t r = 0; r < n_rows; ++r) {
        cb_wait_front(cb_sticks, 1);
        noc_async_write_page(first_row + r, dst, get_read_ptr(cb_sticks));
        noc_async_write_barrier();
        cb_pop_front(cb_sticks, 1);
    }
}
