// The one compile-time word a host TensorAccessorArgs appends and a kernel's TensorAccessorArgs
// reads (shared so that both sides agree): a tag that catches an offset pointing at the wrong
// compile-time argument, plus the is-DRAM flag.
#pragma once

#include <cstdint>

namespace ttsim {
constexpr std::uint32_t kTensorAccessorTag = 0x7AC0'0000u;
constexpr std::uint32_t kTensorAccessorTagMask = 0xFFFF'0000u;
constexpr std::uint32_t kTensorAccessorIsDram = 1u;
constexpr std::uint32_t tensor_accessor_config(bool is_dram) {
    return kTensorAccessorTag | (is_dram ? kTensorAccessorIsDram : 0u);
}
}  // namespace ttsim
