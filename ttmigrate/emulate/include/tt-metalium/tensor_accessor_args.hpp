// Emulated tt-metalium/tensor_accessor_args.hpp (tt-metal v0.81.1), host side: the compile-time
// arguments that describe a buffer to a kernel's TensorAccessorArgs<offset>. An interleaved buffer
// is described by one word, its configuration flags (the emulator's only layout).
#pragma once

#include <cstdint>
#include <vector>

#include "ttsim/host.h"
#include "ttsim/mesh.h"
#include "ttsim/tensor_accessor_config.h"

namespace tt::tt_metal {

class TensorAccessorArgs {
public:
    TensorAccessorArgs() = default;
    explicit TensorAccessorArgs(const Buffer& buffer) : is_dram_(true) { (void)buffer; }
    explicit TensorAccessorArgs(const Buffer* buffer) : is_dram_(buffer != nullptr) {}
    explicit TensorAccessorArgs(const distributed::MeshBuffer& buffer) : is_dram_(true) { (void)buffer; }
    explicit TensorAccessorArgs(const distributed::MeshBuffer* buffer) : is_dram_(buffer != nullptr) {}

    void append_to(std::vector<std::uint32_t>& compile_time_args) const {
        compile_time_args.push_back(ttsim::tensor_accessor_config(is_dram_));
    }
    void append_to(std::vector<std::uint32_t>& compile_time_args, std::vector<std::uint32_t>& common_runtime_args) const {
        (void)common_runtime_args;  // interleaved buffers have no runtime part
        append_to(compile_time_args);
    }
    std::vector<std::uint32_t> get_compile_time_args() const {
        std::vector<std::uint32_t> args;
        append_to(args);
        return args;
    }

private:
    bool is_dram_ = false;
};

}  // namespace tt::tt_metal
