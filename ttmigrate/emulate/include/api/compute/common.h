// Emulated api/compute/common.h (tt-metal v0.81.1): the compute-kernel basics every compute header
// includes: CB access, the DST register protocol, pack_tile and the hardware start-up.
#pragma once

#include <cstdint>

#include "api/compute/cb_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/reg_api.h"
