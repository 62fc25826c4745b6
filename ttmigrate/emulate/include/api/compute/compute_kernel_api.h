// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/compute_kernel_api.h: exp2, log, log2, sigmoid, tanh, silu, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void exp2_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:exp2", 0, "exp2_tile_init", 0);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void exp2_tile(uint32_t idst) {
    ttsim::sfpu_unary("exp2", idst, "exp2_tile");
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void log_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:log", 0, "log_tile_init", 0);
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void log_tile(uint32_t idst) {
    ttsim::sfpu_unary("log", idst, "log_tile");
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void log_with_base_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:log2", 0, "log_with_base_tile_init", 0);
}

template <bool fast_and_approx = false, bool base_is_two = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void log_with_base_tile(uint32_t idst, uint32_t base_scale) {
    ttsim::sfpu_scalar("log2", "sfpu:log2", idst, base_scale, is_fp32_dest_acc_en, "log_with_base_tile");
}

template <bool fast_and_approx = false>
inline void sigmoid_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:sigmoid", 0, "sigmoid_tile_init", 0);
}

template <VectorMode vec_mode = VectorMode::RC, bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void sigmoid_tile(uint32_t idst) {
    ttsim::sfpu_unary("sigmoid", idst, "sigmoid_tile");
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void tanh_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:tanh", 0, "tanh_tile_init", 0);
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void tanh_tile(uint32_t idst) {
    ttsim::sfpu_unary("tanh", idst, "tanh_tile");
}

inline void silu_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:silu", 0, "silu_tile_init", 0);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
inline void silu_tile(uint32_t idst) {
    ttsim::sfpu_unary("silu", idst, "silu_tile");
}

#ifndef TTSIM_RUNTIME
#define exp2_tile_init TTSIM_TAG_LINE(exp2_tile_init)
#define log_tile_init TTSIM_TAG_LINE(log_tile_init)
#define log_with_base_tile_init TTSIM_TAG_LINE(log_with_base_tile_init)
#define sigmoid_tile_init TTSIM_TAG_LINE(sigmoid_tile_init)
#define tanh_tile_init TTSIM_TAG_LINE(tanh_tile_init)
#define silu_tile_init TTSIM_TAG_LINE(silu_tile_init)
#define exp2_tile TTSIM_TAG_LINE(exp2_tile)
#define log_tile TTSIM_TAG_LINE(log_tile)
#define log_with_base_tile TTSIM_TAG_LINE(log_with_base_tile)
#define sigmoid_tile TTSIM_TAG_LINE(sigmoid_tile)
#define tanh_tile TTSIM_TAG_LINE(tanh_tile)
#define silu_tile TTSIM_TAG_LINE(silu_tile)
#endif
