// Emulated tt-metalium/distributed.hpp (see ttsim/mesh.h).
#pragma once

#include "ttsim/mesh.h"
