"""A manifest's kernel instances named without running kernel code in this process (what a run's
parent needs before its isolated workers build each one): an ``autotune = true`` entry's file is
imported in a child process (`probe`) with a time limit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..model import KernelLoadError
from .entries import (
    MANIFEST_TAG,
    BadTable,
    Entry,
    entry_error,
    entry_instances,
    kernel_source_hash,
    name_clash,
    read_entries,
    require_kernel_file,
)


@dataclass(frozen=True)
class Listed:
    """A kernel instance a manifest names, as `list_manifest` finds it without running kernel code,
    or why it cannot be listed (`error`). Tags are the manifest's; the file's own hints come later."""

    name: str
    family: str
    path: Path
    source_hash: str
    tags: tuple[str, ...] = ()
    error: KernelLoadError | None = None


# Wall-clock limit on importing one autotune entry's file to read its configs (in a child process).
PROBE_SECONDS = 120.0


def list_manifest(manifest: Path | str, *, probe_seconds: float = PROBE_SECONDS) -> list[Listed]:
    """Every instance of the manifest, in manifest order, found without running kernel code here.

    Names come from the manifest alone (`args`, `[[kernel.params]]`), except for `autotune = true`
    entries, whose configs live in the kernel file: that file is imported in a child process with a
    time limit, so a file that segfaults, exits or hangs is that entry's named error. Each kernel is
    then built (its factory called, its reference checked) where it runs: in its isolated worker."""
    path, entries = read_entries(manifest)
    out: list[Listed] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):  # the index of its table: what the probe child reads
        if isinstance(entry, BadTable):
            out.append(Listed(entry.name, "manifest", path, "", error=entry.error))
            continue
        try:
            require_kernel_file(entry)
            named = (
                _probe_instances(entry, index, probe_seconds)
                if entry.autotune
                else [(i.name, kernel_source_hash(entry, i.args)) for i in entry_instances(entry, None)]
            )
        except (KernelLoadError, ValueError) as err:
            out.append(Listed(entry.name, entry.family, entry.path, "", error=entry_error(entry, err)))
            continue
        for name, source_hash in named:
            clash = name_clash(path, entry, name, seen)
            if clash is not None:
                out.append(Listed(name, entry.family, entry.path, "", error=clash))
                continue
            tags = tuple(dict.fromkeys([*entry.tags, MANIFEST_TAG]))
            out.append(Listed(name, entry.family, entry.path, source_hash, tags))
    return out


def _probe_instances(entry: Entry, index: int, seconds: float) -> list[tuple[str, str]]:
    """(name, source hash) of an autotune entry's instances, from a child process that imports the
    kernel file (`python -m ttmigrate.corpus.manifest.probe MANIFEST INDEX`); a KernelLoadError naming
    the signal, exit code or time limit if the child does not answer."""
    command = [sys.executable, "-m", "ttmigrate.corpus.manifest.probe", str(entry.manifest), str(index)]
    # its own session: a kill on timeout takes whatever the kernel file started
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    ) as child:
        try:
            stdout, stderr = child.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise KernelLoadError(
                entry.path, None,
                f"kernel {entry.name!r}: importing the file to read its autotune configs did not finish "
                f"within {seconds:g} s",
            ) from None  # fmt: skip
    try:
        answer = json.loads(stdout.decode("utf-8", errors="replace").strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = None
    if isinstance(answer, dict) and "error" in answer:
        raise KernelLoadError(Path(answer["path"]), answer.get("line"), str(answer["error"]))
    if child.returncode != 0 or not isinstance(answer, list):
        if child.returncode < 0:
            try:
                how = f"was killed by {signal.Signals(-child.returncode).name}"
            except ValueError:
                how = f"was killed by signal {-child.returncode}"
        else:
            how = f"exited with code {child.returncode}"
        tail = stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
        raise KernelLoadError(
            entry.path, None,
            f"kernel {entry.name!r}: importing the file to read its autotune configs {how}"
            + (f" ({tail[0][:200]})" if tail[0] else ""),
        )  # fmt: skip
    return [(str(item[0]), str(item[1])) for item in answer]
