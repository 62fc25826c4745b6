// Compute-kernel runtime: unpack tiles from CB pages into float32, the DST register file, the
// math operations, and pack_tile (float32 -> bfloat16 round-to-nearest-even, tilized faces).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <string>

#include "api/compute/bcast.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/matmul.h"
#include "api/compute/reduce.h"
#include "api/compute/tile_move_copy.h"
#include "internal.h"
#include "tt-metalium/bfloat16.hpp"
#include "ttsim/config.h"

namespace ttsim {
namespace {

using Tile = float[kTileElements];

// Offset of logical element (r, c) of a tile in its face layout (four 16x16 faces).
constexpr std::uint32_t face_offset(std::uint32_t r, std::uint32_t c) {
    return ((r / 16) * 2 + c / 16) * 256 + (r % 16) * 16 + (c % 16);
}

// IEEE binary16 <-> float32 for Float16 CBs (the packer rounds to nearest even, like Float16_b).
float half_to_float(std::uint16_t bits) {
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
    const std::uint32_t mantissa = bits & 0x3FFu;
    float magnitude;
    if (exponent == 0) {
        magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    } else if (exponent == 31) {
        magnitude = mantissa ? std::nanf("") : INFINITY;
    } else {
        magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
    }
    std::uint32_t word;
    std::memcpy(&word, &magnitude, 4);
    word |= sign;
    float value;
    std::memcpy(&value, &word, 4);
    return value;
}

std::uint16_t float_to_half(float value) {
    std::uint32_t word;
    std::memcpy(&word, &value, 4);
    const std::uint32_t sign = (word >> 16) & 0x8000u;
    const std::int32_t exponent = static_cast<std::int32_t>((word >> 23) & 0xFFu) - 127 + 15;
    std::uint32_t mantissa = word & 0x7FFFFFu;
    if (((word >> 23) & 0xFFu) == 0xFFu) {
        return static_cast<std::uint16_t>(sign | 0x7C00u | (mantissa ? 0x200u : 0u));
    }
    if (exponent >= 31) {
        return static_cast<std::uint16_t>(sign | 0x7C00u);
    }
    if (exponent <= 0) {
        if (exponent < -10) {
            return static_cast<std::uint16_t>(sign);
        }
        mantissa |= 0x800000u;
        const std::uint32_t shift = static_cast<std::uint32_t>(14 - exponent);
        std::uint32_t half = mantissa >> shift;
        const std::uint32_t rest = mantissa & ((1u << shift) - 1u);
        const std::uint32_t midpoint = 1u << (shift - 1u);
        if (rest > midpoint || (rest == midpoint && (half & 1u))) {
            ++half;
        }
        return static_cast<std::uint16_t>(sign | half);
    }
    std::uint32_t half = (static_cast<std::uint32_t>(exponent) << 10) | (mantissa >> 13);
    const std::uint32_t rest = mantissa & 0x1FFFu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) {
        ++half;
    }
    return static_cast<std::uint16_t>(sign | half);
}

std::uint32_t element_bytes(tt::DataFormat format, std::uint32_t cb_id, const char* call) {
    if (format == tt::DataFormat::Float16_b || format == tt::DataFormat::Float16) {
        return 2;
    }
    if (format == tt::DataFormat::Float32) {
        return 4;
    }
    raise_fault("unsupported-format", std::string(call) + ": circular buffer " + cb_name(cb_id) +
                                          " has a data format the emulator does not model "
                                          "(Float16_b, Float16 and Float32 only)",
                {field("cb", cb_id)});
}

void check_tile_page(const CircularBuffer& cb, std::uint32_t cb_id, const char* call) {
    const std::uint32_t needed = kTileElements * element_bytes(cb.format, cb_id, call);
    if (cb.page_size < needed) {
        raise_fault("cb-page-size", std::string(call) + ": page size " + std::to_string(cb.page_size) + " of " +
                                        cb_name(cb_id) + " is smaller than one tile (" + std::to_string(needed) +
                                        " bytes)",
                    {field("cb", cb_id)});
    }
}

// Where an unpacked tile goes: a source register (srcA/srcB, read by an FPU op) or straight into DST.
enum class UnpackTo { SrcReg, Dst };

// Keeps the top `mantissa_bits` of a float32 mantissa, truncating (docs/EMULATOR_CONFIG_STATE.md,
// "Numeric state": the headers do not state the rounding of the unpacker's format conversion, so
// the emulator takes the lossier one).
float truncate_mantissa(float value, std::uint32_t mantissa_bits) {
    std::uint32_t word;
    std::memcpy(&word, &value, 4);
    if (((word >> 23) & 0xFFu) == 0xFFu) {
        return value;
    }
    word &= ~((1u << (23u - mantissa_bits)) - 1u);
    std::memcpy(&value, &word, 4);
    return value;
}

// Reads tile `itile` counted from the front of `cb_id` (must be within the pages waited for).
// Float32 data does not reach an FPU op at 32 bits: the source registers hold Tf32 (10 mantissa
// bits) with fp32_dest_acc_en and Float16_b (7) without; only the unpack-to-DST path
// (UnpackToDestFp32 for that CB, 32-bit DST) keeps all 23 (tt-llk cunpack_common.h).
void unpack(std::uint32_t cb_id, std::uint32_t itile, float* out, const char* call, UnpackTo to = UnpackTo::SrcReg) {
    KernelRun& kernel = current_kernel(call);
    ++g_progress;
    CircularBuffer& cb = kernel_cb(kernel, cb_id, call);
    if (itile >= cb.waited) {
        raise_fault("cb-read-unwaited", std::string(call) + " reads tile " + std::to_string(itile) + " of " +
                                            cb_name(cb_id) + " but only " + std::to_string(cb.waited) +
                                            " pages were waited for with cb_wait_front",
                    {field("cb", cb_id), field("tile", itile), field("waited", cb.waited)});
    }
    if (cb.rd_page + itile >= cb.num_pages) {
        raise_fault("cb-ring-overrun", std::string(call) + " reads tile " + std::to_string(itile) + " of " +
                                           cb_name(cb_id) + " past the end of its " + std::to_string(cb.num_pages) +
                                           "-page ring (the page count must be a multiple of the pages waited for)",
                    {field("cb", cb_id), field("tile", itile)});
    }
    check_tile_page(cb, cb_id, call);
    kernel.dst_fp16 = cb.format == tt::DataFormat::Float16;  // the format the math writes DST in
    const std::uint8_t* page = kernel.core->l1.get() + cb.base + (cb.rd_page + itile) * cb.page_size;
    const bool bf16 = cb.format == tt::DataFormat::Float16_b;
    const bool fp16 = cb.format == tt::DataFormat::Float16;
    for (std::uint32_t r = 0; r < kTileRows; ++r) {
        for (std::uint32_t c = 0; c < kTileCols; ++c) {
            const std::uint32_t at = face_offset(r, c);
            float value;
            if (fp16) {
                std::uint16_t bits;
                std::memcpy(&bits, page + at * 2, 2);
                value = half_to_float(bits);
            } else if (bf16) {
                std::uint16_t bits;
                std::memcpy(&bits, page + at * 2, 2);
                const std::uint32_t word = static_cast<std::uint32_t>(bits) << 16;
                std::memcpy(&value, &word, 4);
            } else {
                std::memcpy(&value, page + at * 4, 4);
            }
            out[r * kTileCols + c] = value;
        }
    }
    if (cb.format == tt::DataFormat::Float32) {
        const NumericConfig& numeric = kernel.numeric;
        const bool to_dst = to == UnpackTo::Dst && numeric.fp32_dest_acc_en && cb_id < numeric.unpack_to_dest_mode.size() &&
                            numeric.unpack_to_dest_mode[cb_id] == tt::tt_metal::UnpackToDestMode::UnpackToDestFp32;
        if (!to_dst) {
            const std::uint32_t bits = numeric.fp32_dest_acc_en ? 10 : 7;  // Tf32 : Float16_b
            for (std::uint32_t i = 0; i < kTileElements; ++i) {
                out[i] = truncate_mantissa(out[i], bits);
            }
        }
    }
}

// Operations that multiply (matmul, eltwise mul, broadcast mul, reduce by its scaler) run one
// pass per fidelity phase; the emulator computes the full product of the source-register values,
// which is HiFi4. Any other fidelity is a fault, never silently exact (tt-llk llk_defs.h
// MathFidelity; eltwise_binary.h applies MATH_FIDELITY only to ELWMUL).
void require_fidelity(const char* call) {
    const KernelRun& kernel = current_kernel(call);
    if (kernel.numeric.math_fidelity != tt::tt_metal::MathFidelity::HiFi4) {
        raise_fault("unmodelled-fidelity",
                    std::string(call) + ": the ComputeConfig sets math_fidelity " +
                        std::to_string(static_cast<int>(kernel.numeric.math_fidelity)) +
                        " (LoFi=0, HiFi2=2, HiFi3=3); the emulator models the products of HiFi4 only",
                    {field("fidelity", static_cast<std::uint64_t>(kernel.numeric.math_fidelity))});
    }
}

// The positions of a tile that hold a reduce result: column 0 (REDUCE_ROW), row 0 (REDUCE_COL),
// element (0, 0) (REDUCE_SCALAR).
bool reduce_result_lane(int dim, std::uint32_t r, std::uint32_t c) {
    if (dim == static_cast<int>(REDUCE_ROW)) {
        return c == 0;
    }
    if (dim == static_cast<int>(REDUCE_COL)) {
        return r == 0;
    }
    return r == 0 && c == 0;
}

float* dst_tile(std::uint32_t idst, const char* call) {
    KernelRun& kernel = current_kernel(call);
    if (!kernel.compute) {
        raise_fault("compute-api-in-data-movement", std::string(call) + " called from data-movement kernel " +
                                                        kernel.name);
    }
    // tt-llk ckernel.h get_dest_max_tiles: 16 tiles of 16-bit data (ckernel_defs.h DEST_NUM_TILES_FP16),
    // half of them with SyncHalf (the default: the packer drains the other half), and half again
    // with 32-bit storage (fp32_dest_acc_en).
    const NumericConfig& numeric = kernel.numeric;
    const std::uint32_t capacity = (numeric.dst_full_sync_en ? kDstTiles : kDstTiles / 2) >> (numeric.fp32_dest_acc_en ? 1 : 0);
    if (idst >= capacity) {
        raise_fault("dst-capacity", std::string(call) + ": DST index " + std::to_string(idst) + " is outside the " +
                                        std::to_string(capacity) + " DST tiles of " +
                                        (numeric.fp32_dest_acc_en ? "32-bit" : "16-bit") + " storage with " +
                                        (numeric.dst_full_sync_en ? "full" : "half") + " sync",
                    {field("dst", idst), field("capacity", capacity)});
    }
    return kernel.core->dst.data() + idst * kTileElements;
}

// Every write to DST stores the tile: 16-bit storage (Float16_b, or Float16 for Float16 operands;
// round to nearest even) unless the ComputeConfig sets fp32_dest_acc_en, so a K loop accumulating
// into DST rounds at every step.
void store_dst(const KernelRun& kernel, float* tile) {
    if (!kernel.numeric.fp32_dest_acc_en && kernel.dst_fp16) {
        for (std::uint32_t i = 0; i < kTileElements; ++i) {
            tile[i] = half_to_float(float_to_half(tile[i]));
        }
    } else if (!kernel.numeric.fp32_dest_acc_en) {
        for (std::uint32_t i = 0; i < kTileElements; ++i) {
            const std::uint32_t word = static_cast<std::uint32_t>(bfloat16::round_to_bits(tile[i])) << 16;
            std::memcpy(&tile[i], &word, 4);
        }
    }
}

void mark_written(std::uint32_t idst) {
    KernelRun& kernel = current_kernel("dst");
    kernel.core->dst_fresh[idst] = false;
    store_dst(kernel, kernel.core->dst.data() + idst * kTileElements);
}

const char* binary_name(EltwiseBinaryType op) {
    switch (op) {
        case EltwiseBinaryType::ELWADD: return "add";
        case EltwiseBinaryType::ELWSUB: return "sub";
        case EltwiseBinaryType::ELWMUL: return "mul";
        default: return "unsupported";
    }
}

const char* bcast_dim_name(BroadcastType dim) {
    switch (dim) {
        case BroadcastType::ROW: return "row";
        case BroadcastType::COL: return "col";
        case BroadcastType::SCALAR: return "scalar";
        default: return "none";
    }
}

void eltwise(EltwiseBinaryType op, BroadcastType bcast, std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0,
             std::uint32_t itile1, std::uint32_t idst, const char* call) {
    const std::string math = bcast == BroadcastType::NONE ? std::string("eltwise-binary:") + binary_name(op)
                                                          : std::string(bcast_math(op, bcast));
    config_require(Engine::Fpu, math.c_str(), call);
    if (op == EltwiseBinaryType::ELWMUL) {
        require_fidelity(call);
    }
    float* dst = dst_tile(idst, call);
    Tile a;
    Tile b;
    unpack(icb0, itile0, a, call);
    unpack(icb1, itile1, b, call);
    for (std::uint32_t r = 0; r < kTileRows; ++r) {
        for (std::uint32_t c = 0; c < kTileCols; ++c) {
            float rhs = b[r * kTileCols + c];
            if (bcast == BroadcastType::ROW) {
                rhs = b[c];
            } else if (bcast == BroadcastType::COL) {
                rhs = b[r * kTileCols];
            } else if (bcast == BroadcastType::SCALAR) {
                rhs = b[0];
            }
            const float lhs = a[r * kTileCols + c];
            float& out = dst[r * kTileCols + c];
            switch (op) {
                case EltwiseBinaryType::ELWADD: out = lhs + rhs; break;
                case EltwiseBinaryType::ELWSUB: out = lhs - rhs; break;
                case EltwiseBinaryType::ELWMUL: out = lhs * rhs; break;
            }
        }
    }
    mark_written(idst);
}

// The DST handshake between math and pack, one step at a time: acquire -> math -> commit -> wait
// -> pack -> release (the packer may only read DST the math thread committed and it waited for).
void dst_phase(KernelRun& kernel, const char* call) {
    ComputeConfig& state = kernel.core->config;
    const std::string name = call;
    DstPhase needed = DstPhase::Idle;
    DstPhase next = DstPhase::Acquired;
    const char* needs = "no DST section held (after tile_regs_release)";
    if (name == "tile_regs_commit") {
        needed = DstPhase::Acquired, next = DstPhase::Committed, needs = "DST acquired by tile_regs_acquire";
    } else if (name == "tile_regs_wait") {
        needed = DstPhase::Committed, next = DstPhase::Waited, needs = "DST committed by tile_regs_commit";
    } else if (name == "pack_tile") {
        needed = DstPhase::Waited, next = DstPhase::Waited, needs = "DST waited for by tile_regs_wait";
    } else if (name == "tile_regs_release") {
        needed = DstPhase::Waited, next = DstPhase::Idle, needs = "DST waited for by tile_regs_wait";
    }
    if (state.dst != needed) {
        static const char* const phases[] = {"idle", "acquired", "committed", "waited"};
        raise_fault("dst-protocol", name + " needs " + needs + " but DST is " + phases[static_cast<int>(state.dst)],
                    {field("call", name), field("phase", std::string(phases[static_cast<int>(state.dst)]))});
    }
    state.dst = next;
    state.dst_held = next != DstPhase::Idle;
}

}  // namespace

const char* bcast_math(EltwiseBinaryType op, BroadcastType dim) {
    static const char* const names[3][3] = {
        {"bcast:add:row", "bcast:add:col", "bcast:add:scalar"},
        {"bcast:sub:row", "bcast:sub:col", "bcast:sub:scalar"},
        {"bcast:mul:row", "bcast:mul:col", "bcast:mul:scalar"},
    };
    const int o = op == EltwiseBinaryType::ELWADD ? 0 : op == EltwiseBinaryType::ELWSUB ? 1 : op == EltwiseBinaryType::ELWMUL ? 2 : -1;
    const int d = dim == BroadcastType::ROW ? 0 : dim == BroadcastType::COL ? 1 : dim == BroadcastType::SCALAR ? 2 : -1;
    if (o < 0 || d < 0) {
        raise_fault("unsupported-format", std::string("broadcast op ") + binary_name(op) + " over " + bcast_dim_name(dim) +
                                              " is not modelled");
    }
    return names[o][d];
}

const char* reduce_math(PoolType pool, ReduceDim dim) {
    static const char* const names[3][3] = {
        {"reduce:sum:row", "reduce:sum:col", "reduce:sum:scalar"},
        {"reduce:avg:row", "reduce:avg:col", "reduce:avg:scalar"},
        {"reduce:max:row", "reduce:max:col", "reduce:max:scalar"},
    };
    return names[pool][dim];
}

const char* reduce_uninit_skip(ReduceDim dim) {
    static const char* const names[3] = {"reduce:row", "reduce:col", "reduce:scalar"};
    return names[dim];
}

void pack_tile(std::uint32_t ifrom_dst, std::uint32_t icb, bool out_of_order, std::uint32_t output_tile_index) {
    const float* src = dst_tile(ifrom_dst, "pack_tile");
    KernelRun& kernel = current_kernel("pack_tile");
    dst_phase(kernel, "pack_tile");
    ++g_progress;
    CircularBuffer& cb = kernel_cb(kernel, icb, "pack_tile");
    const std::uint32_t offset = out_of_order ? output_tile_index : cb.packed;
    if (offset >= cb.reserved) {
        raise_fault("pack-unreserved", "pack_tile(" + std::to_string(ifrom_dst) + ", " + cb_name(icb) +
                                           ") writes page " + std::to_string(offset) + " past the back of the CB but only " +
                                           std::to_string(cb.reserved) + " pages were reserved with cb_reserve_back",
                    {field("cb", icb), field("page", offset), field("reserved", cb.reserved)});
    }
    if (cb.wr_page + offset >= cb.num_pages) {
        raise_fault("cb-ring-overrun", "pack_tile writes page " + std::to_string(offset) + " of " + cb_name(icb) +
                                           " past the end of its " + std::to_string(cb.num_pages) + "-page ring",
                    {field("cb", icb), field("page", offset)});
    }
    check_tile_page(cb, icb, "pack_tile");
    std::uint8_t* page = kernel.core->l1.get() + cb.base + (cb.wr_page + offset) * cb.page_size;
    const bool bf16 = cb.format == tt::DataFormat::Float16_b;
    const bool fp16 = cb.format == tt::DataFormat::Float16;
    const ComputeConfig& config = kernel.core->config;
    const int mask = config.pack_mask_dim >= 0 && config.pack_mask_cb == icb ? config.pack_mask_dim : -1;
    for (std::uint32_t r = 0; r < kTileRows; ++r) {
        for (std::uint32_t c = 0; c < kTileCols; ++c) {
            // reduce_init's packer mask writes zero outside the reduce result
            const float value = mask >= 0 && !reduce_result_lane(mask, r, c) ? 0.0f : src[r * kTileCols + c];
            const std::uint32_t at = face_offset(r, c);
            if (fp16) {
                const std::uint16_t bits = float_to_half(value);
                std::memcpy(page + at * 2, &bits, 2);
            } else if (bf16) {
                const std::uint16_t bits = bfloat16::round_to_bits(value);
                std::memcpy(page + at * 2, &bits, 2);
            } else {
                std::memcpy(page + at * 4, &value, 4);
            }
        }
    }
    if (!out_of_order) {
        ++cb.packed;
    }
}

// One line per SFPU unary of the op registry (ttmigrate/ops/registry.py, kind "sfpu"), in float32.
const std::map<std::string, float (*)(float)>& sfpu_formulas() {
    static const std::map<std::string, float (*)(float)> formulas = {
        {"exp", [](float x) { return std::exp(x); }},
        {"relu", [](float x) { return x > 0.0f ? x : 0.0f; }},
        {"sqrt", [](float x) { return std::sqrt(x); }},
        {"exp2", [](float x) { return std::exp2(x); }},
        {"log", [](float x) { return std::log(x); }},
        {"sigmoid", [](float x) { return 1.0f / (1.0f + std::exp(-x)); }},
        {"tanh", [](float x) { return std::tanh(x); }},
        {"rsqrt", [](float x) { return 1.0f / std::sqrt(x); }},
        {"recip", [](float x) { return 1.0f / x; }},
        {"silu", [](float x) { return x / (1.0f + std::exp(-x)); }},
    };
    return formulas;
}

// One line per scalar op of the registry (kind "scalar", and SFPU ops with a constant argument): DST op c, c the float32 that param1's bits
// encode (for div_scalar the host already inverted it: the SFPU multiplies, binop_with_scalar.h).
const std::map<std::string, float (*)(float, float)>& sfpu_scalar_formulas() {
    static const std::map<std::string, float (*)(float, float)> formulas = {
        {"add_scalar", [](float x, float c) { return x + c; }},
        {"sub_scalar", [](float x, float c) { return x - c; }},
        {"mul_scalar", [](float x, float c) { return x * c; }},
        {"div_scalar", [](float x, float c) { return x * c; }},
        {"rsub_scalar", [](float x, float c) { return c - x; }},
        // log_with_base_tile: ln(x) times base_scale (1 / ln(2) for log2)
        {"log2", [](float x, float c) { return std::log(x) * c; }},
    };
    return formulas;
}

void sfpu_binary(const char* op, std::uint32_t idst0, std::uint32_t idst1, std::uint32_t odst, const char* call) {
    // DST[odst] = op(DST[idst0], DST[idst1]), element by element, in float32 on the SFPU:
    // binary_max_min.h (max, min) and eltwise_binary_sfpu.h (ckernel_sfpu_binary.h: in0 + in1,
    // in0 - in1, in0 * in1). The SFPU reads DST as stored, so Float32 operands copied in under
    // UnpackToDestFp32 keep all 23 mantissa bits.
    const std::string name(op);
    float (*formula)(float, float) = nullptr;
    if (name == "max") {
        formula = [](float a, float b) { return std::max(a, b); };
    } else if (name == "min") {
        formula = [](float a, float b) { return std::min(a, b); };
    } else if (name == "add_binary") {
        formula = [](float a, float b) { return a + b; };
    } else if (name == "sub_binary") {
        formula = [](float a, float b) { return a - b; };
    } else if (name == "mul_binary") {
        formula = [](float a, float b) { return a * b; };
    } else {
        raise_fault("unsupported-format", std::string(call) + ": the emulator has no formula for SFPU binary " + op);
    }
    const std::string math = name == "max" || name == "min" ? "sfpu:binary_" + name : "sfpu:" + name;
    config_require(Engine::Sfpu, math.c_str(), call);
    const float* a = dst_tile(idst0, call);
    const float* b = dst_tile(idst1, call);
    float* out = dst_tile(odst, call);
    ++g_progress;
    // DST_ACCUM_MODE (the template default) is the ComputeConfig's fp32_dest_acc_en on hardware. With a
    // 16-bit DST the release narrows add / sub by truncation (DstRoundingMode::Default, SFPSTORE) and
    // mul to nearest even (ckernel_sfpu_binary.h 190-194, 211-217); the emulator does not read the
    // NearestEven template argument (docs/EMULATOR_CONFIG_STATE.md).
    const bool truncate = !current_kernel(call).numeric.fp32_dest_acc_en && (name == "add_binary" || name == "sub_binary");
    for (std::uint32_t i = 0; i < kTileElements; ++i) {
        float value = formula(a[i], b[i]);
        if (truncate) {
            value = truncate_mantissa(value, 7);
        }
        out[i] = value;
    }
    mark_written(odst);
}

void sfpu_scalar(const char* op, const char* math, std::uint32_t idst, std::uint32_t param1, bool fp32_dest,
                 const char* call) {
    config_require(Engine::Sfpu, math, call);
    const auto formula = sfpu_scalar_formulas().find(op);
    if (formula == sfpu_scalar_formulas().end()) {
        raise_fault("unsupported-format", std::string(call) + ": the emulator has no formula for scalar op " + op);
    }
    float scalar;
    std::memcpy(&scalar, &param1, sizeof(scalar));
    float* dst = dst_tile(idst, call);
    ++g_progress;
    const bool rne = std::string(op) == "rsub_scalar" && !fp32_dest;
    for (std::uint32_t i = 0; i < kTileElements; ++i) {
        float value = formula->second(dst[i], scalar);
        if (rne) {
            // the release rounds rsub's result to bfloat16 (nearest-even) when DST is 16-bit, so the
            // DST store's truncation is exact (ckernel_sfpu_binop_with_unary.h)
            const std::uint32_t word = static_cast<std::uint32_t>(bfloat16::round_to_bits(value)) << 16;
            std::memcpy(&value, &word, sizeof(value));
        }
        dst[i] = value;
    }
    mark_written(idst);
}

void sfpu_unary(const char* op, std::uint32_t idst, const char* call) {
    config_require(Engine::Sfpu, (std::string("sfpu:") + op).c_str(), call);
    if (current_kernel(call).numeric.math_approx_mode) {
        raise_fault("unmodelled-approx-mode", std::string(call) + ": the ComputeConfig sets math_approx_mode; the "
                                                  "emulator models the SFPU's exact " + op + " only");
    }
    const auto formula = sfpu_formulas().find(op);
    if (formula == sfpu_formulas().end()) {
        raise_fault("unsupported-format", std::string(call) + ": the emulator has no formula for SFPU op " + op);
    }
    float* dst = dst_tile(idst, call);
    ++g_progress;
    for (std::uint32_t i = 0; i < kTileElements; ++i) {
        dst[i] = formula->second(dst[i]);
    }
    mark_written(idst);
}

void reduce_tile(PoolType reduce_type, ReduceDim reduce_dim, std::uint32_t icb, std::uint32_t icb_scaler,
                 std::uint32_t itile, std::uint32_t itile_scaler, std::uint32_t idst) {
    config_require(Engine::Fpu, reduce_math(reduce_type, reduce_dim), "reduce_tile");
    require_fidelity("reduce_tile");
    float* dst = dst_tile(idst, "reduce_tile");
    Tile a;
    Tile scaler;
    unpack(icb, itile, a, "reduce_tile");
    unpack(icb_scaler, itile_scaler, scaler, "reduce_tile");
    const float s = scaler[0];
    for (std::uint32_t r : {0u, 16u}) {  // the first row of each face: what the hardware reads
        for (std::uint32_t c = 0; c < kTileCols; ++c) {
            const float v = scaler[r * kTileCols + c];
            if (!(v == s)) {
                raise_fault("reduce-scaler",
                            "reduce_tile: the scaler tile " + std::to_string(itile_scaler) + " of " + cb_name(icb_scaler) +
                                " holds " + std::to_string(v) + " at row " + std::to_string(r) + ", column " +
                                std::to_string(c) + " but " + std::to_string(s) +
                                " at (0, 0): the first row of every face must hold the one scaler value",
                            {field("cb", icb_scaler), field("row", r), field("col", c)});
            }
        }
    }
    bool& fresh = current_kernel("reduce_tile").core->dst_fresh[idst];
    const bool is_max = reduce_type == MAX;
    auto fold = [&](float& slot, float value) {
        if (!is_max) {
            slot += value;
        } else {
            slot = fresh ? value : std::max(slot, value);
        }
    };
    auto reduce_range = [&](std::uint32_t r0, std::uint32_t r1, std::uint32_t c0, std::uint32_t c1) {
        float acc = is_max ? -INFINITY : 0.0f;
        for (std::uint32_t r = r0; r < r1; ++r) {
            for (std::uint32_t c = c0; c < c1; ++c) {
                const float value = s * a[r * kTileCols + c];
                acc = is_max ? std::max(acc, value) : acc + value;
            }
        }
        return acc;
    };
    if (reduce_dim == REDUCE_ROW) {
        for (std::uint32_t r = 0; r < kTileRows; ++r) {
            fold(dst[r * kTileCols], reduce_range(r, r + 1, 0, kTileCols));
        }
    } else if (reduce_dim == REDUCE_COL) {
        for (std::uint32_t c = 0; c < kTileCols; ++c) {
            fold(dst[c], reduce_range(0, kTileRows, c, c + 1));
        }
    } else {
        fold(dst[0], reduce_range(0, kTileRows, 0, kTileCols));
    }
    for (std::uint32_t r = 0; r < kTileRows; ++r) {  // the rest of the tile is undefined: poisoned
        for (std::uint32_t c = 0; c < kTileCols; ++c) {
            if (!reduce_result_lane(static_cast<int>(reduce_dim), r, c)) {
                dst[r * kTileCols + c] = std::nanf("");
            }
        }
    }
    mark_written(idst);  // not fresh any more; DST stores at its precision
}

void reduce_pack_mask(ReduceDim dim, std::uint32_t ocb) {
    ComputeConfig& state = current_kernel("reduce_init").core->config;
    state.pack_mask_dim = static_cast<int>(dim);
    state.pack_mask_cb = ocb;
}

void reduce_pack_mask_clear() { current_kernel("reduce_uninit").core->config.pack_mask_dim = -1; }

void bcast_row_zero(std::uint32_t bcast_row_idx, const char* call) {
    if (bcast_row_idx != 0) {
        raise_fault("unsupported-format", std::string(call) + ": bcast_row_idx " + std::to_string(bcast_row_idx) +
                                              " (the emulator broadcasts row 0 of B only)");
    }
}

void binary_tiles(EltwiseBinaryType op, BroadcastType bcast, std::uint32_t icb0, std::uint32_t icb1,
                  std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst, const char* call) {
    eltwise(op, bcast, icb0, icb1, itile0, itile1, idst, call);
}

void tile_regs_acquire() {
    KernelRun& kernel = current_kernel("tile_regs_acquire");
    ++g_progress;
    dst_phase(kernel, "tile_regs_acquire");
    std::fill(kernel.core->dst.begin(), kernel.core->dst.end(), 0.0f);
    std::fill(std::begin(kernel.core->dst_fresh), std::end(kernel.core->dst_fresh), true);
}

void tile_regs_step(const char* call) {
    ++g_progress;
    dst_phase(current_kernel(call), call);
}


}  // namespace ttsim

using ttsim::kTileCols;
using ttsim::kTileElements;
using ttsim::kTileRows;

void ttsim::matmul_tiles(std::uint32_t in0_cb_id, std::uint32_t in1_cb_id, std::uint32_t in0_tile_index,
                         std::uint32_t in1_tile_index, std::uint32_t idst) {
    ttsim::config_require(ttsim::Engine::Fpu, "matmul", "matmul_tiles");
    ttsim::require_fidelity("matmul_tiles");
    const bool transpose = ttsim::config_transpose();  // B's transpose is unpacker state set by matmul_init
    float* dst = ttsim::dst_tile(idst, "matmul_tiles");
    float a[kTileElements];
    float b[kTileElements];
    ttsim::unpack(in0_cb_id, in0_tile_index, a, "matmul_tiles");
    ttsim::unpack(in1_cb_id, in1_tile_index, b, "matmul_tiles");
    if (transpose) {
        float t[kTileElements];
        for (std::uint32_t r = 0; r < kTileRows; ++r) {
            for (std::uint32_t c = 0; c < kTileCols; ++c) {
                t[c * kTileCols + r] = b[r * kTileCols + c];
            }
        }
        std::memcpy(b, t, sizeof(b));
    }
    // One MVMUL per pair of 16-deep faces, each accumulating into DST (tt-llk llk_math_matmul.h
    // matmul_configure_mop: B0A0, then B1A1): DST is stored, and in 16-bit mode rounded, after each.
    const ttsim::KernelRun& kernel = ttsim::current_kernel("matmul_tiles");
    for (std::uint32_t k0 = 0; k0 < kTileCols; k0 += 16) {
        for (std::uint32_t i = 0; i < kTileRows; ++i) {
            float row[kTileCols] = {};
            for (std::uint32_t k = k0; k < k0 + 16; ++k) {
                const float lhs = a[i * kTileCols + k];
                for (std::uint32_t j = 0; j < kTileCols; ++j) {
                    row[j] += lhs * b[k * kTileCols + j];
                }
            }
            for (std::uint32_t j = 0; j < kTileCols; ++j) {
                dst[i * kTileCols + j] += row[j];
            }
        }
        ttsim::store_dst(kernel, dst);
    }
    ttsim::mark_written(idst);
}

void ttsim::copy_tile(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    ttsim::config_require(ttsim::Engine::Fpu, "datacopy", "copy_tile");
    float* dst = ttsim::dst_tile(dst_tile_index, "copy_tile");
    ttsim::unpack(in_cb_id, in_tile_index, dst, "copy_tile", ttsim::UnpackTo::Dst);
    ttsim::mark_written(dst_tile_index);
}
