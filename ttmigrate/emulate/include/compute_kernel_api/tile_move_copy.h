// Emulated compute_kernel_api/tile_move_copy.h: DST[idst] = tile.
#pragma once

#include "compute_kernel_api/common.h"

void copy_tile_init(std::uint32_t cbid);
void copy_tile(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index);
