// Emulated compute_kernel_api/matmul.h.
#pragma once

#include "compute_kernel_api/common.h"

void mm_init(std::uint32_t in0_cb_id = 0, std::uint32_t in1_cb_id = 1, std::uint32_t out_cb_id = 16,
             std::uint32_t transpose = 0);

// DST[idst] += A * B, with A the in0 tile at the front of in0_cb (+ in0_tile_index) and B the in1
// tile (transposed when `transpose`). Products and sums in float32; never clears DST.
void matmul_tiles(std::uint32_t in0_cb_id, std::uint32_t in1_cb_id, std::uint32_t in0_tile_index,
                  std::uint32_t in1_tile_index, std::uint32_t idst, bool transpose);
