// Generated from the op registry (ttmigrate/ops/registry.py) by `python -m
// ttmigrate.emulate.bcast_header`: edit the registry, not this file.
// Emulated api/compute/bcast.h. BroadcastType::ROW broadcasts the first row of B across all rows,
// COL the first column across all columns, SCALAR element (0, 0). DST[idst] = A op broadcast(B)
// (overwrites DST[idst]). The inits are short inits: they program the unpacker and FPU for the
// broadcast op and dim (ttsim/config.h).
#pragma once

#include "api/compute/common.h"
#include "api/compute/eltwise_binary.h"

namespace ttsim {
// The emulator broadcasts row 0 of B only; another bcast_row_idx is reported as a fault.
void bcast_row_zero(std::uint32_t bcast_row_idx, const char* call);
// The registry's ConfigState.math of a broadcast op ("bcast:<op>:<dim>").
const char* bcast_math(EltwiseBinaryType op, BroadcastType dim);
}  // namespace ttsim

template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
inline void bcast_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, ttsim::bcast_math(tBcastOp, tBcastDim), 0, "bcast_init", call_line);
}

template <BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttsim::bcast_row_zero(bcast_row_idx, "add_tiles_bcast");
    ttsim::config_unpack("add_tiles_bcast", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWADD, tBcastDim, icb0, icb1, itile0, itile1, idst, "add_tiles_bcast");
}

inline void add_bcast_rows_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:add:row", 0, "add_bcast_rows_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttsim::bcast_row_zero(bcast_row_idx, "add_tiles_bcast_rows");
    ttsim::config_unpack("add_tiles_bcast_rows", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWADD, BroadcastType::ROW, icb0, icb1, itile0, itile1, idst, "add_tiles_bcast_rows");
}

inline void add_bcast_cols_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:add:col", 0, "add_bcast_cols_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    ttsim::config_unpack("add_tiles_bcast_cols", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWADD, BroadcastType::COL, icb0, icb1, itile0, itile1, idst, "add_tiles_bcast_cols");
}

inline void add_bcast_scalar_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:add:scalar", 0, "add_bcast_scalar_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void add_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    ttsim::config_unpack("add_tiles_bcast_scalar", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWADD, BroadcastType::SCALAR, icb0, icb1, itile0, itile1, idst, "add_tiles_bcast_scalar");
}

template <BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttsim::bcast_row_zero(bcast_row_idx, "sub_tiles_bcast");
    ttsim::config_unpack("sub_tiles_bcast", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWSUB, tBcastDim, icb0, icb1, itile0, itile1, idst, "sub_tiles_bcast");
}

inline void sub_bcast_rows_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:sub:row", 0, "sub_bcast_rows_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttsim::bcast_row_zero(bcast_row_idx, "sub_tiles_bcast_rows");
    ttsim::config_unpack("sub_tiles_bcast_rows", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWSUB, BroadcastType::ROW, icb0, icb1, itile0, itile1, idst, "sub_tiles_bcast_rows");
}

inline void sub_bcast_cols_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:sub:col", 0, "sub_bcast_cols_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    ttsim::config_unpack("sub_tiles_bcast_cols", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWSUB, BroadcastType::COL, icb0, icb1, itile0, itile1, idst, "sub_tiles_bcast_cols");
}

inline void sub_bcast_scalar_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:sub:scalar", 0, "sub_bcast_scalar_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sub_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    ttsim::config_unpack("sub_tiles_bcast_scalar", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWSUB, BroadcastType::SCALAR, icb0, icb1, itile0, itile1, idst, "sub_tiles_bcast_scalar");
}

template <BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttsim::bcast_row_zero(bcast_row_idx, "mul_tiles_bcast");
    ttsim::config_unpack("mul_tiles_bcast", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWMUL, tBcastDim, icb0, icb1, itile0, itile1, idst, "mul_tiles_bcast");
}

inline void mul_bcast_rows_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:mul:row", 0, "mul_bcast_rows_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttsim::bcast_row_zero(bcast_row_idx, "mul_tiles_bcast_rows");
    ttsim::config_unpack("mul_tiles_bcast_rows", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWMUL, BroadcastType::ROW, icb0, icb1, itile0, itile1, idst, "mul_tiles_bcast_rows");
}

inline void mul_bcast_cols_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:mul:col", 0, "mul_bcast_cols_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    ttsim::config_unpack("mul_tiles_bcast_cols", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWMUL, BroadcastType::COL, icb0, icb1, itile0, itile1, idst, "mul_tiles_bcast_cols");
}

inline void mul_bcast_scalar_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)icb0, (void)icb1;
    ttsim::config_init(ttsim::Engine::Fpu, "bcast:mul:scalar", 0, "mul_bcast_scalar_init", call_line);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void mul_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    ttsim::config_unpack("mul_tiles_bcast_scalar", icb0, icb1);
    ttsim::binary_tiles(EltwiseBinaryType::ELWMUL, BroadcastType::SCALAR, icb0, icb1, itile0, itile1, idst, "mul_tiles_bcast_scalar");
}

#ifndef TTSIM_RUNTIME
#define add_tiles_bcast_rows TTSIM_TAG_LINE(add_tiles_bcast_rows)
#define add_tiles_bcast_cols TTSIM_TAG_LINE(add_tiles_bcast_cols)
#define add_tiles_bcast_scalar TTSIM_TAG_LINE(add_tiles_bcast_scalar)
#define sub_tiles_bcast_rows TTSIM_TAG_LINE(sub_tiles_bcast_rows)
#define sub_tiles_bcast_cols TTSIM_TAG_LINE(sub_tiles_bcast_cols)
#define sub_tiles_bcast_scalar TTSIM_TAG_LINE(sub_tiles_bcast_scalar)
#define mul_tiles_bcast_rows TTSIM_TAG_LINE(mul_tiles_bcast_rows)
#define mul_tiles_bcast_cols TTSIM_TAG_LINE(mul_tiles_bcast_cols)
#define mul_tiles_bcast_scalar TTSIM_TAG_LINE(mul_tiles_bcast_scalar)
#define add_tiles_bcast TTSIM_TAG_LINE(add_tiles_bcast)
#define sub_tiles_bcast TTSIM_TAG_LINE(sub_tiles_bcast)
#define mul_tiles_bcast TTSIM_TAG_LINE(mul_tiles_bcast)
#endif
