"""`ttmigrate snapshot review --web` in headless Chromium: accept one group, reject another, split a
third and decide one member, finish; then the files on disk are checked. The server takes only
requests with its session token, binds 127.0.0.1, and never starts when CI is set."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from report.browser import Browser, ensure_chromium
from test_snapshot_pytest_flow import REPO, clean_env

from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import list_pending, write_pending
from ttmigrate.snapshot.store import write_golden

# kernel -> (old, new): gemm_0/gemm_1 share one edit (a group of 2), the others differ.
EDITS = {
    ("gemm", "gemm_0"): ("keep\nold step 8\n", "keep\nnew step 8\n"),
    ("gemm", "gemm_1"): ("keep\nold step 16\n", "keep\nnew step 16\n"),
    ("eltwise", "add_0"): ("a\n", "a\nb <script>document.title='pwned'</script>\n"),
    ("eltwise", "mul_0"): ("x\n", "y\n"),
    ("reduce", "sum_0"): ("p\n", "q\nr\n"),
    ("reduce", "sum_1"): ("p\n", "q\nr\n"),
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "snapshots"
    for (family, kernel), (old, new) in EDITS.items():
        key = GoldenKey(family, kernel, "ir_driven", "compute.cpp")
        write_golden(root=root, key=key, text=old)
        write_pending(root=root, key=key, text=new)
    return root


@pytest.fixture
def server(root: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from ttmigrate.cli import main; main()", "snapshot", "review", "--web", "--no-impact", "--root", str(root)],
        cwd=REPO, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)
    assert match, line
    yield proc, match.group(1)
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def _golden(root: Path, family: str, kernel: str) -> str:
    return (root / family / kernel / "ir_driven/compute.cpp").read_text()


def _group_of(browser: Browser, kernel: str) -> str:
    return str(
        browser.evaluate(
            f"Array.from(document.querySelectorAll('section.group')).find(s => "
            f"Array.from(s.querySelectorAll('.members code')).some(c => c.textContent === '{kernel}')).dataset.group"
        )
    )


def _press(browser: Browser, group: str, action: str) -> None:
    browser.evaluate(f"document.querySelector('#group-{group} button.{action}').click()")
    browser.wait_for(f"document.readyState === 'complete' && document.body.getAttribute('data-ready') === '1' && "
                     f"(!document.querySelector('#group-{group}') || document.querySelector('#group-{group}').dataset.decided !== '')")  # fmt: skip


def test_accept_reject_split_in_a_browser(
    root: Path, server: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    chromium = ensure_chromium()
    proc, url = server
    browser = Browser(chromium, tmp_path / "profile")
    try:
        browser.open(url)
        browser.wait_for("document.body.getAttribute('data-ready') === '1'")
        assert browser.evaluate("document.querySelectorAll('section.group').length") == 4
        gemm = _group_of(browser, "gemm/gemm_0")
        assert _group_of(browser, "gemm/gemm_1") == gemm  # one decision for the identical edit
        # the diff view: golden vs pending, numbered; kernel text stays text
        rows = browser.evaluate(
            f"Array.from(document.querySelector('#group-{_group_of(browser, 'eltwise/add_0')} table.diff').rows)"
            ".slice(1).map(r => Array.from(r.cells).map(c => c.textContent))"
        )
        assert rows == [["1", "a", "1", "a"], ["", "", "2", "b <script>document.title='pwned'</script>"]]
        assert browser.evaluate("document.title") == "ttmigrate snapshot review"

        _press(browser, gemm, "accept")
        _press(browser, _group_of(browser, "eltwise/mul_0"), "reject")
        reduce = _group_of(browser, "reduce/sum_0")
        _press(browser, reduce, "split")
        assert browser.evaluate("document.querySelectorAll('section.group').length") == 5
        _press(browser, _group_of(browser, "reduce/sum_1"), "accept")
        assert browser.console == []
        browser.evaluate("document.getElementById('finish').click()")
        browser.wait_for("document.getElementById('finished') !== null")
    finally:
        browser.close()
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert "3 accepted, 1 rejected, 0 skipped" in out
    assert (
        _golden(root, "gemm", "gemm_0") == "keep\nnew step 8\n"
        and _golden(root, "gemm", "gemm_1") == "keep\nnew step 16\n"
    )
    assert _golden(root, "eltwise", "mul_0") == "x\n"
    assert _golden(root, "reduce", "sum_1") == "q\nr\n" and _golden(root, "reduce", "sum_0") == "p\n"
    assert sorted(c.key.kernel for c in list_pending(root=root)) == ["add_0", "sum_0"]


def test_requests_without_the_token_are_refused(server: tuple[subprocess.Popen[str], str]) -> None:
    _proc, url = server
    base = url.split("?")[0]
    for bad in (base, base + "?token=wrong"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bad, timeout=10)
        assert refused.value.code == 403
    with urllib.request.urlopen(url, timeout=10) as page:
        assert page.status == 200 and "ttmigrate snapshot review" in page.read().decode()
    post = urllib.request.Request(base + "decide", data=b"group=x&action=accept&token=wrong", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(post, timeout=10)
    assert refused.value.code == 403


def test_refused_in_ci(root: Path) -> None:
    env = {**clean_env(), "CI": "true"}
    done = subprocess.run(
        [sys.executable, "-c", "from ttmigrate.cli import main; main()", "snapshot", "review", "--web", "--no-impact", "--root", str(root)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0 and "CI" in done.stderr and "http://" not in done.stdout
    assert len(list_pending(root=root)) == len(EDITS)
    assert os.environ.get("CI") is None  # the test itself ran outside CI mode
