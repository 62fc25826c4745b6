// Emulated tt-metalium/mesh_device.hpp (see ttsim/mesh.h).
#pragma once

#include "ttsim/mesh.h"
