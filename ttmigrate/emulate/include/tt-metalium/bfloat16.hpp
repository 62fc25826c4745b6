// Emulated tt-metalium/bfloat16.hpp: 16-bit brain float; conversion from float rounds to nearest
// even (NaN stays a quiet NaN).
#pragma once

#include <cstdint>
#include <cstring>

class bfloat16 {
public:
    bfloat16() = default;
    bfloat16(float value) : bits_(round_to_bits(value)) {}  // NOLINT: implicit as in Metalium

    // v0.81.1 converts a bfloat16 to float with operator float (the old accessor is gone).
    operator float() const {  // NOLINT: implicit as in Metalium
        const std::uint32_t word = static_cast<std::uint32_t>(bits_) << 16;
        float value;
        std::memcpy(&value, &word, sizeof(value));
        return value;
    }
    std::uint16_t to_uint16() const { return bits_; }
    bool operator==(const bfloat16& other) const { return bits_ == other.bits_; }
    bool operator!=(const bfloat16& other) const { return bits_ != other.bits_; }

    static std::uint16_t round_to_bits(float value) {
        std::uint32_t word;
        std::memcpy(&word, &value, sizeof(word));
        if ((word & 0x7fffffffu) > 0x7f800000u) {
            return static_cast<std::uint16_t>((word >> 16) | 0x40u);
        }
        word += 0x7fffu + ((word >> 16) & 1u);
        return static_cast<std::uint16_t>(word >> 16);
    }

private:
    std::uint16_t bits_ = 0;
};

static_assert(sizeof(bfloat16) == 2, "bfloat16 is stored in two bytes");
