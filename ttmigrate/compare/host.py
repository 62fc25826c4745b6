"""main.cpp -> HostModel: buffers, circular buffers, kernels and per-core runtime arguments.

The generic walker (extract.KernelExtractor) does the name resolution and constant folding; this
module interprets the host API calls it meets through a call hook. Runtime arguments set inside
loops over cores are expanded per core by enumerating the loop ranges (constant trip counts only),
so `for (core_id ...) { CoreCoord core{core_id % 8, core_id / 8}; SetRuntimeArgs(..., core,
{start_tile[core_id], ...}); }` yields one concrete argument list per CoreCoord.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import PurePosixPath

from ttmigrate.compare import expr as E
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.extract import UNKNOWN_TAIL, KernelExtractor, LoopFrame
from ttmigrate.compare.model import HostBuffer, HostCb, HostKernel, HostModel, HostRuntimeArgs
from ttmigrate.compare.parse import Source

_MAX_EXPANSION = 1 << 16  # loop iterations enumerated per SetRuntimeArgs call


# host API namespaces, stripped so that `tt::tt_metal::CreateKernel` and `CreateKernel` are one call
_NAMESPACES = ("::", "tt::tt_metal::", "tt_metal::", "tt::", "distributed::")


def api_name(callee: Expr) -> str:
    """`tt_metal::CreateKernel` -> "CreateKernel", `distributed::MeshBuffer::create` ->
    "MeshBuffer::create"; "" for a callee that is not a plain (qualified) name."""
    if not isinstance(callee, E.Name):
        return ""
    name = callee.value
    stripped = True
    while stripped:
        stripped = False
        for prefix in _NAMESPACES:
            if name.startswith(prefix):
                name, stripped = name[len(prefix) :], True
    return name


def kernel_basename(path: str) -> str:
    """How an emitter output names the kernel a CreateKernel path refers to (its file name)."""
    return PurePosixPath(path).name


class HostInterpreter:
    def __init__(self, *, resolve: Callable[[str], str] = kernel_basename) -> None:
        self.resolve = resolve
        self.buffers: list[HostBuffer] = []
        self.cbs: dict[int, HostCb] = {}
        self.kernels: dict[str, HostKernel] = {}
        self.runtime_args: dict[str, dict[tuple[int, int], HostRuntimeArgs]] = {}
        self.unexpanded: list[int] = []  # lines of SetRuntimeArgs calls whose cores could not be enumerated

    def __call__(self, call: E.Call, line: int, frames: tuple[LoopFrame, ...]) -> Expr | None:
        name = api_name(call.callee)
        args = call.args
        if name == "CreateBuffer" and args:
            return self._buffer(args[0], line)
        if name == "MeshBuffer::create" and len(args) >= 2:
            return self._mesh_buffer(args[0], args[1], line)
        if name == "CreateKernel" and len(args) >= 3:
            return self._kernel(args, line)
        if name == "CreateCircularBuffer" and len(args) >= 3:
            self._circular_buffer(args[2], line)
            return None
        if name == "SetRuntimeArgs" and len(args) >= 4:
            self._runtime_args(args, line, frames)
        return None

    def _buffer(self, config: Expr, line: int) -> Expr:
        fields = dict(config.fields) if isinstance(config, E.Init) else {}
        index = len(self.buffers)
        self.buffers.append(
            HostBuffer(
                index=index,
                name=f"buffer{index}",
                size=_render_field(fields, "size"),
                page_size=_render_field(fields, "page_size"),
                buffer_type=_render_field(fields, "buffer_type"),
                line=line,
            )
        )
        return E.Name(f"buffer{index}")

    def _mesh_buffer(self, global_config: Expr, local_config: Expr, line: int) -> Expr:
        """MeshBuffer::create(ReplicatedBufferConfig{.size}, DeviceLocalBufferConfig{.page_size,
        .buffer_type}, device): one buffer, as CreateBuffer(InterleavedBufferConfig) was."""
        fields = dict(global_config.fields) if isinstance(global_config, E.Init) else {}
        if isinstance(local_config, E.Init):
            fields.update(local_config.fields)
        return self._buffer(E.Init("", tuple(fields.items())), line)

    def _kernel(self, args: tuple[Expr, ...], line: int) -> Expr:
        file_expr = args[1]
        path = file_expr.value.strip('"') if isinstance(file_expr, E.Lit) else E.render(file_expr)
        file = self.resolve(path) if isinstance(file_expr, E.Lit) else path
        config_expr = args[3] if len(args) > 3 else E.Init("", ())
        config = E.render(args[3]) if len(args) > 3 else ""
        fields = dict(config_expr.fields) if isinstance(config_expr, E.Init) else {}
        compile_args = fields.get("compile_args", E.Init("", ()))
        listed = compile_args.fields if isinstance(compile_args, E.Init) else None
        known = listed is not None and all(v != UNKNOWN_TAIL for _, v in listed)
        self.kernels[file] = HostKernel(
            file=file,
            config=config,
            cores=cores_of(args[2]),
            line=line,
            path=path,
            compile_args=tuple(v for _, v in listed) if listed is not None else (),
            compile_args_known=known,
            defines=_defines(fields.get("defines")),
        )
        return E.Name(f"kernel[{file}]")

    def _circular_buffer(self, config: Expr, line: int) -> None:
        page_sizes: dict[int, Expr] = {}
        # unwind CircularBufferConfig(total, {{cb, format}, ...}).set_page_size(cb, size)...
        while (
            isinstance(config, E.Call)
            and isinstance(config.callee, E.Member)
            and config.callee.name == "set_page_size"
        ):
            cb_expr, size = config.args[0], config.args[1]
            if isinstance(cb_expr, (E.Cb, E.Num)):  # tt::CBIndex::c_0, or an integer id
                page_sizes[cb_expr.value] = size
            config = config.callee.obj
        if not (
            isinstance(config, E.Call)
            and api_name(config.callee) == "CircularBufferConfig"
            and len(config.args) == 2
        ):
            return
        total, formats = config.args
        for _, pair in formats.fields if isinstance(formats, E.Init) else ():
            if not isinstance(pair, E.Init) or len(pair.fields) != 2:
                continue
            cb, data_format = pair.fields[0][1], pair.fields[1][1]
            if not isinstance(cb, (E.Cb, E.Num)):
                continue
            self.cbs[cb.value] = HostCb(
                cb_id=cb.value,
                total_size=E.render(total),
                page_size=E.render(page_sizes.get(cb.value, E.Lit("unset"))),
                data_format=E.render(data_format),
                line=line,
            )

    def _runtime_args(self, args: tuple[Expr, ...], line: int, frames: tuple[LoopFrame, ...]) -> None:
        kernel, listed = args[1], args[3]
        file = (
            kernel.value[len("kernel[") : -1]
            if isinstance(kernel, E.Name) and kernel.value.startswith("kernel[")
            else E.render(kernel)
        )
        values = tuple(value for _, value in listed.fields) if isinstance(listed, E.Init) else (listed,)
        per_core = self.runtime_args.setdefault(file, {})
        for binding in _iterations(frames):

            def replace(leaf: Expr, binding: dict[int, int] = binding) -> Expr | None:
                return (
                    E.num(binding[leaf.value]) if isinstance(leaf, E.Loop) and leaf.value in binding else None
                )

            bound_values = tuple(E.substitute(value, replace) for value in values)
            for core in cores_of(E.substitute(args[2], replace)):
                per_core[core] = HostRuntimeArgs(
                    kernel=file,
                    core=core,
                    args=tuple(E.render(v) for v in bound_values),
                    line=line,
                    exprs=bound_values,
                )
            if binding is None:
                break


def _iterations(frames: tuple[LoopFrame, ...]) -> list[dict[int, int]]:
    ranges: list[range] = []
    for frame in frames:
        trip = E.as_int(frame.trip)
        if trip is None:
            return []
        ranges.append(range(max(trip, 0)))  # induction variables count iterations (extract/statements.py)
    combos = list(itertools.islice(itertools.product(*ranges), _MAX_EXPANSION))
    return [{frame.depth: value for frame, value in zip(frames, combo, strict=True)} for combo in combos]


def cores_of(expr: Expr) -> tuple[tuple[int, int], ...]:
    """CoreCoord{x, y}, CoreCoord(x, y) or CoreRange({x0, y0}, {x1, y1}) -> concrete cores."""
    if isinstance(expr, E.Init) and len(expr.fields) == 2:
        x, y = (E.as_int(v) for _, v in expr.fields)
        return ((x, y),) if x is not None and y is not None else ()
    if isinstance(expr, E.Call) and expr.callee == E.Name("CoreCoord") and len(expr.args) == 2:
        return cores_of(E.Init("CoreCoord", tuple(("", v) for v in expr.args)))
    if isinstance(expr, E.Call) and expr.callee == E.Name("CoreRange") and len(expr.args) == 2:
        first, last = cores_of(expr.args[0]), cores_of(expr.args[1])
        if first and last:
            (x0, y0), (x1, y1) = first[0], last[0]
            return tuple((x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1))
    return ()


def _render_field(fields: dict[str, Expr], name: str) -> str:
    return E.render(fields[name]) if name in fields else "unset"


def _defines(expr: Expr | None) -> tuple[tuple[str, str], ...]:
    """`.defines = {{"NAME", "value"}, ...}` -> (("NAME", "value"), ...); strings only."""
    if not isinstance(expr, E.Init):
        return ()
    pairs: list[tuple[str, str]] = []
    for _, pair in expr.fields:
        if isinstance(pair, E.Init) and len(pair.fields) == 2:
            key, value = (v for _, v in pair.fields)
            if isinstance(key, E.Lit) and isinstance(value, E.Lit):
                pairs.append((key.value.strip('"'), value.value.strip('"')))
    return tuple(pairs)


def extract_host(source: Source, *, resolve: Callable[[str], str] = kernel_basename) -> HostModel:
    """The host model of `source`; `resolve` maps a CreateKernel path to the kernel's artifact name."""
    interpreter = HostInterpreter(resolve=resolve)
    body = KernelExtractor(source, call_hook=interpreter, inline_calls=False).run()
    return HostModel(
        artifact=source.artifact,
        body=body,
        buffers=tuple(interpreter.buffers),
        cbs=interpreter.cbs,
        kernels=interpreter.kernels,
        runtime_args=interpreter.runtime_args,
    )
