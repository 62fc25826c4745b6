// Emulated api/tensor/tensor_accessor_args.h (tt-metal v0.81.1), kernel side: reads the
// compile-time word(s) the host's TensorAccessorArgs appended, starting at CTA_OFFSET.
#pragma once

#include <cstddef>
#include <cstdint>

#include "api/compile_time_args.h"
#include "ttsim/tensor_accessor_config.h"

template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET = 0>
struct TensorAccessorArgs {
    static constexpr std::uint32_t config = get_ct_arg<CTA_OFFSET>();
    static_assert((config & ttsim::kTensorAccessorTagMask) == ttsim::kTensorAccessorTag,
                  "TensorAccessorArgs<offset>: the compile-time argument at this offset was not appended by a host "
                  "TensorAccessorArgs(...).append_to(...)");
    static constexpr bool is_dram = (config & ttsim::kTensorAccessorIsDram) != 0;
    static constexpr std::uint32_t num_compile_time_args() { return 1; }
    static constexpr std::uint32_t num_common_runtime_args() { return 0; }
    static constexpr std::uint32_t next_compile_time_args_offset() { return CTA_OFFSET + 1; }
    static constexpr std::uint32_t next_common_runtime_args_offset() { return CRTA_OFFSET; }
};
