// Emulated internal/dataflow/dataflow_api_addrgen.h (tt-metal v0.81.1), included by
// api/dataflow/dataflow_api.h: NoC addresses. A NoC address of DRAM is the emulated DRAM address
// (buffers are contiguous, one bank); an address with a core (get_noc_addr(x, y, addr)) names that
// core's L1, which the emulator does not reach over the NoC (reported as a fault when used).
#pragma once

#include <cstdint>

namespace ttsim {
constexpr std::uint64_t kNocCoreFlag = 1ull << 63;
}  // namespace ttsim

constexpr std::uint8_t noc_index = 0;

inline std::uint64_t get_noc_addr(std::uint32_t noc_x, std::uint32_t noc_y, std::uint32_t addr,
                                  std::uint8_t noc = noc_index) {
    (void)noc;
    return ttsim::kNocCoreFlag | (static_cast<std::uint64_t>(noc_x & 0xff) << 48) |
           (static_cast<std::uint64_t>(noc_y & 0xff) << 40) | addr;
}

// The NoC address of page `id` through an address generator or TensorAccessor.
template <typename AddrGen>
inline std::uint64_t get_noc_addr(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t offset = 0,
                                  std::uint8_t noc = noc_index) {
    (void)noc;
    return static_cast<std::uint64_t>(addrgen.bank_base_address) + static_cast<std::uint64_t>(id) * addrgen.page_size +
           offset;
}

// DRAM bank `bank_id` at `bank_address_offset`: the emulated DRAM is one bank (bank 0), so this is
// the address itself; any other bank is reported when the address is used.
template <bool DRAM>
inline std::uint64_t get_noc_addr_from_bank_id(std::uint32_t bank_id, std::uint32_t bank_address_offset,
                                               std::uint8_t noc = noc_index) {
    (void)noc;
    static_assert(DRAM, "get_noc_addr_from_bank_id<false>: L1 banks are not emulated");
    return bank_id == 0 ? bank_address_offset : (ttsim::kNocCoreFlag | bank_address_offset);
}


// The older address generator (still in the release): page `id` of an interleaved buffer.
template <bool DRAM>
struct InterleavedAddrGen {
    std::uint32_t bank_base_address;
    std::uint32_t page_size;
    std::uint64_t get_noc_addr(const std::uint32_t id, const std::uint32_t offset = 0, std::uint8_t noc = noc_index) const {
        (void)noc;
        return static_cast<std::uint64_t>(bank_base_address) + static_cast<std::uint64_t>(id) * page_size + offset;
    }
};
