// Types shared by emulated kernels and the emulated host API (ttmigrate host emulation of
// TT-Metalium). Spellings follow real Metalium: tt::CBIndex is an unscoped enum so that
// `constexpr uint32_t cb = tt::CBIndex::c_0;` is valid.
#pragma once

#include <cstdint>

namespace tt {

enum CBIndex : std::uint8_t {
    c_0 = 0, c_1, c_2, c_3, c_4, c_5, c_6, c_7, c_8, c_9, c_10, c_11, c_12, c_13, c_14, c_15,
    c_16, c_17, c_18, c_19, c_20, c_21, c_22, c_23, c_24, c_25, c_26, c_27, c_28, c_29, c_30, c_31,
};

// Values as in Metalium's tt::DataFormat; the emulator moves Float16_b and Float32 only.
enum class DataFormat : std::uint8_t {
    Float32 = 0,
    Float16 = 1,
    Bfp8 = 2,
    Bfp4 = 3,
    Float16_b = 5,
    Bfp8_b = 6,
    Bfp4_b = 7,
    Int32 = 8,
    UInt16 = 9,
    UInt32 = 24,
    Invalid = 0xff,
};

}  // namespace tt

namespace ttsim {

constexpr std::uint32_t kNumCircularBuffers = 32;
constexpr std::uint32_t kTileRows = 32;
constexpr std::uint32_t kTileCols = 32;
constexpr std::uint32_t kTileElements = kTileRows * kTileCols;
constexpr std::uint32_t kDstTiles = 16;

}  // namespace ttsim
