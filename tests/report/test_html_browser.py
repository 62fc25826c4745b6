"""The HTML report in a real browser (headless Chromium): it loads without console messages (errors,
CSP violations, uncaught exceptions all appear there), the script runs to the end, there is one row
per kernel, the filters work, and kernel text containing <script> is shown as text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from ttmigrate.report.model import IR_DRIVEN, TEMPLATE, ArtifactParity, Finding
from ttmigrate.report.render.html import render_html
from ttmigrate.report.summary import summarize

from .browser import Browser, Dom, ensure_chromium, open_page
from .synthetic import emitted, failed_mode, kernel, levels, one_of_each, unsupported_mode

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
    assert dom.scripts == 1 and dom.data_blocks == 1  # the page's script and its payloads
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


@pytest.fixture(scope="module")
def shared_browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for this module's driven tests (a launch costs about a second)."""
    driven = Browser(chromium, tmp_path_factory.mktemp("cdp-profile"))
    yield driven
    driven.close()


@pytest.fixture
def browser(shared_browser: Browser) -> Browser:
    """Each test drives a fresh tab of the shared browser, with a console of its own; the report
    keeps no state outside its tab (no storage, no cookies), so no test sees another's."""
    shared_browser.new_page()
    return shared_browser


def test_a_malformed_fragment_never_stops_the_script(browser: Browser, tmp_path: Path) -> None:
    page, _count = _page(tmp_path)
    browser.open(page.as_uri() + "#kernel=%E0%A4%A&category=regressed")
    assert browser.wait_for("document.body.getAttribute('data-ready') === '1'")
    assert browser.evaluate("document.getElementById('shown').textContent") == "2 of 10 kernels shown"
    assert "malformed" in browser.evaluate("document.getElementById('notice').textContent")
    assert browser.console == []


def test_drill_down_shows_aligned_highlighted_numbered_artifacts(browser: Browser, tmp_path: Path) -> None:
    page, _count = _page(tmp_path)
    browser.open(page.as_uri() + "#kernel=" + quote(f"evil{HOSTILE}"))
    browser.wait_for("document.querySelector('tr.detail:not([hidden]) .sbs[data-loaded=\"1\"]') !== null")
    detail = "document.querySelector('tr.detail:not([hidden])')"
    # ir_driven failed: the named reason instead of an empty pane
    reason = browser.evaluate(f"{detail}.querySelector('.sbs .reason').textContent")
    assert reason.startswith("ir_driven: no artifacts (error): emit: KeyError")
    rows = browser.evaluate(
        f"Array.from({detail}.querySelectorAll('table.diff')[0].rows).slice(1).map(r => "
        "Array.from(r.cells).map(c => c.textContent))"
    )
    assert rows[0] == ["1", "// template reader.cpp", "", ""] and rows[1] == ["2", f"// {HOSTILE}", "", ""]
    assert browser.evaluate(f"{detail}.querySelectorAll('table.diff span.c1').length") > 0  # Pygments classes
    assert browser.evaluate("document.title") == "ttmigrate parity report"  # the kernel text did not run
    assert browser.console == []


def test_aligned_rows_pair_equal_lines(browser: Browser, tmp_path: Path) -> None:
    page, _count = _page(tmp_path)
    browser.open(page.as_uri())
    rows = browser.evaluate("TTDiff.rowsOf(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])")
    assert rows == [["same", 0, 0], ["change", 1, 1], ["same", 2, 2], ["same", 3, 3], ["add", None, 4]]


def test_search_sort_and_the_url_keep_the_view(browser: Browser, tmp_path: Path) -> None:
    page, _count = _page(tmp_path)
    browser.open(page.as_uri() + "#q=gemm_reg&sort=-kernel")
    browser.wait_for("document.body.getAttribute('data-ready') === '1'")
    visible = (
        "Array.from(document.querySelectorAll('tr.kernel-row:not([hidden])')).map(r => r.dataset.kernel)"
    )
    assert browser.evaluate(visible) == ["gemm_regressed2", "gemm_regressed"]
    browser.evaluate("document.querySelector('button.sort[data-sort=\"kernel\"]').click()")
    assert browser.evaluate(visible) == ["gemm_regressed", "gemm_regressed2"]
    browser.evaluate("document.querySelector('tr.kernel-row[data-kernel=\"gemm_regressed\"]').click()")
    assert browser.evaluate("location.hash") == "#kernel=gemm_regressed&q=gemm_reg&sort=kernel"


def test_kernel_names_in_root_causes_and_blockers_open_their_drill_down(
    browser: Browser, tmp_path: Path
) -> None:
    page, _count = _page(tmp_path)
    browser.open(page.as_uri())
    browser.wait_for("document.body.getAttribute('data-ready') === '1'")
    assert browser.evaluate("document.querySelectorAll('ul.blockers a.klink').length") >= 4
    browser.evaluate(
        "document.querySelector('table.causes a.klink[href=\"#kernel=gemm_regressed2\"]').click()"
    )
    browser.wait_for("location.hash === '#kernel=gemm_regressed2'")
    opened = "Array.from(document.querySelectorAll('tr.kernel-row')).filter(r => !r.nextElementSibling.hidden).map(r => r.dataset.kernel)"
    assert browser.wait_for(f"{opened}.length === 1 && {opened}[0]") == "gemm_regressed2"
    assert browser.console == []


def test_drill_down_fills_in_its_lazy_texts_as_text(browser: Browser, tmp_path: Path) -> None:
    """Differences, tracebacks and edit scripts travel compressed and are filled in (as text) on open."""
    run = one_of_each()
    run.kernels.append(
        kernel(
            "lazy_texts", family="gemm", template=emitted(TEMPLATE),
            ir=failed_mode(IR_DRIVEN, message="boom", kind=HOSTILE),
            parity=[ArtifactParity(artifact="compute.cpp", level="divergent", differences=[f"only here {HOSTILE}"],
                                   edit_script=["- compute.cpp only here"])],
        )
    )  # fmt: skip
    page = tmp_path / "report.html"
    html = render_html(summarize(run, expected_divergences={}))
    assert "only here" not in html and "Traceback..." not in html  # not inline
    page.write_text(html, encoding="utf-8")
    browser.open(page.as_uri() + "#kernel=lazy_texts")
    detail = "document.querySelector('tr.detail:not([hidden])')"
    browser.wait_for(f"{detail}.querySelector('.sbs[data-loaded=\"1\"]') !== null")
    diffs = browser.evaluate(f"Array.from({detail}.querySelectorAll('td > ul li')).map(li => li.textContent)")
    assert diffs == [f"only here {HOSTILE}"]
    log = browser.evaluate(f"{detail}.querySelector('pre.log').textContent")
    assert log == f"Traceback...\n{HOSTILE}: boom"
    assert browser.evaluate(f"{detail}.querySelector('pre.edit').textContent") == "- compute.cpp only here"
    assert browser.evaluate("document.title") == "ttmigrate parity report"
    assert browser.console == []


def test_drill_down_is_built_on_open_with_every_section(browser: Browser, tmp_path: Path) -> None:
    """The drill-down is data in the page until it opens; then it shows the verdict, findings,
    emulation figures, an unsupported mode's named construct, and artifacts identical in both modes
    (sent once) on both sides, and the project files the kernel's code used."""
    finding = Finding(artifact="reader.cpp", line=7, rule="cb-balance", message=f"unbalanced {HOSTILE}")
    template = emitted(TEMPLATE, status="wrong", findings=[finding])
    run = one_of_each()
    with_sections = kernel("with_sections", family="gemm", template=template, ir=unsupported_mode())
    with_sections.local_files = {"/project/helpers.py": "0" * 64, f"/project/{HOSTILE}.npy": "1" * 64}
    run.kernels.append(with_sections)
    same = emitted(TEMPLATE)
    run.kernels.append(
        kernel("same_text", family="gemm", template=same, ir=dataclasses.replace(emitted(IR_DRIVEN), artifacts=same.artifacts))
    )  # fmt: skip
    html = render_html(summarize(run, expected_divergences={}))
    assert "cb-balance" not in html and "unbalanced" not in html  # not markup until opened
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    detail = "document.querySelector('tr.detail:not([hidden]) > td[data-loaded=\"1\"]')"
    browser.open(page.as_uri() + "#kernel=with_sections")
    browser.wait_for(f"{detail} !== null")
    tables = browser.evaluate(
        f"Array.from({detail}.querySelectorAll(':scope > table')).map(t => "
        "Array.from(t.rows).map(r => Array.from(r.cells).map(c => c.textContent)))"
    )
    findings, emulation = tables[-2], tables[-1]
    assert findings[1] == ["template", "reader.cpp", "7", "cb-balance", f"unbalanced {HOSTILE}"]
    assert emulation[1] == ["template", "wrong", "3.5", "0.01", "0.9999", "", "all match", "0.21s"]
    unsupported = browser.evaluate(f"{detail}.querySelector('p.unsupported').textContent")
    assert unsupported.startswith("ir_driven unsupported: T.Parallel (For at ")
    assert browser.evaluate(f"{detail}.querySelector('p b').textContent") == "ir-unsupported"
    built_from = browser.evaluate(f"{detail}.querySelector('p.local-files').textContent")
    assert built_from == f"also built from: /project/{HOSTILE}.npy, /project/helpers.py"
    browser.evaluate("location.hash = '#kernel=same_text'")
    browser.wait_for(
        f"{detail} !== null && {detail}.closest('tr').previousElementSibling.dataset.kernel === 'same_text'"
    )
    first = browser.evaluate(
        f"Array.from({detail}.querySelectorAll('table.diff')[0].rows).slice(1).map(r => "
        "Array.from(r.cells).map(c => c.textContent))"
    )
    assert first == [["1", "// template reader.cpp", "1", "// template reader.cpp"]]
    assert browser.evaluate("document.title") == "ttmigrate parity report"
    assert browser.console == []


def test_an_unreadable_payload_is_named_in_its_drill_down_and_the_page_goes_on(
    browser: Browser, tmp_path: Path
) -> None:
    page, _count = _page(tmp_path)
    html = page.read_text(encoding="utf-8")
    start = html.index('id="payloads">') + len('id="payloads">')
    page.write_text(html[:start] + "bm90IGd6aXA=" + html[html.index("\n", start) :], encoding="utf-8")
    first = "document.querySelectorAll('tr.detail > td')[0]"
    browser.open(page.as_uri())
    browser.wait_for("document.body.getAttribute('data-ready') === '1'")
    browser.evaluate("document.querySelectorAll('tr.kernel-row')[0].click()")
    browser.wait_for(f"{first}.getAttribute('data-loaded') === 'error'")
    assert browser.evaluate(f"{first}.textContent").startswith("cannot show this drill-down: ")
    browser.evaluate("document.querySelectorAll('tr.kernel-row')[1].click()")  # the next one still opens
    browser.wait_for("document.querySelectorAll('tr.detail > td')[1].getAttribute('data-loaded') === '1'")
    assert browser.console == []
