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

void hw_startup(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t ocb, bool reverse) {
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
    // compute_kernel_hw_startup.h: src_a_cb = reverse ? icb1 : icb0, src_b_cb = reverse ? icb0 : icb1
    KernelRun& kernel = current_kernel("compute_kernel_hw_startup");
    const auto program = [&](FormatConfig& slot, std::uint32_t cb) {
        slot = FormatConfig{kernel_cb(kernel, cb, "compute_kernel_hw_startup").format, cb,
                            "compute_kernel_hw_startup", line};
    };
    program(state.srca, reverse ? icb1 : icb0);
    program(state.srcb, reverse ? icb0 : icb1);
    program(state.pack, ocb);
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

namespace {

const char* format_name(tt::DataFormat format) {
    switch (format) {
        case tt::DataFormat::Float32: return "Float32";
        case tt::DataFormat::Float16: return "Float16";
        case tt::DataFormat::Bfp8: return "Bfp8";
        case tt::DataFormat::Bfp4: return "Bfp4";
        case tt::DataFormat::Float16_b: return "Float16_b";
        case tt::DataFormat::Bfp8_b: return "Bfp8_b";
        case tt::DataFormat::Bfp4_b: return "Bfp4_b";
        case tt::DataFormat::Int32: return "Int32";
        case tt::DataFormat::UInt16: return "UInt16";
        case tt::DataFormat::UInt32: return "UInt32";
        default: return "Invalid";
    }
}

const char* operand_name(unsigned operand) {
    return operand == kSrcA ? "srcA" : operand == kSrcB ? "srcB" : "the packer";
}

// The call that programs `operand` for a CB's format: what the fault names as missing.
const char* reconfig_call(unsigned operand) {
    return operand == kSrcA   ? "reconfig_data_format_srca"
           : operand == kSrcB ? "reconfig_data_format_srcb"
                              : "pack_reconfig_data_format";
}

FormatConfig& slot_of(ComputeConfig& state, unsigned operand) {
    return operand == kSrcA ? state.srca : operand == kSrcB ? state.srcb : state.pack;
}

std::string describe_format(const FormatConfig& slot) {
    return std::string(format_name(slot.format)) + " (CB " + cb_name(slot.cb) + ") by " + slot.by + at_line(slot.line);
}

// Faults unless `operand` is programmed for the format of `cb`, which `call` reads or writes.
void require_format(ComputeConfig& state, KernelRun& kernel, unsigned operand, std::uint32_t cb, const char* call,
                    std::uint32_t line) {
    const tt::DataFormat format = kernel_cb(kernel, cb, call).format;
    const FormatConfig& slot = slot_of(state, operand);
    if (slot.format == format) {
        return;
    }
    // On hardware the unpacker / packer converts with the programmed format: the bytes of the CB are
    // read or written as the wrong type. There are no right numbers to give, so this is a fault.
    init_state(call, std::string(format_name(format)) + " on " + operand_name(operand) + " (CB " + cb_name(cb) + ")",
               describe_format(slot),
               std::string(operand == kPack ? "packs into " : "unpacks ") + "CB " + cb_name(cb) + " (" +
                   format_name(format) + ") but " + operand_name(operand) + " is configured for " +
                   describe_format(slot) + "; " + reconfig_call(operand) + "(" + cb_name(cb) +
                   ") is missing before it",
               line);
}

}  // namespace

void config_reconfig(unsigned which, std::uint32_t cb_a, std::uint32_t cb_b, const char* call, std::uint32_t old_a,
                     std::uint32_t old_b) {
    ComputeConfig& state = config(call);
    KernelRun& kernel = current_kernel(call);
    const std::uint32_t line = t_call_line;
    require_started(state, call, line);
    for (const unsigned operand : {kSrcA, kSrcB, kPack}) {
        if ((which & operand) == 0) {
            continue;
        }
        const std::uint32_t cb = operand == kSrcB ? cb_b : cb_a;
        const std::uint32_t old = operand == kSrcB ? old_b : old_a;
        const tt::DataFormat format = kernel_cb(kernel, cb, call).format;
        // the conditional overloads compare the operands' descriptors, not the hardware state: a
        // stale `old` claim skips the reconfig (reconfig_data_format.h)
        if (old != kNoCb && kernel_cb(kernel, old, call).format == format) {
            continue;
        }
        slot_of(state, operand) = FormatConfig{format, cb, call, line};
    }
}

void config_unpack(const char* call, std::uint32_t srca_cb, std::uint32_t srcb_cb) {
    ComputeConfig& state = config(call);
    KernelRun& kernel = current_kernel(call);
    const std::uint32_t line = t_call_line;
    require_started(state, call, line);
    if (srca_cb != kNoCb) {
        require_format(state, kernel, kSrcA, srca_cb, call, line);
    }
    if (srcb_cb != kNoCb) {
        require_format(state, kernel, kSrcB, srcb_cb, call, line);
    }
}

void config_pack(std::uint32_t ocb) {
    ComputeConfig& state = config("pack_tile");
    KernelRun& kernel = current_kernel("pack_tile");
    const std::uint32_t line = t_call_line;
    require_started(state, "pack_tile", line);
    require_format(state, kernel, kPack, ocb, "pack_tile", line);
}

bool config_transpose() { return current_kernel("matmul_tiles").core->config.fpu.transpose != 0; }

}  // namespace ttsim
