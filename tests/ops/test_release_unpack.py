"""`release_check.unpack` on a small wheel-shaped archive: what it extracts, and that a folder
unpacked with another selection is extracted again rather than taken as complete."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ttmigrate.ops import TARGET, release_check

MEMBERS = {
    "ttnn/tt_metal/hw/inc/api/compute/eltwise_binary.h": "// kernel API\n",
    "ttnn/tt_metal/api/tt-metalium/constants.hpp": "constexpr uint32_t TILE_HEIGHT = 32;\n",
    "ttnn/build/lib/libtt_metal.so": "ELF",
    "ttnn/ttnn/cpp/other.hpp": "// not needed\n",
}


def _wheel(folder: Path) -> Path:
    wheel = folder / "ttnn-0.81.1-cp310-cp310-manylinux_2_34_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in MEMBERS.items():
            archive.writestr(name, text)
    return wheel


def test_the_kernel_and_host_headers_and_the_library_are_extracted_and_nothing_else(tmp_path: Path) -> None:
    root = release_check.unpack(_wheel(tmp_path))
    extracted = {
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != ".complete"
    }
    assert extracted == set(MEMBERS) - {"ttnn/ttnn/cpp/other.hpp"}
    assert (root / "ttnn/tt_metal/api/tt-metalium/constants.hpp").read_text() == MEMBERS[
        "ttnn/tt_metal/api/tt-metalium/constants.hpp"
    ]


def test_a_folder_unpacked_with_an_older_selection_is_extracted_again(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    root = wheel.with_suffix(".unpacked")
    (root / "ttnn/tt_metal/hw/inc").mkdir(parents=True)
    (root / ".complete").write_text(TARGET.requirement + "\n")  # an older stamp: no host headers
    assert release_check.unpack(wheel) == root
    assert (root / "ttnn/tt_metal/api/tt-metalium/constants.hpp").is_file()
    stamp = (root / ".complete").read_text()
    (root / "ttnn/tt_metal/api/tt-metalium/constants.hpp").unlink()
    release_check.unpack(wheel)  # complete under today's stamp: taken as it is, not extracted again
    assert (root / ".complete").read_text() == stamp
    assert not (root / "ttnn/tt_metal/api/tt-metalium/constants.hpp").exists()
