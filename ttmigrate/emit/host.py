"""``main.cpp``: the host program, printed from a ``ProgramSpec``.

The Mesh API of the pinned release (``ttmigrate.ops.TARGET``; docs/METALIUM_SUBSET.md): a unit
mesh device, replicated DRAM mesh buffers, circular buffers, the three kernels, per-core runtime
arguments, then write inputs, run the program as a mesh workload, read outputs, close the mesh.
Tensor data comes from ``<data_dir>/<param>.bin`` (float32, row-major, logical shape).
"""

from __future__ import annotations

from ttmigrate.ops.host_api import HOST_HEADERS

from .cpp import CppWriter
from .program import ComputeNumerics, DramTensor, ProgramSpec, RuntimeArg

_INCLUDES = """#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

{host_headers}

using namespace tt;
using namespace tt::tt_metal;
"""

# Host-side tensor I/O: plain C++ around the real tilize_nfaces/untilize_nfaces helpers.
_TENSOR_IO = """namespace {

float as_float(float value) { return value; }
float as_float(const bfloat16& value) { return static_cast<float>(value); }

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


_HOST_TYPES = {"bfloat16": "bfloat16", "float16": "float16_bits", "float32": "float"}

# Metalium has no host-side IEEE half type: a Float16 tensor is uploaded as its raw 16-bit
# patterns. Printed only into programs that have a float16 tensor (others stay byte-identical).
_FLOAT16_IO = """// IEEE binary16 bit patterns, as a Float16 buffer holds them (round to nearest even).
struct float16_bits {
    uint16_t bits = 0;
    float16_bits() = default;
    explicit float16_bits(float value) {
        uint32_t word;
        std::memcpy(&word, &value, sizeof word);
        const uint32_t sign = (word >> 16) & 0x8000u;
        const int32_t exponent = static_cast<int32_t>((word >> 23) & 0xFFu) - 127 + 15;
        uint32_t mantissa = word & 0x7FFFFFu;
        if (((word >> 23) & 0xFFu) == 0xFFu) {
            bits = static_cast<uint16_t>(sign | 0x7C00u | (mantissa ? 0x200u : 0u));
        } else if (exponent >= 31) {
            bits = static_cast<uint16_t>(sign | 0x7C00u);
        } else if (exponent <= 0) {
            if (exponent < -10) {
                bits = static_cast<uint16_t>(sign);
                return;
            }
            mantissa |= 0x800000u;
            const uint32_t shift = static_cast<uint32_t>(14 - exponent);
            uint32_t half = mantissa >> shift;
            const uint32_t rest = mantissa & ((1u << shift) - 1u);
            const uint32_t midpoint = 1u << (shift - 1u);
            if (rest > midpoint || (rest == midpoint && (half & 1u))) {
                ++half;
            }
            bits = static_cast<uint16_t>(sign | half);
        } else {
            uint32_t half = (static_cast<uint32_t>(exponent) << 10) | (mantissa >> 13);
            const uint32_t rest = mantissa & 0x1FFFu;
            if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) {
                ++half;
            }
            bits = static_cast<uint16_t>(sign | half);
        }
    }
    float to_float() const {
        const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
        const uint32_t exponent = (bits >> 10) & 0x1Fu;
        const uint32_t mantissa = bits & 0x3FFu;
        float magnitude;
        if (exponent == 0) {
            magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        } else if (exponent == 31) {
            magnitude = mantissa ? std::nanf("") : INFINITY;
        } else {
            magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
        }
        uint32_t word;
        std::memcpy(&word, &magnitude, sizeof word);
        word |= sign;
        float value;
        std::memcpy(&value, &word, sizeof value);
        return value;
    }
};
float as_float(const float16_bits& value) { return value.to_float(); }
"""
_FLOAT16_INCLUDES = ("#include <cmath>", "#include <cstring>")


def _array(values: list[int]) -> str:
    return "{" + ", ".join(str(v) for v in values) + "}"


def _dims(tensor: DramTensor) -> str:
    """The load_tilized / store_untilized shape arguments: batch, logical and padded matrix size."""
    t = tensor
    return f"{t.batch}, {t.rows}, {t.cols}, {t.tiles_h * 32}, {t.tiles_w * 32}"


def _arg_expr(arg: RuntimeArg) -> str:
    if arg.kind == "addr":
        # DeviceAddr is 64-bit and runtime arguments are uint32_t: in a braced list the implicit
        # conversion is narrowing, which clang (tt-metal's compiler) rejects; tt-metal's own hosts cast.
        return f"static_cast<uint32_t>(buf_{arg.buffer}->address())"
    if arg.kind == "start":
        return "work_start[core_id]"
    if arg.kind == "count":
        return "work_count[core_id]"
    return str(arg.value)


def render_host(spec: ProgramSpec) -> str:
    out = CppWriter()
    half = any(t.dtype == "float16" for t in spec.tensors)
    headers = "\n".join(f"#include <{h}>" for h in HOST_HEADERS)
    includes = _INCLUDES.replace("{host_headers}", headers).rstrip("\n").split("\n")
    tensor_io = _TENSOR_IO.rstrip("\n").split("\n")
    if half:
        includes = [*_FLOAT16_INCLUDES, *includes]
        anchor = tensor_io.index(
            "float as_float(const bfloat16& value) { return static_cast<float>(value); }"
        )
        tensor_io[anchor + 1 : anchor + 1] = _FLOAT16_IO.rstrip("\n").split("\n")
    out.emit(*includes)
    out.emit_line()
    out.emit(*tensor_io)
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
            "std::shared_ptr<distributed::MeshDevice> mesh_device = distributed::MeshDevice::create_unit_mesh(0);",
            "distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();",
            "Program program = CreateProgram();",
            f"CoreRange cores({{0, 0}}, {{{cols - 1}, {rows - 1}}});",
        )
        out.emit_line()
        for t in spec.tensors:
            out.emit_line(
                f"std::shared_ptr<distributed::MeshBuffer> buf_{t.name} = distributed::MeshBuffer::create("
                f"distributed::ReplicatedBufferConfig{{.size = {t.num_pages * t.page_size}}}, "
                f"distributed::DeviceLocalBufferConfig{{.page_size = {t.page_size}, .buffer_type = BufferType::DRAM}}, "
                "mesh_device.get());"
            )
        out.emit_line()
        for cb in spec.circular_buffers:
            index = f"tt::CBIndex::c_{cb.cb_id}"
            out.emit_line(
                f"CreateCircularBuffer(program, cores, CircularBufferConfig({cb.num_pages * cb.page_size}, "
                f"{{{{{index}, tt::DataFormat::{cb.data_format}}}}}).set_page_size({index}, {cb.page_size}));"
            )
        out.emit_line()
        numerics = spec.numerics
        if numerics.unpack_to_dest_fp32:
            # one mode per CB id (tt-metal sizes the vector NUM_CIRCULAR_BUFFERS = 32)
            out.emit_line("std::vector<UnpackToDestMode> unpack_to_dest_mode(32, UnpackToDestMode::Default);")
            for cb_id in numerics.unpack_to_dest_fp32:
                out.emit_line(f"unpack_to_dest_mode[{cb_id}] = UnpackToDestMode::UnpackToDestFp32;")
        out.emit(
            'KernelHandle reader = CreateKernel(program, "reader.cpp", cores, DataMovementConfig{'
            ".processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});",
            'KernelHandle writer = CreateKernel(program, "writer.cpp", cores, DataMovementConfig{'
            ".processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});",
            'KernelHandle compute = CreateKernel(program, "compute.cpp", cores, ComputeConfig{'
            f".math_fidelity = MathFidelity::{numerics.math_fidelity}{_dst_mode(numerics)}}});",
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
                out.emit_line(
                    f'std::vector<{ctype}> host_{t.name} = load_tilized<{ctype}>(data_dir + "/{t.name}.bin", {dims});'
                )
                out.emit_line(f"distributed::EnqueueWriteMeshBuffer(cq, buf_{t.name}, host_{t.name}, false);")
        out.emit_line("distributed::MeshWorkload workload;")
        out.emit_line(
            "workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));"
        )
        out.emit_line("distributed::EnqueueMeshWorkload(cq, workload, false);")
        for t in spec.tensors:
            if t.is_output:
                dims = _dims(t)
                out.emit_line(f"std::vector<{_HOST_TYPES[t.dtype]}> result_{t.name};")
                out.emit_line(f"distributed::EnqueueReadMeshBuffer(cq, result_{t.name}, buf_{t.name}, true);")
        out.emit_line("distributed::Finish(cq);")
        for t in spec.tensors:
            if t.is_output:
                dims = _dims(t)
                out.emit_line(f'store_untilized(data_dir + "/{t.name}.bin", result_{t.name}, {dims});')
        out.emit_line("mesh_device->close();")
        out.emit_line("return 0;")
    return out.text()


def _dst_mode(numerics: ComputeNumerics) -> str:
    """The DST fields of ComputeConfig, in its declaration order (designated initialisers)."""
    fields = ""
    if numerics.fp32_dest_acc_en:
        fields += ", .fp32_dest_acc_en = true"
    if numerics.dst_full_sync_en:
        fields += ", .dst_full_sync_en = true"
    if numerics.unpack_to_dest_fp32:
        fields += ", .unpack_to_dest_mode = unpack_to_dest_mode"
    return fields
