// Precompiled for data-movement kernels: what the wrapper of a kernel unit includes (the kernel
// registry) and what a reader or writer includes (api/dataflow/dataflow_api.h, which the device's
// brisck.cc/ncrisck.cc include ahead of every data-movement kernel as well). The wrapper of a
// kernel file that includes dataflow_api.h starts with this file, so g++ loads the cached .gch (one
// built with the kernel flags, one with the narrowing check's) instead of parsing the headers again;
// both are `#pragma once`, so the kernel's own include of them then adds nothing. (A guard, not
// `#pragma once`: g++ 12 builds the header as a main file, where -Wall -Werror rejects the pragma.)
#ifndef TTSIM_DATAFLOW_PCH_H
#define TTSIM_DATAFLOW_PCH_H

#include "api/dataflow/dataflow_api.h"
#include "ttsim/registry.h"

#endif
