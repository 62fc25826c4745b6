"""Project configuration: the `[tool.ttmigrate]` table of pyproject.toml.

Reads are small and typed (`load_config` -> `Config`); every problem is one `ConfigError` naming the
file and line. The only write is `write_modes`, used by `ttmigrate flip`: a targeted text edit of the
`default_mode`, `kernel_modes` and `flipped_on` lines (the rest of the file keeps its bytes and comments), verified
by re-parsing, then written atomically.

Keys:
- `default_mode`: "template" | "ir_driven", the project-wide codegen default.
- `kernel_modes`: kernel name -> mode, per-kernel overrides (the gradual rollout).
- `flipped_on`: the ISO date `ttmigrate flip` first moved `default_mode` to ir_driven (reports show it).
- `[tool.ttmigrate.expected_divergences]`: kernel name -> reason (a non-empty string). A kernel whose
  ir_driven output is correct but differs in meaning from the template output must be listed here
  with a reason; an entry for a kernel that has reached parity fails the flip gate.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ttmigrate.atomic import write_text

# The codegen modes. Mirrors `ttmigrate.emit.MODES`; config sits below every stage, so it cannot import
# emit (which imports TVM) and keeps its own copy. tests/run checks that the two agree.
KNOWN_MODES: tuple[str, ...] = ("template", "ir_driven")
PYPROJECT_ENV = "TTMIGRATE_PYPROJECT"
_TABLE = "[tool.ttmigrate]"


class ConfigError(Exception):
    """A problem in the [tool.ttmigrate] configuration; str() names the file and line."""

    def __init__(self, message: str, *, path: Path, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Config:
    path: Path
    default_mode: str = "template"
    kernel_modes: Mapping[str, str] = field(default_factory=dict)
    expected_divergences: Mapping[str, str] = field(default_factory=dict)
    flipped_on: str | None = None  # ISO date `ttmigrate flip` moved default_mode to ir_driven

    def mode_for(self, kernel: str) -> str:
        return self.kernel_modes.get(kernel, self.default_mode)


def find_pyproject(start: Path | None = None) -> Path:
    """$TTMIGRATE_PYPROJECT if set, else the nearest pyproject.toml at or above `start` (default cwd)
    that has a [tool.ttmigrate] table, else the one beside the ttmigrate package."""
    env = os.environ.get(PYPROJECT_ENV)
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _TABLE in candidate.read_text(encoding="utf-8"):
            return candidate
    return Path(__file__).resolve().parent.parent / "pyproject.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or find_pyproject()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from exc
    return parse_config(text, path=path)


def parse_config(text: str, *, path: Path) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path, line=getattr(exc, "lineno", None)) from exc
    table = data.get("tool", {}).get("ttmigrate", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.ttmigrate] must be a table", path=path)
    default_mode = table.get("default_mode", "template")
    if default_mode not in KNOWN_MODES:
        raise ConfigError(
            f"default_mode = {default_mode!r} is not one of {', '.join(KNOWN_MODES)}",
            path=path,
            line=_key_line(text, "default_mode"),
        )
    kernel_modes = _string_table(table, "kernel_modes", text=text, path=path)
    for kernel, mode in kernel_modes.items():
        if mode not in KNOWN_MODES:
            raise ConfigError(
                f"kernel_modes.{kernel} = {mode!r} is not one of {', '.join(KNOWN_MODES)}",
                path=path,
                line=_key_line(text, kernel),
            )
    expected = _string_table(table, "expected_divergences", text=text, path=path)
    for kernel, reason in expected.items():
        if not reason.strip():
            raise ConfigError(
                f"expected_divergences.{kernel} has no reason; every expected divergence needs one",
                path=path,
                line=_key_line(text, kernel),
            )
    flipped_on = table.get("flipped_on")
    if flipped_on is not None:
        try:
            date.fromisoformat(flipped_on if isinstance(flipped_on, str) else "")
        except ValueError:
            raise ConfigError(
                f"flipped_on = {flipped_on!r} is not an ISO date (YYYY-MM-DD)",
                path=path,
                line=_key_line(text, "flipped_on"),
            ) from None
    return Config(
        path=path,
        default_mode=default_mode,
        kernel_modes=kernel_modes,
        expected_divergences=expected,
        flipped_on=flipped_on,
    )


def _string_table(table: dict[str, object], key: str, *, text: str, path: Path) -> dict[str, str]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(
            f"{key} must be a table of kernel name -> string", path=path, line=_key_line(text, key)
        )
    for name, item in value.items():
        if not isinstance(item, str):
            raise ConfigError(
                f"{key}.{name} must be a string, got {type(item).__name__}",
                path=path,
                line=_key_line(text, name),
            )
    return dict(value)


def _key_line(text: str, key: str) -> int | None:
    """1-based line of the first `key =` assignment (bare or quoted), for error messages."""
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def default_mode(path: Path | None = None) -> str:
    """The project-wide codegen default."""
    return load_config(path).default_mode


def kernel_mode(kernel: str, path: Path | None = None) -> str:
    """The mode a kernel is generated with: its `kernel_modes` override, else the default."""
    return load_config(path).mode_for(kernel)


# --- the one write: default_mode and kernel_modes, for `ttmigrate flip` ---------------------------------


def write_modes(
    path: Path, *, default_mode: str, kernel_modes: Mapping[str, str], flipped_on: str | None = None
) -> None:
    """Set `default_mode`, `kernel_modes` (and `flipped_on`, when given) in [tool.ttmigrate], touching
    only those lines."""
    text = path.read_text(encoding="utf-8")
    new_text = edit_modes(
        text, default_mode=default_mode, kernel_modes=kernel_modes, flipped_on=flipped_on, path=path
    )
    write_text(path, new_text)


def edit_modes(
    text: str,
    *,
    default_mode: str,
    kernel_modes: Mapping[str, str],
    path: Path,
    flipped_on: str | None = None,
) -> str:
    for mode in (default_mode, *kernel_modes.values()):
        if mode not in KNOWN_MODES:
            raise ConfigError(f"refusing to write unknown mode {mode!r}", path=path)
    lines = text.splitlines(keepends=True)
    start, end = _table_span(lines, path=path)
    if any(_is_header(line, "[tool.ttmigrate.kernel_modes]") for line in lines):
        raise ConfigError(
            "kernel_modes is a [tool.ttmigrate.kernel_modes] sub-table; flip only edits the inline form "
            "`kernel_modes = {...}` in [tool.ttmigrate]",
            path=path,
        )
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    mode_line = f'default_mode = "{default_mode}"{newline}'
    pins_line = f"kernel_modes = {_inline_table(kernel_modes)}{newline}"
    default_at = _assignment_index(lines, start, end, "default_mode", path=path)
    pins_at = _assignment_index(lines, start, end, "kernel_modes", path=path)
    if default_at is None:
        lines.insert(start + 1, mode_line)
        end += 1
        default_at = start + 1
        pins_at = pins_at + 1 if pins_at is not None else None
    else:
        lines[default_at] = mode_line
    if pins_at is None:
        pins_at = default_at + 1
        lines.insert(pins_at, pins_line)
        end += 1
    else:
        lines[pins_at] = pins_line
    if flipped_on is not None:
        date_line = f'flipped_on = "{flipped_on}"{newline}'
        date_at = _assignment_index(lines, start, end, "flipped_on", path=path)
        if date_at is None:
            lines.insert(pins_at + 1, date_line)
        else:
            lines[date_at] = date_line
    new_text = "".join(lines)
    written = parse_config(new_text, path=path)  # the edit must round-trip exactly
    if (
        written.default_mode != default_mode
        or dict(written.kernel_modes) != dict(kernel_modes)
        or (flipped_on is not None and written.flipped_on != flipped_on)
    ):
        raise ConfigError("edit did not round-trip; file left unchanged", path=path)
    return new_text


def _is_header(line: str, header: str) -> bool:
    return line.split("#", 1)[0].strip() == header


def _table_span(lines: list[str], *, path: Path) -> tuple[int, int]:
    """Index of the [tool.ttmigrate] header and of the first line after its body."""
    for index, line in enumerate(lines):
        if _is_header(line, _TABLE):
            end = index + 1
            while end < len(lines) and not lines[end].lstrip().startswith("["):
                end += 1
            return index, end
    raise ConfigError(f"no {_TABLE} table to edit", path=path)


def _assignment_index(lines: list[str], start: int, end: int, key: str, *, path: Path) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for index in range(start + 1, end):
        if pattern.match(lines[index]):
            if key == "kernel_modes" and not lines[index].rstrip().endswith("}"):
                raise ConfigError("kernel_modes must be a one-line inline table to be edited", path=path)
            return index
    return None


def _inline_table(mapping: Mapping[str, str]) -> str:
    if not mapping:
        return "{}"
    items = ", ".join(f"{_toml_key(key)} = {_toml_string(value)}" for key, value in sorted(mapping.items()))
    return "{ " + items + " }"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
