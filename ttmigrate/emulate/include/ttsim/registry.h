// Registration of compiled kernel entry points by file name. The harness generates one wrapper
// translation unit per kernel file that renames its entry point and registers it here.
#pragma once

namespace ttsim {

using KernelEntry = void (*)();

struct KernelRegistration {
    // data_movement: the renamed `kernel_main`; compute: the renamed `NAMESPACE::MAIN`.
    // Either may be null (weak symbol not defined by the kernel file).
    KernelRegistration(const char* file_name, KernelEntry data_movement, KernelEntry compute);
};

}  // namespace ttsim
