// Precompiled for host programs: the standard headers a generated main.cpp uses and the emulated
// tt-metalium host headers. The harness compiles main.cpp through a wrapper whose first line
// includes this file, so g++ loads the cached .gch instead of parsing these headers again.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <optional>
#include <utility>

#include "tt-metalium/bfloat16.hpp"
#include "tt-metalium/distributed.hpp"
#include "tt-metalium/host_api.hpp"
#include "tt-metalium/mesh_buffer.hpp"
#include "tt-metalium/mesh_device.hpp"
#include "tt-metalium/tilize_utils.hpp"
