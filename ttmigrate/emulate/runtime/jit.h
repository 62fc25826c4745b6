// Kernels compiled at CreateKernel with their compile_args and defines (jit.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "internal.h"

namespace ttsim {
// Whether the harness configured compiling kernels at CreateKernel (a program folder run).
bool jit_enabled();
// The entry points of the kernel the host names `path`, compiled for this config; `name` is set
// to the name the kernel is reported under.
KernelBinary jit_kernel(const std::string& path, const std::vector<std::uint32_t>& compile_args,
                        const std::map<std::string, std::string>& defines, bool compute, std::string& name);
}  // namespace ttsim
