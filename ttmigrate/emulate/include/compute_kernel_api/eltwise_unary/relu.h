// Emulated compute_kernel_api/eltwise_unary/relu.h: DST[idst] = max(DST[idst], 0).
#pragma once

#include "compute_kernel_api/common.h"

void relu_tile_init();
void relu_tile(std::uint32_t idst);
