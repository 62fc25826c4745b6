// Emulated api/dataflow/dataflow_api.h (tt-metal v0.81.1): DRAM <-> L1 page moves for reader and
// writer kernels.
//
// NOC transfers are deferred until the matching barrier, as on hardware a transfer is only known
// to be complete after it: pushing a page whose read has not been flushed by
// noc_async_read_barrier(), or popping a page whose write has not been flushed by
// noc_async_write_barrier(), is reported as a fault instead of silently racing.
#pragma once

#include <cstdint>

#include "api/compile_time_args.h"
#include "api/tensor/tensor_accessor.h"
#include "internal/dataflow/dataflow_api_addrgen.h"
#include "ttsim/kernel_api.h"

// The NoC defaults of the release (the emulator has no burst size or virtual channels).
constexpr std::uint32_t NOC_MAX_BURST_SIZE = 8192;
constexpr std::uint32_t NOC_UNICAST_WRITE_VC = 1;

// Marks a pointer into L1 (a RISC-V address-space attribute on hardware; nothing here).
#define tt_l1_ptr



// The CB calls of data-movement kernels (int32_t, as in the release; ids and counts are small).
inline void cb_reserve_back(std::int32_t operand, std::int32_t num_pages) {
    ttsim::cb_reserve_back(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
inline void cb_push_back(const std::int32_t operand, const std::int32_t num_pages) {
    ttsim::cb_push_back(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
inline void cb_wait_front(std::int32_t operand, std::int32_t num_pages) {
    ttsim::cb_wait_front(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
inline void cb_pop_front(std::int32_t operand, std::int32_t num_pages) {
    ttsim::cb_pop_front(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
inline std::uint32_t get_write_ptr(std::uint32_t operand) { return ttsim::get_write_ptr(operand); }
inline std::uint32_t get_read_ptr(std::uint32_t operand) { return ttsim::get_read_ptr(operand); }
#ifdef TTSIM_CONSTANT_TILE_SIZES
// The narrowing check (ttmigrate.emulate.build.NARROWING_CHECK, a syntax-only pass): as on
// the device, get_tile_size is constexpr over a table indexed by the CB id, so it is a constant
// exactly when the id is one in range, and `.page_size = get_tile_size(cb)` narrows only when it is
// not. Every entry is the largest tile there is (a 32x32 Float32 tile), so a constant never fits
// a narrow type here that it would not fit on the device.
namespace ttsim {
struct ConstantTileSizes {
    std::int32_t bytes[kNumCircularBuffers];
    constexpr ConstantTileSizes() : bytes{} {
        for (std::int32_t& size : bytes) {
            size = 32 * 32 * 4;
        }
    }
};
constexpr ConstantTileSizes kConstantTileSizes{};
}  // namespace ttsim
constexpr inline std::int32_t get_tile_size(const std::int32_t operand) {
    return ttsim::kConstantTileSizes.bytes[static_cast<std::uint32_t>(operand)];
}
#else
inline std::int32_t get_tile_size(const std::int32_t operand) {
    return static_cast<std::int32_t>(ttsim::get_tile_size(static_cast<std::uint32_t>(operand)));
}
#endif
inline DataFormat get_dataformat(const std::int32_t operand) {
    return ttsim::get_dataformat(static_cast<std::uint32_t>(operand));
}

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

// ---- raw NoC addressing ----
// A NoC address of DRAM is the emulated DRAM address (buffers are contiguous, one bank); an
// address with a core (get_noc_addr(x, y, addr)) names that core's L1, which the emulator does not
// reach over the NoC (reported as a fault).
namespace ttsim {
void noc_read_raw(std::uint64_t src_noc_addr, std::uint32_t dst_l1_addr, std::uint32_t size);
void noc_write_raw(std::uint32_t src_l1_addr, std::uint64_t dst_noc_addr, std::uint32_t size);
}  // namespace ttsim

template <std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true>
inline void noc_async_read(std::uint64_t src_noc_addr, std::uint32_t dst_local_l1_addr, std::uint32_t size,
                           std::uint8_t noc = noc_index, std::uint32_t read_req_vc = NOC_UNICAST_WRITE_VC) {
    (void)noc;
    (void)read_req_vc;
    ttsim::noc_read_raw(src_noc_addr, dst_local_l1_addr, size);
}

template <std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true, bool posted = false>
inline void noc_async_write(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr, std::uint32_t size,
                            std::uint8_t noc = noc_index, std::uint32_t vc = NOC_UNICAST_WRITE_VC) {
    (void)noc;
    (void)vc;
    ttsim::noc_write_raw(src_local_l1_addr, dst_noc_addr, size);
}
