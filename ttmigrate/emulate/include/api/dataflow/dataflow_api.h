// Emulated api/dataflow/dataflow_api.h (tt-metal v0.81.1): DRAM <-> L1 page moves for reader and
// writer kernels.
//
// NOC transfers are deferred until the matching barrier, as on hardware a transfer is only known
// to be complete after it: pushing a page whose read has not been flushed by
// noc_async_read_barrier(), or popping a page whose write has not been flushed by
// noc_async_write_barrier(), is reported as a fault instead of silently racing.
#pragma once

#include <cstdint>

#include "ttsim/kernel_api.h"

constexpr std::uint8_t noc_index = 0;

template <bool DRAM, std::uint32_t tile_hw = 1024>
struct InterleavedAddrGenFast {
    static constexpr bool is_dram = DRAM;
    std::uint32_t bank_base_address;
    std::uint32_t page_size;
    DataFormat data_format;
};

namespace ttsim {
void noc_read_page(std::uint32_t bank_base_address, std::uint32_t page_size, std::uint32_t page_id,
                   std::uint32_t l1_addr, std::uint32_t offset);
void noc_write_page(std::uint32_t bank_base_address, std::uint32_t page_size, std::uint32_t page_id,
                    std::uint32_t l1_addr, std::uint32_t offset);
}  // namespace ttsim

// Copies page `id` of the interleaved buffer whose base address is addrgen.bank_base_address into L1
// (the emulated address generators: InterleavedAddrGenFast).
template <typename AddrGen, bool enable_noc_tracing = true>
inline void noc_async_read_page(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t dst_local_l1_addr,
                                std::uint32_t offset = 0, std::uint8_t noc = noc_index) {
    (void)noc;
    ttsim::noc_read_page(addrgen.bank_base_address, addrgen.page_size, id, dst_local_l1_addr, offset);
}

// Copies one page from L1 into page `id` of the interleaved buffer at addrgen.bank_base_address
// (`size` 0: the generator's page size).
template <typename AddrGen, bool enable_noc_tracing = true, bool posted = false>
inline void noc_async_write_page(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t src_local_l1_addr,
                                 std::uint32_t size = 0, std::uint32_t offset = 0, std::uint8_t noc = noc_index) {
    (void)noc;
    ttsim::noc_write_page(addrgen.bank_base_address, size == 0 ? addrgen.page_size : size, id, src_local_l1_addr,
                          offset);
}

template <bool DRAM, std::uint32_t tile_hw>
[[deprecated("Use <typename AddrGen> noc_async_read_page instead.")]] inline void noc_async_read_tile(
    const std::uint32_t id, const InterleavedAddrGenFast<DRAM, tile_hw>& addrgen, std::uint32_t dst_local_l1_addr,
    std::uint32_t offset = 0, std::uint8_t noc = noc_index) {
    noc_async_read_page(id, addrgen, dst_local_l1_addr, offset, noc);
}

template <bool DRAM, std::uint32_t tile_hw>
[[deprecated("Use <typename AddrGen> noc_async_write_page instead.")]] inline void noc_async_write_tile(
    const std::uint32_t id, const InterleavedAddrGenFast<DRAM, tile_hw>& addrgen, std::uint32_t src_local_l1_addr,
    std::uint8_t noc = noc_index) {
    noc_async_write_page(id, addrgen, src_local_l1_addr, 0, 0, noc);
}

void noc_async_read_barrier(std::uint8_t noc = noc_index);
void noc_async_write_barrier(std::uint8_t noc = noc_index);
