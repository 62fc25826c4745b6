"""The HTML report in a real browser (headless Chromium): it loads without console messages (errors,
CSP violations, uncaught exceptions all appear there), the script runs to the end, there is one row
per kernel, the filters work, and kernel text containing <script> is shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.report.model import IR_DRIVEN, TEMPLATE
from ttmigrate.report.render.html import render_html
from ttmigrate.report.summary import summarize

from .browser import Dom, ensure_chromium, open_page
from .synthetic import emitted, failed_mode, kernel, levels, one_of_each

HOSTILE = "<script>document.title='pwned'</script>"


@pytest.fixture(scope="session")
def chromium() -> str:
    return ensure_chromium()


def _page(tmp_path: Path) -> tuple[Path, int]:
    run = one_of_each()
    run.kernels.append(
        kernel(
            f"evil{HOSTILE}",
            family="gemm",
            template=emitted(TEMPLATE, text=f"// {HOSTILE}"),
            ir=failed_mode(IR_DRIVEN, message=HOSTILE),
        )
    )
    run.kernels.append(kernel("another_parity", family="eltwise", parity=levels("L4")))
    path = tmp_path / "report.html"
    path.write_text(render_html(summarize(run, expected_divergences={})), encoding="utf-8")
    return path, len(run.kernels)


def test_report_loads_clean_with_one_row_per_kernel(chromium: str, tmp_path: Path) -> None:
    page, count = _page(tmp_path)
    dom_text, console = open_page(chromium, page.as_uri(), tmp_path / "profile")
    assert console == [], console
    dom = Dom()
    dom.feed(dom_text)
    assert dom.body.get("data-ready") == "1", "the page script did not run to the end"
    assert len(dom.rows) == count
    assert all("hidden" not in row for row in dom.rows)
    assert len(dom.details) == count and all("hidden" in detail for detail in dom.details)
    assert dom.scripts == 1
    assert dom.title == "ttmigrate parity report"
    assert f"evil{HOSTILE}" in dom.first_cells  # shown as text, not run
    assert "10 of 10 kernels shown" in dom_text


def test_filters_preset_from_the_url(chromium: str, tmp_path: Path) -> None:
    page, _count = _page(tmp_path)
    dom_text, console = open_page(
        chromium, page.as_uri() + "#category=regressed&family=gemm", tmp_path / "profile"
    )
    assert console == [], console
    dom = Dom()
    dom.feed(dom_text)
    visible = sorted(row["data-kernel"] or "" for row in dom.rows if "hidden" not in row)
    assert visible == ["gemm_regressed", "gemm_regressed2"]
    assert "2 of 10 kernels shown" in dom_text


def test_a_kernel_link_opens_its_drill_down(chromium: str, tmp_path: Path) -> None:
    page, count = _page(tmp_path)
    dom_text, console = open_page(chromium, page.as_uri() + "#kernel=gemm_regressed2", tmp_path / "profile")
    assert console == [], console
    dom = Dom()
    dom.feed(dom_text)
    assert len(dom.details) == count
    opened = [
        row["data-kernel"]
        for row, detail in zip(dom.rows, dom.details, strict=True)
        if "hidden" not in detail
    ]
    assert opened == ["gemm_regressed2"]
