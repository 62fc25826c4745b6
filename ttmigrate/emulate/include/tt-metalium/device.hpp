// Emulated tt-metalium/device.hpp (see ttsim/host.h).
#pragma once

#include "ttsim/host.h"
