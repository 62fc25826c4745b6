// Emulated compute_kernel_api/eltwise_unary/eltwise_unary.h.
#pragma once

#include "compute_kernel_api/common.h"

void unary_op_init_common(std::uint32_t icb, std::uint32_t ocb);
void init_sfpu(std::uint32_t icb, std::uint32_t ocb);
