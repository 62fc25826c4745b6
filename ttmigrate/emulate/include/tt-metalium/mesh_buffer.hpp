// Emulated tt-metalium/mesh_buffer.hpp (see ttsim/mesh.h).
#pragma once

#include "ttsim/mesh.h"
