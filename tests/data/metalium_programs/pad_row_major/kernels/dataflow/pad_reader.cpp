// For each row of this core's band: fill a CB page with the pad value, then read the input stick
// over its start. Compile-time args: input stick bytes, output stick bytes, then the accessor.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"

void kernel_main() {
    uint32_t src_addr = get_arg_val<uint32_t>(0);
    uint32_t first_row = get_arg_val<uint32_t>(1);
    uint32_t n_rows = get_arg_val<uint32_t>(2);
    uint32_t pad_bits = get_arg_val<uint32_t>(3);

    constexpr uint32_t in_stick_bytes = get_compile_time_arg_val(0);
    constexpr uint32_t out_stick_bytes = get_compile_time_arg_val(1);
    constexpr uint32_t cb_sticks = tt::CBIndex::c_0;
    constexpr auto src_args = TensorAccessorArgs<2>();
    const auto src = TensorAccessor(src_args, src_addr, in_stick_bytes);

    DPRINT("pad_reader: rows {} to {}\n", first_row, first_row + n_rows);
    for (uint32_t r = 0; r < n_rows; ++r) {
        cb_reserve_back(cb_sticks, 1);
        uint32_t l1_addr = get_write_ptr(cb_sticks);
        volatile tt_l1_ptr uint16_t* stick = reinterpret_cast<volatile tt_l1_ptr uint16_t*>(l1_addr);
        for (uint32_t i = 0; i < out_stick_bytes / 2; ++i) {
            stick[i] = static_cast<uint16_t>(pad_bits);
        }
        uint64_t src_noc_addr = src.get_noc_addr(first_row + r);
        noc_async_read(src_noc_addr, l1_addr, in_stick_bytes);
        noc_async_read_barrier();
        cb_push_back(cb_sticks, 1);
    }
}
