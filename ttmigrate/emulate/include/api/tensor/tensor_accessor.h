// Emulated api/tensor/tensor_accessor.h (tt-metal v0.81.1): page addressing of an interleaved
// buffer described by TensorAccessorArgs. The emulated DRAM keeps a buffer's pages contiguous
// behind its base address, so the NoC address of page p is base + p * page_size (+ offset).
#pragma once

#include <cstdint>

#include "api/tensor/tensor_accessor_args.h"

template <typename DSpec>
struct TensorAccessor {
    std::uint32_t bank_base_address;
    std::uint32_t page_size;

    constexpr TensorAccessor(const DSpec& args, std::uint32_t bank_base_address_in, std::uint32_t page_size_in = 0)
        : bank_base_address(bank_base_address_in), page_size(page_size_in) {
        (void)args;
    }
    std::uint64_t get_noc_addr(std::uint32_t page_id, std::uint32_t offset = 0, std::uint8_t noc = 0) const {
        (void)noc;
        return static_cast<std::uint64_t>(bank_base_address) + static_cast<std::uint64_t>(page_id) * page_size + offset;
    }
};
