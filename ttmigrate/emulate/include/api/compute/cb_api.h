// Emulated api/compute/cb_api.h: the CB calls (shared with data-movement kernels, ttsim/kernel_api.h).
#pragma once

#include "ttsim/kernel_api.h"
