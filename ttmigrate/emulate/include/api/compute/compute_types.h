// Types and constants the emulated compute headers share (in the release they come from the LLK
// headers). Not a tt-metal header: included only by the emulated api/compute/*.h.
#pragma once

#include <cstdint>

#include "ttsim/kernel_api.h"

// DST accumulation mode default of the templated compute calls (ComputeConfig.fp32_dest_acc_en);
// the emulator's DST is always float32, so the flag is accepted and does not change results.
#define DST_ACCUM_MODE false

enum class SrcOrder : std::uint8_t { Regular = 0, Reverse = 1 };
enum class BroadcastType { NONE, ROW, COL, SCALAR };
enum class EltwiseBinaryType { ELWMUL, ELWDIV, ELWADD, ELWSUB, ELWLESS };
enum PoolType { SUM, AVG, MAX };
enum ReduceDim { REDUCE_ROW, REDUCE_COL, REDUCE_SCALAR };
enum VectorMode { None = 0, R = 1, C = 2, RC = 4, RC_custom = 6, Invalid = 0xFF };
enum class InputClamping : std::uint8_t { ClampToNegative = 1, None = 0 };
enum class RsqrtMode { Default, Fast };
enum class ReciprocalDestAcc { BF16, FP32 };
enum class ReciprocalApproxMode { Default, Precise, Approximate };
namespace ckernel {
// how an SFPU binary narrows its result to a 16-bit DST (tt-llk ckernel_defs.h)
enum class DstRoundingMode : std::uint8_t { Default = 0, NearestEven = 1 };
}  // namespace ckernel
namespace p_sfpu {
constexpr std::uint16_t kCONST_1_FP16B = 0x3F80;
}  // namespace p_sfpu

namespace ttsim {
// DST[idst] = op(DST[idst]) for the SFPU unary `op`, a registry op name (ttmigrate/ops/registry.py,
// kind "sfpu"); an op the runtime has no formula for is a fault.
void sfpu_unary(const char* op, std::uint32_t idst, const char* call);
// DST[idst] = op(DST[idst], c) for the scalar op `op` (kind "scalar", or an SFPU op with a constant
// argument), c the float32 whose bits are param1, under the SFPU configuration `math`; fp32_dest: the
// call's is_fp32_dest_acc_en (rsub rounds to bfloat16 without it).
// DST[odst] = op(DST[idst0], DST[idst1]) for the SFPU binaries (kind "sfpu_binary": max, min of
// binary_max_min.h; add_binary, sub_binary, mul_binary of eltwise_binary_sfpu.h).
void sfpu_binary(const char* op, std::uint32_t idst0, std::uint32_t idst1, std::uint32_t odst, const char* call);
void sfpu_scalar(const char* op, const char* math, std::uint32_t idst, std::uint32_t param1, bool fp32_dest,
                 const char* call);
}  // namespace ttsim
