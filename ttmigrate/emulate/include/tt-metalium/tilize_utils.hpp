// Emulated tt-metalium/tilize_utils.hpp: row-major <-> tiled layout. A rows x cols matrix becomes
// (rows/32) x (cols/32) tiles in row-major tile order; each tile is four 16x16 faces (top-left,
// top-right, bottom-left, bottom-right), row-major within a face.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ttsim/host.h"

namespace ttsim {

inline std::size_t tiled_offset(std::uint32_t r, std::uint32_t c, std::uint32_t cols) {
    const std::size_t tile = static_cast<std::size_t>(r / 32) * (cols / 32) + c / 32;
    const std::uint32_t face = ((r % 32) / 16) * 2 + (c % 32) / 16;
    return tile * 1024 + face * 256 + (r % 16) * 16 + (c % 16);
}

inline void check_tilize_shape(const char* call, std::size_t size, std::uint32_t rows, std::uint32_t cols) {
    if (rows % 32 != 0 || cols % 32 != 0 || size != static_cast<std::size_t>(rows) * cols) {
        host_fault("host-tilize-shape", std::string(call) + ": " + std::to_string(size) + " values for a " +
                                            std::to_string(rows) + "x" + std::to_string(cols) +
                                            " matrix (rows and cols must be multiples of 32)");
    }
}

}  // namespace ttsim

template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T>& input, std::uint32_t rows, std::uint32_t cols) {
    ttsim::check_tilize_shape("tilize_nfaces", input.size(), rows, cols);
    std::vector<T> output(input.size());
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < cols; ++c) {
            output[ttsim::tiled_offset(r, c, cols)] = input[static_cast<std::size_t>(r) * cols + c];
        }
    }
    return output;
}

template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T>& input, std::uint32_t rows, std::uint32_t cols) {
    ttsim::check_tilize_shape("untilize_nfaces", input.size(), rows, cols);
    std::vector<T> output(input.size());
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < cols; ++c) {
            output[static_cast<std::size_t>(r) * cols + c] = input[ttsim::tiled_offset(r, c, cols)];
        }
    }
    return output;
}
