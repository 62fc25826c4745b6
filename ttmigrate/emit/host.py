"""``main.cpp``: the host program, printed from a ``ProgramSpec``.

Classic single-device Metalium API (docs/METALIUM_SUBSET.md): device, DRAM buffers, circular
buffers, the three kernels, per-core runtime arguments, then write inputs, run, read outputs.
Tensor data comes from ``<data_dir>/<param>.bin`` (float32, row-major, logical shape).
"""

from __future__ import annotations

from .cpp import CppWriter
from .program import DramTensor, ProgramSpec, RuntimeArg

_INCLUDES = """#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tilize_utils.hpp>

using namespace tt;
using namespace tt::tt_metal;
"""

# Host-side tensor I/O: plain C++ around the real tilize_nfaces/untilize_nfaces helpers.
_TENSOR_IO = """namespace {

float as_float(float value) { return value; }
float as_float(const bfloat16& value) { return value.to_float(); }

// Reads a row-major float32 tensor of batch x rows x cols, pads each matrix with zeros to
// padded_rows x padded_cols, and returns it tilized (32x32 tiles, 16x16 faces) as T.
template <typename T>
std::vector<T> load_tilized(const std::string& path, uint32_t batch, uint32_t rows, uint32_t cols,
                            uint32_t padded_rows, uint32_t padded_cols) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    std::vector<float> values(static_cast<size_t>(batch) * rows * cols);
    in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (!in) {
        throw std::runtime_error("short read from " + path);
    }
    std::vector<T> tiles;
    tiles.reserve(static_cast<size_t>(batch) * padded_rows * padded_cols);
    for (uint32_t b = 0; b < batch; ++b) {
        std::vector<T> matrix(static_cast<size_t>(padded_rows) * padded_cols, T(0.0f));
        for (uint32_t r = 0; r < rows; ++r) {
            for (uint32_t c = 0; c < cols; ++c) {
                matrix[static_cast<size_t>(r) * padded_cols + c] =
                    T(values[(static_cast<size_t>(b) * rows + r) * cols + c]);
            }
        }
        std::vector<T> tilized = tilize_nfaces(matrix, padded_rows, padded_cols);
        tiles.insert(tiles.end(), tilized.begin(), tilized.end());
    }
    return tiles;
}

// Inverse of load_tilized: untilizes each matrix, crops the padding and writes float32.
template <typename T>
void store_untilized(const std::string& path, const std::vector<T>& tiles, uint32_t batch, uint32_t rows,
                     uint32_t cols, uint32_t padded_rows, uint32_t padded_cols) {
    std::vector<float> values(static_cast<size_t>(batch) * rows * cols);
    const size_t matrix_size = static_cast<size_t>(padded_rows) * padded_cols;
    for (uint32_t b = 0; b < batch; ++b) {
        std::vector<T> tilized(tiles.begin() + b * matrix_size, tiles.begin() + (b + 1) * matrix_size);
        std::vector<T> matrix = untilize_nfaces(tilized, padded_rows, padded_cols);
        for (uint32_t r = 0; r < rows; ++r) {
            for (uint32_t c = 0; c < cols; ++c) {
                values[(static_cast<size_t>(b) * rows + r) * cols + c] =
                    as_float(matrix[static_cast<size_t>(r) * padded_cols + c]);
            }
        }
    }
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

}  // namespace
"""


_HOST_TYPES = {"bfloat16": "bfloat16", "float32": "float"}


def _array(values: list[int]) -> str:
    return "{" + ", ".join(str(v) for v in values) + "}"


def _dims(tensor: DramTensor) -> str:
    """The load_tilized / store_untilized shape arguments: batch, logical and padded matrix size."""
    t = tensor
    return f"{t.batch}, {t.rows}, {t.cols}, {t.tiles_h * 32}, {t.tiles_w * 32}"


def _arg_expr(arg: RuntimeArg) -> str:
    if arg.kind == "addr":
        return f"buf_{arg.buffer}->address()"
    if arg.kind == "start":
        return "work_start[core_id]"
    if arg.kind == "count":
        return "work_count[core_id]"
    return str(arg.value)


def render_host(spec: ProgramSpec) -> str:
    out = CppWriter()
    out.emit(*_INCLUDES.rstrip("\n").split("\n"))
    out.emit_line()
    out.emit(*_TENSOR_IO.rstrip("\n").split("\n"))
    out.emit_line()
    cols, rows = spec.core_range
    n_cores = spec.num_range_cores
    work = list(spec.core_work) + [(0, 0)] * (n_cores - spec.num_active_cores)
    with out.block("int main(int argc, char** argv)"):
        out.emit_line('const std::string data_dir = argc > 1 ? argv[1] : ".";')
        out.emit_line(f"constexpr uint32_t num_cores = {n_cores};")
        out.emit_line(f"constexpr uint32_t work_start[num_cores] = {_array([s for s, _ in work])};")
        out.emit_line(f"constexpr uint32_t work_count[num_cores] = {_array([c for _, c in work])};")
        out.emit_line()
        out.emit(
            "IDevice* device = CreateDevice(0);",
            "CommandQueue& cq = device->command_queue();",
            "Program program = CreateProgram();",
            f"CoreRange cores({{0, 0}}, {{{cols - 1}, {rows - 1}}});",
        )
        out.emit_line()
        for t in spec.tensors:
            out.emit_line(
                f"std::shared_ptr<Buffer> buf_{t.name} = CreateBuffer(InterleavedBufferConfig{{"
                f".device = device, .size = {t.num_pages * t.page_size}, .page_size = {t.page_size}, "
                f".buffer_type = BufferType::DRAM}});"
            )
        out.emit_line()
        for cb in spec.circular_buffers:
            index = f"tt::CBIndex::c_{cb.cb_id}"
            out.emit_line(
                f"CreateCircularBuffer(program, cores, CircularBufferConfig({cb.num_pages * cb.page_size}, "
                f"{{{{{index}, tt::DataFormat::{cb.data_format}}}}}).set_page_size({index}, {cb.page_size}));"
            )
        out.emit_line()
        out.emit(
            'KernelHandle reader = CreateKernel(program, "reader.cpp", cores, DataMovementConfig{'
            ".processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});",
            'KernelHandle writer = CreateKernel(program, "writer.cpp", cores, DataMovementConfig{'
            ".processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});",
            'KernelHandle compute = CreateKernel(program, "compute.cpp", cores, ComputeConfig{'
            ".math_fidelity = MathFidelity::HiFi4});",
        )
        out.emit_line()
        with out.block("for (uint32_t core_id = 0; core_id < num_cores; ++core_id)"):
            out.emit_line(f"CoreCoord core{{core_id % {cols}, core_id / {cols}}};")
            for kernel in ("reader", "compute", "writer"):
                args = ", ".join(_arg_expr(a) for a in spec.runtime_args[kernel])
                out.emit_line(f"SetRuntimeArgs(program, {kernel}, core, {{{args}}});")
        out.emit_line()
        for t in spec.tensors:
            if t.is_input:
                dims = _dims(t)
                ctype = _HOST_TYPES[t.dtype]
                out.emit_line(f'std::vector<{ctype}> host_{t.name} = load_tilized<{ctype}>(data_dir + "/{t.name}.bin", {dims});')
                out.emit_line(f"EnqueueWriteBuffer(cq, buf_{t.name}, host_{t.name}, false);")
        out.emit_line("EnqueueProgram(cq, program, false);")
        for t in spec.tensors:
            if t.is_output:
                dims = _dims(t)
                out.emit_line(f"std::vector<{_HOST_TYPES[t.dtype]}> result_{t.name};")
                out.emit_line(f"EnqueueReadBuffer(cq, buf_{t.name}, result_{t.name}, true);")
        out.emit_line("Finish(cq);")
        for t in spec.tensors:
            if t.is_output:
                dims = _dims(t)
                out.emit_line(f'store_untilized(data_dir + "/{t.name}.bin", result_{t.name}, {dims});')
        out.emit_line("CloseDevice(device);")
        out.emit_line("return 0;")
    return out.text()
