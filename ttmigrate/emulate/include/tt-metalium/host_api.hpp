// Emulated tt-metalium/host_api.hpp (see ttsim/host.h).
#pragma once

#include "ttsim/host.h"
