// The compute engine's configuration state (ttsim/config.h). Start-up runs once, before any
// other compute call and outside a DST-held section; each init programs one engine (unpacker +
// FPU, or SFPU) for one op; each op checks its engine is programmed for it. A mismatch is an
// `init-state` fault naming the op, what it needs, what is configured, and the source line.
#include "ttsim/config.h"

#include <string>

#include "internal.h"

namespace ttsim {
namespace {

thread_local std::uint32_t t_call_line = 0;

ComputeConfig& config(const char* call) {
    KernelRun& kernel = current_kernel(call);
    if (!kernel.compute) {
        raise_fault("compute-api-in-data-movement", std::string(call) + " called from data-movement kernel " +
                                                        kernel.name);
    }
    return kernel.core->config;
}

std::string at_line(std::uint32_t line) { return line ? " at line " + std::to_string(line) : std::string(); }

std::string describe(const EngineConfig& engine) {
    if (engine.math.empty()) {
        return "nothing (no init since compute_kernel_hw_startup)";
    }
    std::string text = engine.math;
    if (engine.math == "matmul") {
        text += engine.transpose ? " with transpose" : " without transpose";
    }
    return text + " by " + engine.init + at_line(engine.line);
}

[[noreturn]] void init_state(const std::string& call, const std::string& needs, const std::string& configured,
                             const std::string& message, std::uint32_t line) {
    raise_fault("init-state", call + at_line(line) + ": " + message,
                {field("op", call), field("needs", needs), field("configured", configured), field("line", line)});
}

void require_started(ComputeConfig& state, const char* call, std::uint32_t line) {
    if (!state.started) {
        init_state(call, "compute_kernel_hw_startup", "nothing",
                   std::string("runs before compute_kernel_hw_startup (the hardware start-up must come first, once)"),
                   line);
    }
}

}  // namespace

CallLine::CallLine(std::uint32_t line) { t_call_line = line; }
void set_call_line(std::uint32_t line) { t_call_line = line; }

void hw_startup(std::uint32_t, std::uint32_t, std::uint32_t) {
    ComputeConfig& state = config("compute_kernel_hw_startup");
    const std::uint32_t line = t_call_line;
    if (state.started) {
        init_state("compute_kernel_hw_startup", "one start-up at kernel start",
                   "start-up already ran" + at_line(state.startup_line),
                   "the hardware start-up runs again (it must run once, at the start of the kernel, never in a loop "
                   "or mid-kernel)",
                   line);
    }
    if (state.dst_held) {
        init_state("compute_kernel_hw_startup", "an idle engine", "DST held by tile_regs_acquire",
                   "the hardware start-up runs inside a DST-held section", line);
    }
    state.started = true;
    state.startup_line = line;
    state.fpu = EngineConfig{};
    state.sfpu = EngineConfig{};
}

void config_init(Engine engine, const char* math, std::uint32_t transpose, const char* init, std::uint32_t line,
                 const char* uninit, const char* uninit_skip) {
    ComputeConfig& state = config(init);
    line = line ? line : t_call_line;  // inits without call_line at this release are tagged (config.h)
    require_started(state, init, line);
    EngineConfig& slot = engine == Engine::Fpu ? state.fpu : state.sfpu;
    if (!slot.uninit.empty()) {
        // the registry's uninit_skip_key: the next op may skip the uninit when its key is the same
        const bool skipped = !slot.uninit_skip.empty() && uninit_skip != nullptr && slot.uninit_skip == uninit_skip;
        if (!skipped) {
            init_state(init, slot.uninit + " before another op's init", describe(slot),
                       std::string("programs ") + math + " while " + describe(slot) + " is still set; " + slot.uninit +
                           " must undo it first",
                       line);
        }
    }
    slot.math = math;
    slot.init = init;
    slot.line = line;
    slot.transpose = transpose;
    slot.uninit = uninit ? uninit : "";
    slot.uninit_skip = uninit_skip ? uninit_skip : "";
}

void config_uninit(const char* math_prefix, const char* call, std::uint32_t line) {
    ComputeConfig& state = config(call);
    line = line ? line : t_call_line;
    require_started(state, call, line);
    if (state.fpu.uninit != call || state.fpu.math.rfind(math_prefix, 0) != 0) {
        init_state(call, std::string("a configured ") + math_prefix + " op", describe(state.fpu),
                   std::string("undoes ") + math_prefix + " but the engine is configured for " + describe(state.fpu),
                   line);
    }
    state.fpu.uninit.clear();
    state.fpu.math = "uninit:" + state.fpu.math;  // the reduce mode is undone, no op is configured
    state.fpu.init = call;
    state.fpu.line = line;
}

void config_require(Engine engine, const char* math, const char* call) {
    ComputeConfig& state = config(call);
    const std::uint32_t line = t_call_line;
    require_started(state, call, line);
    const EngineConfig& slot = engine == Engine::Fpu ? state.fpu : state.sfpu;
    if (state.dst != DstPhase::Acquired) {
        raise_fault("dst-protocol", std::string(call) + at_line(line) +
                                        " writes DST outside an acquired section (tile_regs_acquire .. tile_regs_commit)",
                    {field("call", std::string(call)), field("line", line)});
    }
    if (slot.math != math) {
        init_state(call, math, describe(slot),
                   std::string("needs ") + math + " but the " + (engine == Engine::Fpu ? "unpacker/FPU" : "SFPU") +
                       " is configured for " + describe(slot),
                   line);
    }
}

bool config_transpose() { return current_kernel("matmul_tiles").core->config.fpu.transpose != 0; }

}  // namespace ttsim
