// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m
// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.
// Emulated api/compute/binary_max_min.h: max, min, in place on DST in float32 (approximation template
// flags are accepted and ignored: the emulator computes exactly).
#pragma once

#include "api/compute/common.h"

inline void binary_max_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:binary_max", 0, "binary_max_tile_init", 0);
}

inline void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, VectorMode vector_mode = VectorMode::RC) {
    (void)vector_mode;
    ttsim::sfpu_binary("max", idst0, idst1, odst, "binary_max_tile");
}

inline void binary_min_tile_init() {
    ttsim::config_init(ttsim::Engine::Sfpu, "sfpu:binary_min", 0, "binary_min_tile_init", 0);
}

inline void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, VectorMode vector_mode = VectorMode::RC) {
    (void)vector_mode;
    ttsim::sfpu_binary("min", idst0, idst1, odst, "binary_min_tile");
}

#ifndef TTSIM_RUNTIME
#define binary_max_tile_init TTSIM_TAG_LINE(binary_max_tile_init)
#define binary_min_tile_init TTSIM_TAG_LINE(binary_min_tile_init)
#define binary_max_tile TTSIM_TAG_LINE(binary_max_tile)
#define binary_min_tile TTSIM_TAG_LINE(binary_min_tile)
#endif
