// Emulated dataflow_api.h: DRAM <-> L1 tile moves for reader and writer kernels.
//
// NOC transfers are deferred until the matching barrier, as on hardware a transfer is only known
// to be complete after it: pushing a page whose read has not been flushed by
// noc_async_read_barrier(), or popping a page whose write has not been flushed by
// noc_async_write_barrier(), is reported as a fault instead of silently racing.
#pragma once

#include <cstdint>

#include "ttsim/kernel_api.h"

template <bool DRAM>
struct InterleavedAddrGenFast {
    std::uint32_t bank_base_address;
    std::uint32_t page_size;
    DataFormat data_format;
};

namespace ttsim {
void noc_read_page(std::uint32_t bank_base_address, std::uint32_t page_size, std::uint32_t page_id,
                   std::uint32_t l1_addr, std::uint32_t offset);
void noc_write_page(std::uint32_t bank_base_address, std::uint32_t page_size, std::uint32_t page_id,
                    std::uint32_t l1_addr);
}  // namespace ttsim

// Copies page `id` of the interleaved buffer whose base address is s.bank_base_address into L1.
template <bool DRAM>
inline void noc_async_read_tile(std::uint32_t id, const InterleavedAddrGenFast<DRAM>& s, std::uint32_t dst_local_l1_addr,
                                std::uint32_t offset = 0) {
    ttsim::noc_read_page(s.bank_base_address, s.page_size, id, dst_local_l1_addr, offset);
}

// Copies one page from L1 into page `id` of the interleaved buffer at s.bank_base_address.
template <bool DRAM>
inline void noc_async_write_tile(std::uint32_t id, const InterleavedAddrGenFast<DRAM>& s, std::uint32_t src_local_l1_addr) {
    ttsim::noc_write_page(s.bank_base_address, s.page_size, id, src_local_l1_addr);
}

void noc_async_read_barrier();
void noc_async_write_barrier();
