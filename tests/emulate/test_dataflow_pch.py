"""Data-movement kernel units compile against a precompiled dataflow_api.h (`ttsim/dataflow_pch.h`),
and their narrowing check against one built for it. g++ silently parses the header instead when a
precompiled one does not match a compile's options, so these tests ask g++ (`-H`: `!` marks a
precompiled header it used) whether each command really loads its own."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.goldens import ir_driven_golden

from ttmigrate.emulate import build


def _included(command: list[str], *, cwd: Path) -> list[str]:
    done = subprocess.run(
        [*command, "-H", "-Winvalid-pch"], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "invalid-pch" not in done.stderr and "not used because" not in done.stderr, done.stderr
    return [line for line in done.stderr.splitlines() if line.startswith(("!", ". "))]


def _unit_folder(name: str, text: str, folder: Path) -> build._Unit:
    unit = build._kernel_unit(name, text)
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    (folder / unit.wrapper_name).write_text(unit.wrapper, encoding="utf-8")
    return unit


def test_a_reader_and_its_narrowing_check_each_load_their_precompiled_header(
    sim_cache: Path, tmp_path: Path
) -> None:
    runtime = build.runtime_for(sim_cache)
    reader = ir_driven_golden("gemm", "gemm_256")["reader.cpp"]
    unit = _unit_folder("reader.cpp", reader, tmp_path / "reader")
    assert unit.dataflow and build.DATAFLOW_PCH_HEADER in unit.wrapper.splitlines()[1]
    compile, check = build.unit_commands(unit, runtime)
    assert check is not None
    gch = f"{build.DATAFLOW_PCH_HEADER}.gch"
    assert _included(compile, cwd=tmp_path / "reader")[0] == f"! {runtime.kernel_pch_dir / gch}"
    assert _included(check, cwd=tmp_path / "reader")[0] == f"! {runtime.check_pch_dir / gch}"


def test_a_compute_kernel_is_not_given_the_dataflow_headers(sim_cache: Path, tmp_path: Path) -> None:
    """A compute kernel does not see dataflow_api.h on the device: its unit parses what it includes."""
    runtime = build.runtime_for(sim_cache)
    compute = ir_driven_golden("gemm", "gemm_256")["compute.cpp"]
    unit = _unit_folder("compute.cpp", compute, tmp_path / "compute")
    assert not unit.dataflow and build.DATAFLOW_PCH_HEADER not in unit.wrapper
    compile, _ = build.unit_commands(unit, runtime)
    included = _included(compile, cwd=tmp_path / "compute")
    assert not any(line.startswith("!") for line in included)
    assert not any("dataflow_api.h" in line for line in included)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            '// a reader\n#include <cstdint>\n\n#include "api/dataflow/dataflow_api.h"\nvoid kernel_main() {}\n',
            True,
        ),
        ('#pragma once\n#include "api/dataflow/dataflow_api.h"  // the NoC calls\n', True),
        ('#define NOC_MAX_BURST_SIZE 4\n#include "api/dataflow/dataflow_api.h"\n', False),
        ('#ifdef READER\n#include "api/dataflow/dataflow_api.h"\n#endif\n', False),
        ('constexpr int n = 1;\n#include "api/dataflow/dataflow_api.h"\n', False),
        ('/* a reader */\n#include "api/dataflow/dataflow_api.h"\n', False),
        ('#include "api/compute/matmul.h"\n', False),
    ],
)
def test_only_a_file_whose_dataflow_include_nothing_can_change_takes_the_precompiled_header(
    text: str, first: bool
) -> None:
    """The precompiled header puts dataflow_api.h ahead of the whole file; that is the file as written
    only when nothing before its include (a macro, a conditional, code) could change the header."""
    assert build.includes_dataflow_api_first(text) is first
