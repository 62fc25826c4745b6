"""The real tt-metal release for the tests that read its headers: the cached `ttnn` wheel
(`python scripts/check_metalium.py --fetch-only` puts it there; .ci/run does so before the tests),
unpacked once beside it. Where it is not cached the test skips, saying how to fetch it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.ops import TARGET, release_check


def unpacked_release() -> Path:
    """The unpacked wheel's root (holding `ttnn/tt_metal/...`), or the calling test skips."""
    wheel = release_check.wheel_path()
    if not wheel.exists():
        pytest.skip(
            f"the {TARGET.name} wheel is not in {wheel.parent}: run `python scripts/check_metalium.py --fetch-only`"
        )
    return release_check.unpack(wheel)


def release_tt_metal() -> Path:
    """The release's `tt_metal` folder: `hw/inc/api/...` (kernel API) and `api/tt-metalium/...`."""
    return unpacked_release() / release_check.TT_METAL_IN_WHEEL
