"""Loading kernels: ``corpus/<family>/<name>.py``, or any ``.py`` file that follows the convention.

The convention: the file defines ``main`` (a PrimFunc built with ``ttmigrate.frontend.T``) and
``reference(**inputs) -> {output_name: numpy array}``; optionally ``TAGS`` and ``TOLERANCE``.
Each file is imported on its own, so one bad kernel never stops the others from loading.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
import sys
import traceback
from pathlib import Path
from typing import Any

from tvm import tirx

from . import validate
from .access import read_and_written_params
from .files import kernel_files
from .model import BrokenKernel, CorpusLoad, Kernel, KernelLoadError, TensorParam

_TVM_LOCATION = re.compile(r"-->\s*(?P<file>[^\n]+?):(?P<line>\d+):\d+")


# The loading API that `load_kernel` and the manifest loader (manifest.py) share: import a kernel
# file as kernel code (its exits and exceptions as KernelLoadError), read its tensor parameters, and
# place an error at a line of the file.


def error_line(path: Path, exc: BaseException) -> int | None:
    """The kernel-file line an error points at: TVM diagnostics first, then the traceback."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    match = _TVM_LOCATION.search(str(exc))
    if match and Path(match["file"]).resolve() == path.resolve():
        return int(match["line"])
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path.resolve()
    ]
    return frames[-1].lineno if frames else None


def error_summary(exc: BaseException) -> str:
    """The first line of the error, without TVM's rendered source excerpt."""
    text = str(exc).strip() or type(exc).__name__
    first = text.splitlines()[0]
    first = re.sub(r"^error:\s*", "", first)
    return f"{type(exc).__name__}: {first}" if not isinstance(exc, KernelLoadError) else first


def import_kernel_module(path: Path) -> Any:
    module_name = f"ttmigrate_kernel_{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise KernelLoadError(path, None, "not an importable Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # inspect.getsource needs the module registered
    try:
        spec.loader.exec_module(module)
    except KernelLoadError:
        raise
    except SystemExit as exc:  # kernel code must not end the tool: a named error at its line
        raise KernelLoadError(
            path, error_line(path, exc), f"the file called exit({exc.code!r}) at import"
        ) from exc
    except KeyboardInterrupt:
        # In-process this may be the user's Ctrl-C, which must stop the tool; a run's workers ignore
        # SIGINT, so there any KeyboardInterrupt is the kernel's own and becomes its error.
        raise
    except BaseException as exc:
        raise KernelLoadError(path, error_line(path, exc), error_summary(exc)) from exc
    return module


def tensor_params(main: Any) -> tuple[TensorParam, ...]:
    params = []
    for buffer in main.params:
        if not tirx.is_buffer_var(buffer):
            continue
        shape = tuple(int(s) for s in buffer.shape)
        params.append(TensorParam(buffer.name, shape, str(buffer.dtype)))
    return tuple(params)


def defined_at(path: Path, name: str) -> int | None:
    """The line where the file binds ``name`` at top level (def, class or assignment), if it does."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return node.lineno
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return node.lineno
    return None


def load_kernel(path: Path | str, *, family: str | None = None) -> Kernel:
    path = Path(path).resolve()
    if not path.is_file():
        raise KernelLoadError(path, None, "no such kernel file")
    module = import_kernel_module(path)
    main = getattr(module, "main", None)
    if main is None or type(main).__name__ != "PrimFunc":
        line = defined_at(path, "main")
        what = "`main` is not a PrimFunc" if line else "defines no `main` PrimFunc"
        raise KernelLoadError(path, line, f"{what} (decorate it with @T.prim_func)")
    reference = getattr(module, "reference", None)
    if not callable(reference):
        line = defined_at(path, "reference")
        what = "`reference` is not a function" if line else "defines no `reference(**inputs)` function"
        raise KernelLoadError(path, line, what)
    tags = validate.check_tags(path, getattr(module, "TAGS", ()))
    tolerance = validate.check_tolerance(path, getattr(module, "TOLERANCE", None))
    validate.check_main(path, main)
    inputs, outputs = read_and_written_params(main)
    return Kernel(
        name=path.stem,
        family=family or path.parent.name,
        path=path,
        source_hash=hashlib.sha256(path.read_bytes()).hexdigest(),
        main=main,
        reference=reference,
        params=tensor_params(main),
        inputs=inputs,
        outputs=outputs,
        tags=tags,
        tolerance=tolerance or None,
    )


def load_corpus(root: Path | None = None) -> CorpusLoad:
    result = CorpusLoad()
    for path in kernel_files(root):
        try:
            result.kernels.append(load_kernel(path))
        except KernelLoadError as err:
            result.broken.append(BrokenKernel(path.stem, path.parent.name, path, err))
    return result


def resolve_kernel(name_or_path: str, *, root: Path | None = None) -> Kernel:
    """A corpus kernel by name (``gemm_256``), by ``family/name``, or any ``.py`` file path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".py":
        return load_kernel(candidate)
    matches = [
        p for p in kernel_files(root) if p.stem == name_or_path or f"{p.parent.name}/{p.stem}" == name_or_path
    ]
    if not matches:
        raise KernelLoadError(Path(name_or_path), None, "no corpus kernel of that name (and not a .py path)")
    if len(matches) > 1:
        raise KernelLoadError(
            Path(name_or_path), None, f"ambiguous kernel name: {', '.join(str(m) for m in matches)}"
        )
    return load_kernel(matches[0])
