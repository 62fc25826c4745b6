"""Checks the registry and the emulator against the real release (``TARGET``'s wheel from PyPI).

- every kernel function the registry can print, and every one the emulator declares, exists in the
  wheel's ``tt_metal/hw/inc/api/...`` headers with the same name, template parameters and parameters
  (tree-sitter-cpp, ``cpp_decls``) and is not ``[[deprecated]]`` there (deprecated ones must be
  marked deprecated in the registry, which then never prints them);
- every include path the emitters print exists in the wheel (the wheel ships no host headers:
  host includes are listed as not checkable);
- every host function the emitters print is an exported symbol of the wheel's ``libtt_metal.so``
  (``nm -DC --defined-only``) with the same parameter types; a header-only template is checked
  through the exported symbol its body calls.

The wheel is cached outside the repository (``wheel_cache()``) and never committed.
``scripts/check_metalium.py`` and the test suite call ``run_checks``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ttmigrate.atomic import locked, publish, write_text

from . import cpp_decls, kernel_api
from .host_api import HOST_FUNCTIONS, HOST_HEADERS
from .release import JIT_KERNEL_DIALECT, JIT_KERNEL_WARNINGS, TARGET
from .signature import KernelFn

TT_METAL_IN_WHEEL = "ttnn/tt_metal/"
HEADERS_IN_WHEEL = TT_METAL_IN_WHEEL + "hw/inc/"
# The few host-API headers the wheel does ship (tt-metalium/constants.hpp, buffer_types.hpp, ...):
# the tests read the tile constants from there.
HOST_HEADERS_IN_WHEEL = TT_METAL_IN_WHEEL + "api/"
LIBRARY_IN_WHEEL = "ttnn/build/lib/libtt_metal.so"
_FOLDERS_UNPACKED = (HEADERS_IN_WHEEL, HOST_HEADERS_IN_WHEEL)
_INTERNAL = frozenset({"ttsim"})


@dataclass(frozen=True)
class Row:
    call: str
    ours: str
    real: str
    verdict: str  # "ok" | "mismatch" | "missing" | "not-checkable"

    @property
    def failed(self) -> bool:
        return self.verdict in ("mismatch", "missing")


def wheel_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ttmigrate" / "wheels"


def wheel_path(cache: Path | None = None) -> Path:
    return (cache or wheel_cache()) / TARGET.wheel_file


def fetch_wheel(cache: Path | None = None) -> Path:
    """The cached wheel, downloaded with pip (the release's exact file, no dependencies) if absent."""
    target = wheel_path(cache)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "pip", "download", TARGET.requirement, "--no-deps", "--only-binary=:all:",
        "--python-version", TARGET.python_version, "--platform", TARGET.platform, "-d", str(target.parent),
    ]  # fmt: skip
    subprocess.run(command, check=True)
    if not target.exists():
        raise FileNotFoundError(f"pip download did not produce {target}")
    return target


def unpack(wheel: Path) -> Path:
    """The wheel's kernel headers, its host-API headers and libtt_metal.so, extracted once beside
    it. The stamp names the release and what was extracted: a folder unpacked with a narrower
    selection (an older ttmigrate) is extracted again, not taken as complete. Extracted aside and
    moved into place under a lock: processes that start together (the test suite's xdist workers)
    never read a half-extracted folder or extract into one another's."""
    root = wheel.with_suffix(".unpacked")
    stamp = root / ".complete"
    expected = "\n".join((TARGET.requirement, *_FOLDERS_UNPACKED, LIBRARY_IN_WHEEL)) + "\n"
    with locked(root.with_name(root.name + ".lock")):
        if stamp.exists() and stamp.read_text(encoding="utf-8") == expected:
            return root
        shutil.rmtree(root, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
        try:
            with zipfile.ZipFile(wheel) as archive:
                for member in archive.infolist():
                    if member.filename.startswith(_FOLDERS_UNPACKED) or member.filename == LIBRARY_IN_WHEEL:
                        archive.extract(member, work)
            write_text(work / stamp.name, expected)
            publish(work, root)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return root


def _signature(fn: KernelFn | cpp_decls.Declaration) -> str:
    template = f"template <{', '.join(p.type + ' ' + p.name for p in fn.template)}> " if fn.template else ""
    params = ", ".join(f"{cpp_decls.normal_type(p.type)} {p.name}" + (f" = {p.default}" if p.default else "")
                       for p in fn.params)  # fmt: skip
    return f"{template}{fn.name}({params})"


def check_kernel_function(fn: KernelFn, inc: Path, *, who: str = "registry") -> Row:
    header = inc / fn.header
    if not header.exists():
        return Row(f"{fn.name} [{who}]", fn.header, "header not in the release", "missing")
    decls = cpp_decls.header_declarations(header).get(fn.name, [])
    if not decls:
        return Row(f"{fn.name} [{who}]", _signature(fn), f"not declared in {fn.header}", "missing")
    for decl in decls:
        if not cpp_decls.same_signature(fn, decl):
            state = " [[deprecated]]" if decl.deprecated else ""
            return Row(f"{fn.name} [{who}]", _signature(fn), f"{fn.header}:{decl.line}{state}", "ok")
    closest = min(decls, key=lambda d: len(cpp_decls.same_signature(fn, d)))
    why = "; ".join(cpp_decls.same_signature(fn, closest))
    return Row(f"{fn.name} [{who}]", _signature(fn), f"{fn.header}:{closest.line}: {why}", "mismatch")


def kernel_rows(inc: Path) -> list[Row]:
    rows = []
    for fn in sorted(kernel_api.KERNEL_FUNCTIONS.values(), key=lambda f: (f.header, f.name)):
        for form in (fn, *fn.variants):
            rows.append(check_kernel_function(form, inc))
    return rows


def emulator_rows(inc: Path, emulator_include: Path) -> list[Row]:
    """Every function the emulator's api/ headers declare, against the real header of the same path."""
    rows = []
    for path in sorted((emulator_include / "api").rglob("*.h")):
        rel = path.relative_to(emulator_include).as_posix()
        for decl in cpp_decls.declarations(path.read_text(encoding="utf-8"), skip_namespaces=_INTERNAL):
            ours = KernelFn(decl.name, rel, decl.params, decl.template, decl.returns,
                            deprecated="emulated" if decl.deprecated else None)  # fmt: skip
            rows.append(check_kernel_function(ours, inc, who="emulator"))
    return rows


def include_rows(inc: Path, printed: list[str]) -> list[Row]:
    rows = [
        Row(
            f'#include "{h}"',
            h,
            "present" if (inc / h).exists() else "absent",
            "ok" if (inc / h).exists() else "missing",
        )
        for h in printed
    ]
    rows += [
        Row(f"#include <{h}>", h, "the wheel ships no host headers", "not-checkable") for h in HOST_HEADERS
    ]
    return rows


def exported_symbols(library: Path) -> set[str]:
    nm = shutil.which("nm")
    if nm is None:
        raise FileNotFoundError("`nm` (binutils) is needed to list libtt_metal.so's exported symbols")
    out = subprocess.run(
        [nm, "-DC", "--defined-only", str(library)], check=True, capture_output=True, text=True
    ).stdout
    symbols = set()
    for line in out.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3:
            symbols.add(parts[2].strip())
    return symbols


def host_rows(library: Path) -> list[Row]:
    symbols = exported_symbols(library)
    rows = []
    for host in HOST_FUNCTIONS.values():
        if host.symbol is not None:
            ok = host.symbol in symbols
            rows.append(Row(host.qualified, host.symbol, "exported" if ok else "no such exported symbol",
                            "ok" if ok else "missing"))  # fmt: skip
        elif host.inline_over is not None:
            ok = host.inline_over in symbols
            rows.append(Row(host.qualified, f"{host.note}; calls {host.inline_over}",
                            "exported" if ok else "no such exported symbol", "ok" if ok else "missing"))  # fmt: skip
        else:
            rows.append(Row(host.qualified, host.note, "header-only, not in the library", "not-checkable"))
    return rows


# The JIT's kernel cflags literals in libtt_metal.so: the printable strings around these markers.
_JIT_CFLAGS_MARKER = b"-Wall -Werror"
_JIT_DIALECT_MARKER = b"-fno-exceptions"


def _printable(byte: int) -> bool:
    return 0x20 <= byte <= 0x7E


def _cflags_string(data: bytes, marker: bytes) -> list[str] | None:
    """The options of the printable string around `marker` in a library's bytes, in order."""
    at = data.find(marker)
    if at < 0:
        return None
    start, end = at, at + len(marker)
    while start > 0 and _printable(data[start - 1]):
        start -= 1
    while end < len(data) and _printable(data[end]):
        end += 1
    return data[start:end].decode("ascii").split()


def jit_kernel_warnings(library: Path) -> tuple[str, ...] | None:
    """The warning options (-W...) of the kernel cflags string compiled into the release's
    libtt_metal.so, in order; None when the library holds no such string."""
    flags = _cflags_string(library.read_bytes(), _JIT_CFLAGS_MARKER)
    return None if flags is None else tuple(flag for flag in flags if flag.startswith("-W"))


def jit_kernel_dialect(library: Path) -> tuple[str, ...] | None:
    """The language options the emulator models (-std=, -fno-exceptions, -fno-rtti) of the kernel
    cflags string that holds them, in order; None when the library holds no such string."""
    flags = _cflags_string(library.read_bytes(), _JIT_DIALECT_MARKER)
    modelled = ("-fno-exceptions", "-fno-rtti")
    return None if flags is None else tuple(f for f in flags if f.startswith("-std=") or f in modelled)


def jit_flag_rows(library: Path) -> list[Row]:
    rows = []
    for name, ours, real, marker in (
        ("kernel JIT warning flags", JIT_KERNEL_WARNINGS, jit_kernel_warnings(library), _JIT_CFLAGS_MARKER),
        ("kernel JIT language flags", JIT_KERNEL_DIALECT, jit_kernel_dialect(library), _JIT_DIALECT_MARKER),
    ):
        if real is None:
            rows.append(Row(name, " ".join(ours), f"no {marker.decode()!r} cflags string", "missing"))
        else:
            rows.append(Row(name, " ".join(ours), " ".join(real), "ok" if real == ours else "mismatch"))
    return rows


def run_checks(*, root: Path, emulator_include: Path, printed_includes: list[str]) -> list[Row]:
    inc = root / HEADERS_IN_WHEEL
    return [
        *kernel_rows(inc),
        *emulator_rows(inc, emulator_include),
        *include_rows(inc, printed_includes),
        *host_rows(root / LIBRARY_IN_WHEEL),
        *jit_flag_rows(root / LIBRARY_IN_WHEEL),
    ]


def render(rows: list[Row]) -> str:
    widths = [max(len(h), *(len(getattr(r, f)) for r in rows)) for h, f in
              (("call", "call"), ("ours", "ours"), ("real", "real"), ("verdict", "verdict"))]  # fmt: skip
    widths = [min(w, 90) for w in widths]

    def cut(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = [
        " | ".join(
            cut(h, w).ljust(w) for h, w in zip(("call", "ours", "real", "verdict"), widths, strict=True)
        )
    ]
    lines.append("-+-".join("-" * w for w in widths))
    for r in rows:
        lines.append(
            " | ".join(
                cut(v, w).ljust(w) for v, w in zip((r.call, r.ours, r.real, r.verdict), widths, strict=True)
            )
        )
    failed = sum(r.failed for r in rows)
    unchecked = sum(r.verdict == "not-checkable" for r in rows)
    lines.append(
        f"{len(rows)} checked against {TARGET.name}: {failed} mismatch(es), {unchecked} not checkable"
    )
    return "\n".join(lines)
