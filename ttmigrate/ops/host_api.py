"""Every host function and method the emitters print, with the symbol of tt-metal v0.81.1's
``libtt_metal.so`` that implements it (``nm -DC --defined-only``), once.

The wheel ships no host headers, so the exported symbol is the ground truth for a host call's
parameter types. A header-only template or inline member (``EnqueueWriteMeshBuffer``,
``MeshBuffer::address``) has no symbol of its own: ``inline_over`` names the exported symbol its
body calls where that is known; otherwise the check reports it as header-only.
"""

from __future__ import annotations

from .signature import HostFn

_D = "tt::tt_metal::distributed::"
_M = "tt::tt_metal::"
_CORES = "std::variant<tt::xy_pair, tt::tt_metal::CoreRange, tt::tt_metal::CoreRangeSet> const&"
_MESH_BUF = "std::shared_ptr<tt::tt_metal::distributed::MeshBuffer> const&"
_SUBDEVS = (
    "std::span<ttsl::StrongType<unsigned char, tt::tt_metal::SubDeviceIdTag> const, 18446744073709551615ul>"
)

HOST_FUNCTIONS: dict[str, HostFn] = {
    f.name: f
    for f in (
        HostFn(
            "create_unit_mesh",
            f"{_D}MeshDevice::create_unit_mesh",
            f"{_D}MeshDevice::create_unit_mesh(int, unsigned long, unsigned long, unsigned long, "
            "tt::tt_metal::DispatchCoreConfig const&, std::span<unsigned int const, 18446744073709551615ul>, unsigned long)",
        ),
        HostFn(
            "mesh_command_queue",
            f"{_D}MeshDevice::mesh_command_queue",
            f"{_D}MeshDevice::mesh_command_queue(std::optional<unsigned char>) const",
        ),
        HostFn("shape", f"{_D}MeshDevice::shape", f"{_D}MeshDevice::shape() const"),
        HostFn("close", f"{_D}MeshDevice::close", f"{_D}MeshDevice::close()"),
        HostFn(
            "create",
            f"{_D}MeshBuffer::create",
            f"{_D}MeshBuffer::create(std::variant<{_D}ReplicatedBufferConfig, {_D}ShardedBufferConfig> const&, "
            f"{_D}DeviceLocalBufferConfig const&, {_D}MeshDevice*, std::optional<unsigned long>)",
        ),
        HostFn("address", f"{_D}MeshBuffer::address", None, note="inline member of mesh_buffer.hpp"),
        HostFn("MeshWorkload", f"{_D}MeshWorkload::MeshWorkload", f"{_D}MeshWorkload::MeshWorkload()"),
        HostFn(
            "add_program",
            f"{_D}MeshWorkload::add_program",
            f"{_D}MeshWorkload::add_program({_D}MeshCoordinateRange const&, tt::tt_metal::Program&&)",
        ),
        HostFn(
            "MeshCoordinateRange",
            f"{_D}MeshCoordinateRange::MeshCoordinateRange",
            f"{_D}MeshCoordinateRange::MeshCoordinateRange({_D}MeshShape const&)",
        ),
        HostFn(
            "EnqueueWriteMeshBuffer",
            f"{_D}EnqueueWriteMeshBuffer",
            None,
            inline_over=f"{_D}MeshCommandQueueBase::enqueue_write_mesh_buffer({_MESH_BUF}, void const*, bool)",
            note="template in distributed.hpp",
        ),
        HostFn(
            "EnqueueReadMeshBuffer",
            f"{_D}EnqueueReadMeshBuffer",
            None,
            inline_over=f"{_D}MeshCommandQueueBase::enqueue_read_mesh_buffer(void*, {_MESH_BUF}, bool)",
            note="template in distributed.hpp",
        ),
        HostFn(
            "EnqueueMeshWorkload",
            f"{_D}EnqueueMeshWorkload",
            f"{_D}EnqueueMeshWorkload({_D}MeshCommandQueue&, {_D}MeshWorkload&, bool)",
        ),
        HostFn("Finish", f"{_D}Finish", f"{_D}Finish({_D}MeshCommandQueue&, {_SUBDEVS})"),
        HostFn("CreateProgram", f"{_M}CreateProgram", f"{_M}CreateProgram()"),
        HostFn(
            "CreateCircularBuffer",
            f"{_M}CreateCircularBuffer",
            f"{_M}CreateCircularBuffer(tt::tt_metal::Program&, {_CORES}, tt::tt_metal::CircularBufferConfig const&)",
        ),
        HostFn(
            "CircularBufferConfig",
            f"{_M}CircularBufferConfig::CircularBufferConfig",
            f"{_M}CircularBufferConfig::CircularBufferConfig(unsigned int, std::map<unsigned char, tt::DataFormat, "
            "std::less<unsigned char>, std::allocator<std::pair<unsigned char const, tt::DataFormat> > > const&)",
        ),
        HostFn(
            "set_page_size",
            f"{_M}CircularBufferConfig::set_page_size",
            f"{_M}CircularBufferConfig::set_page_size(unsigned char, unsigned int)",
        ),
        HostFn(
            "CreateKernel",
            f"{_M}CreateKernel",
            f"{_M}CreateKernel(tt::tt_metal::Program&, std::__cxx11::basic_string<char, std::char_traits<char>, "
            f"std::allocator<char> > const&, {_CORES}, std::variant<tt::tt_metal::DataMovementConfig, "
            "tt::tt_metal::ComputeConfig> const&)",
        ),
        HostFn(
            "SetRuntimeArgs",
            f"{_M}SetRuntimeArgs",
            f"{_M}SetRuntimeArgs(tt::tt_metal::Program const&, unsigned int, {_CORES}, std::initializer_list<unsigned int>)",
        ),
        HostFn(
            "tilize_nfaces",
            "tilize_nfaces",
            "std::vector<bfloat16, std::allocator<bfloat16> > tilize_nfaces<bfloat16>(std::vector<bfloat16, "
            "std::allocator<bfloat16> > const&, unsigned int, unsigned int)",
        ),
        HostFn(
            "untilize_nfaces",
            "untilize_nfaces",
            "std::vector<bfloat16, std::allocator<bfloat16> > untilize_nfaces<bfloat16>(std::vector<bfloat16, "
            "std::allocator<bfloat16> > const&, unsigned int, unsigned int)",
        ),
        HostFn(
            "tilize_nfaces<float>",
            "tilize_nfaces",
            "std::vector<float, std::allocator<float> > tilize_nfaces<float>(std::vector<float, "
            "std::allocator<float> > const&, unsigned int, unsigned int)",
            note="float32 tensors",
        ),
        HostFn(
            "untilize_nfaces<float>",
            "untilize_nfaces",
            "std::vector<float, std::allocator<float> > untilize_nfaces<float>(std::vector<float, "
            "std::allocator<float> > const&, unsigned int, unsigned int)",
            note="float32 tensors",
        ),
        HostFn(
            "bfloat16", "bfloat16::bfloat16", None, note="inline constructor of bfloat16.hpp (from float)"
        ),
        HostFn("operator float", "bfloat16::operator float", None, note="inline conversion of bfloat16.hpp"),
    )
}

# Host headers the emitted main.cpp includes (the wheel has none; the emulator provides them).
HOST_HEADERS = (
    "tt-metalium/bfloat16.hpp",
    "tt-metalium/distributed.hpp",
    "tt-metalium/host_api.hpp",
    "tt-metalium/mesh_device.hpp",
    "tt-metalium/tilize_utils.hpp",
)


def host_fn(name: str) -> HostFn:
    return HOST_FUNCTIONS[name]
