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
    if callee[0] != "name":
        return ""
    name = str(callee[1])
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

    def __call__(self, call: Expr, line: int, frames: tuple[LoopFrame, ...]) -> Expr | None:
        name = api_name(call[1])
        args = call[2]
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
        fields = dict(config[2]) if config[0] == "init" else {}
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
        return ("name", f"buffer{index}")

    def _mesh_buffer(self, global_config: Expr, local_config: Expr, line: int) -> Expr:
        """MeshBuffer::create(ReplicatedBufferConfig{.size}, DeviceLocalBufferConfig{.page_size,
        .buffer_type}, device): one buffer, as CreateBuffer(InterleavedBufferConfig) was."""
        fields = dict(global_config[2]) if global_config[0] == "init" else {}
        if local_config[0] == "init":
            fields.update(local_config[2])
        return self._buffer(("init", "", tuple(fields.items())), line)

    def _kernel(self, args: tuple[Expr, ...], line: int) -> Expr:
        file_expr = args[1]
        path = str(file_expr[1]).strip('"') if file_expr[0] == "lit" else E.render(file_expr)
        file = self.resolve(path) if file_expr[0] == "lit" else path
        config_expr = args[3] if len(args) > 3 else ("init", "", ())
        config = E.render(args[3]) if len(args) > 3 else ""
        fields = dict(config_expr[2]) if config_expr[0] == "init" else {}
        compile_args = fields.get("compile_args", ("init", "", ()))
        known = compile_args[0] == "init" and all(v != UNKNOWN_TAIL for _, v in compile_args[2])
        self.kernels[file] = HostKernel(
            file=file,
            config=config,
            cores=cores_of(args[2]),
            line=line,
            path=path,
            compile_args=tuple(v for _, v in compile_args[2]) if compile_args[0] == "init" else (),
            compile_args_known=known,
            defines=_defines(fields.get("defines")),
        )
        return ("name", f"kernel[{file}]")

    def _circular_buffer(self, config: Expr, line: int) -> None:
        page_sizes: dict[int, Expr] = {}
        # unwind CircularBufferConfig(total, {{cb, format}, ...}).set_page_size(cb, size)...
        while config[0] == "call" and config[1][0] == "member" and config[1][3] == "set_page_size":
            cb_expr, size = config[2][0], config[2][1]
            if cb_expr[0] in ("cb", "num"):  # tt::CBIndex::c_0, or an integer id
                page_sizes[cb_expr[1]] = size
            config = config[1][1]
        if not (
            config[0] == "call" and api_name(config[1]) == "CircularBufferConfig" and len(config[2]) == 2
        ):
            return
        total, formats = config[2]
        for _, pair in formats[2] if formats[0] == "init" else ():
            if pair[0] != "init" or len(pair[2]) != 2 or pair[2][0][1][0] not in ("cb", "num"):
                continue
            cb_id = pair[2][0][1][1]
            self.cbs[cb_id] = HostCb(
                cb_id=cb_id,
                total_size=E.render(total),
                page_size=E.render(page_sizes.get(cb_id, ("lit", "unset"))),
                data_format=E.render(pair[2][1][1]),
                line=line,
            )

    def _runtime_args(self, args: tuple[Expr, ...], line: int, frames: tuple[LoopFrame, ...]) -> None:
        kernel = args[1]
        file = (
            kernel[1][len("kernel[") : -1]
            if kernel[0] == "name" and kernel[1].startswith("kernel[")
            else E.render(kernel)
        )
        values = tuple(value for _, value in args[3][2]) if args[3][0] == "init" else (args[3],)
        per_core = self.runtime_args.setdefault(file, {})
        for binding in _iterations(frames):

            def replace(leaf: Expr, binding: dict[int, int] = binding) -> Expr | None:
                return E.num(binding[leaf[1]]) if leaf[0] == "loop" and leaf[1] in binding else None

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
    if expr[0] == "init" and len(expr[2]) == 2:
        x, y = (E.as_int(v) for _, v in expr[2])
        return ((x, y),) if x is not None and y is not None else ()
    if expr[0] == "call" and expr[1] == ("name", "CoreCoord") and len(expr[2]) == 2:
        return cores_of(("init", "CoreCoord", tuple(("", v) for v in expr[2])))
    if expr[0] == "call" and expr[1] == ("name", "CoreRange") and len(expr[2]) == 2:
        first, last = cores_of(expr[2][0]), cores_of(expr[2][1])
        if first and last:
            (x0, y0), (x1, y1) = first[0], last[0]
            return tuple((x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1))
    return ()


def _render_field(fields: dict[str, Expr], name: str) -> str:
    return E.render(fields[name]) if name in fields else "unset"


def _defines(expr: Expr | None) -> tuple[tuple[str, str], ...]:
    """`.defines = {{"NAME", "value"}, ...}` -> (("NAME", "value"), ...); strings only."""
    if expr is None or expr[0] != "init":
        return ()
    pairs: list[tuple[str, str]] = []
    for _, pair in expr[2]:
        if pair[0] == "init" and len(pair[2]) == 2:
            key, value = (v for _, v in pair[2])
            if key[0] == "lit" and value[0] == "lit":
                pairs.append((str(key[1]).strip('"'), str(value[1]).strip('"')))
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
