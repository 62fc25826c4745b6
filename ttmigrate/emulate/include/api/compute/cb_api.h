// Emulated api/compute/cb_api.h: the CB calls of compute kernels (uint32_t ids and counts, as in the
// release; data-movement kernels get the int32_t forms from api/dataflow/dataflow_api.h).
#pragma once

#include <cstdint>

#include "ttsim/kernel_api.h"

inline void cb_wait_front(std::uint32_t cbid, std::uint32_t ntiles) { ttsim::cb_wait_front(cbid, ntiles); }
inline void cb_pop_front(std::uint32_t cbid, std::uint32_t ntiles) { ttsim::cb_pop_front(cbid, ntiles); }
inline void cb_reserve_back(std::uint32_t cbid, std::uint32_t ntiles) { ttsim::cb_reserve_back(cbid, ntiles); }
inline void cb_push_back(std::uint32_t cbid, std::uint32_t ntiles) { ttsim::cb_push_back(cbid, ntiles); }
