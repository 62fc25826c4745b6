"""`ttmigrate flip --check` lists blockers; `ttmigrate flip` edits a temp copy of pyproject.toml only
when ready (default_mode and the pins, nothing else); `ttmigrate report` renders every format."""

from __future__ import annotations

import difflib
import tomllib
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from report.synthetic import emitted, kernel, levels, one_of_each, results, unsupported_mode

from ttmigrate.cli import main
from ttmigrate.report.model import IR_DRIVEN, RunResults
from ttmigrate.run.metadata import corpus_hash_of_files

REPO_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # The real pyproject.toml (flip must edit it surgically), minus the repo's own expected-divergence
    # entries (they name corpus kernels that this synthetic two-kernel project does not have), as it
    # was before its own flip: the project under test has not flipped yet.
    text = _unflipped(_without_divergence_entries(REPO_PYPROJECT.read_text()))
    (tmp_path / "pyproject.toml").write_text(text)
    for family, name in [("gemm", "gemm_256"), ("eltwise", "add_256")]:
        (tmp_path / "corpus" / family).mkdir(parents=True, exist_ok=True)
        (tmp_path / "corpus" / family / f"{name}.py").write_text(f"# {name}\n")
    return tmp_path


def _unflipped(text: str) -> str:
    """[tool.ttmigrate] back at its starting point: default_mode "template", no pins, no date."""
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith("default_mode = "):
            line = 'default_mode = "template"\n'
        elif line.startswith("kernel_modes = "):
            line = "kernel_modes = {}\n"
        elif line.startswith("flipped_on = "):
            continue
        out.append(line)
    unflipped = "".join(out)
    table = tomllib.loads(unflipped)["tool"]["ttmigrate"]
    assert (table["default_mode"], table["kernel_modes"], "flipped_on" in table) == ("template", {}, False)
    return unflipped


def _without_divergence_entries(text: str) -> str:
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            inside = line.strip() == "[tool.ttmigrate.expected_divergences]"
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            continue
        out.append(line)
    return "".join(out)


def _save(project: Path, run: RunResults) -> Path:
    run.meta.corpus_hash = corpus_hash_of_files(sorted((project / "corpus").glob("*/*.py")))
    path = project / "results.json"
    path.write_text(run.to_json())
    return path


def _flip(project: Path, *args: str):
    return CliRunner().invoke(
        main,
        ["flip", *args, "--results", str(project / "results.json"), "--pyproject", str(project / "pyproject.toml"),
         "--corpus", str(project / "corpus")],
    )  # fmt: skip


def _add_expected(project: Path, entries: str) -> None:
    path = project / "pyproject.toml"
    text = path.read_text().replace(
        "[tool.ttmigrate.expected_divergences]\n", f"[tool.ttmigrate.expected_divergences]\n{entries}", 1
    )
    path.write_text(text)


def test_check_lists_every_blocker_and_changes_nothing(project: Path) -> None:
    _save(project, one_of_each())
    before = (project / "pyproject.toml").read_text()
    for args in (["--check"], []):
        outcome = _flip(project, *args)
        assert outcome.exit_code == 1, outcome.output
        assert "flip blocked by 5 blocker(s):" in outcome.output
        for line in (
            "unexpected-divergence: eltwise_diverged:",
            "regressed: gemm_regressed:",
            "regressed: gemm_regressed2:",
            "ir-wrong: reduce_both_wrong:",
            "error: softmax_error:",
        ):
            assert line in outcome.output
    assert "left unchanged" in outcome.output
    assert (project / "pyproject.toml").read_text() == before


def test_stale_and_unneeded_expected_divergences_block(project: Path) -> None:
    _add_expected(project, 'now_parity = "was different once"\n')
    run = results([kernel("now_parity")])
    _save(project, run)
    outcome = _flip(project, "--check")
    assert outcome.exit_code == 1
    assert "stale-expected-divergence: now_parity: at parity now; remove it" in outcome.output


def test_missing_reason_is_a_config_error(project: Path) -> None:
    _add_expected(project, 'd = ""\n')
    _save(project, results([kernel("d", parity=levels(main_cpp="divergent"))]))
    outcome = _flip(project, "--check")
    assert outcome.exit_code == 2
    assert "expected_divergences.d has no reason" in outcome.output


def test_results_from_another_corpus_block(project: Path) -> None:
    _save(project, results([kernel("p")]))
    (project / "corpus" / "gemm" / "gemm_256.py").write_text("# changed\n")
    outcome = _flip(project, "--check")
    assert outcome.exit_code == 1
    assert "stale-results" in outcome.output


def test_results_without_mode_results_block(project: Path) -> None:
    run = results([kernel("p"), kernel("q")])
    run.kernels[0].modes.clear()  # every mode result removed, the category "parity" left
    del run.kernels[1].modes[IR_DRIVEN]
    _save(project, run)
    outcome = _flip(project, "--check")
    assert outcome.exit_code == 1, outcome.output
    assert "missing-modes: p: the results hold no template or ir_driven result" in outcome.output
    assert "missing-modes: q: the results hold no ir_driven result" in outcome.output
    assert "flip ready" not in outcome.output


def test_flip_when_ready_edits_only_the_modes(project: Path) -> None:
    _add_expected(project, 'd = "ir_driven packs two tiles per push"\n')
    run = results(
        [
            kernel("p"),
            kernel("i", template=emitted("template", "wrong"), parity=levels(compute_cpp="divergent")),
            kernel("d", parity=levels(main_cpp="divergent")),
            kernel("u", ir=unsupported_mode()),
        ]
    )
    _save(project, run)
    check = _flip(project, "--check")
    assert check.exit_code == 0, check.output
    assert "flip ready: 3 kernels to ir_driven, 1 pinned to template" in check.output
    assert "stay pinned to template (ir_driven cannot emit them): u" in check.output
    assert "each pinned kernel is correct in template mode" in check.output
    assert check.output.rstrip().endswith("next: ttmigrate flip")
    before = (project / "pyproject.toml").read_text()
    assert (project / "pyproject.toml").read_text() == before  # --check writes nothing
    outcome = _flip(project)
    today = datetime.now(UTC).date().isoformat()
    assert outcome.exit_code == 0, outcome.output
    after = (project / "pyproject.toml").read_text()
    changed = [
        line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]  # fmt: skip
    assert changed == [
        '-default_mode = "template"',
        '+default_mode = "ir_driven"',
        "-kernel_modes = {}",
        '+kernel_modes = { u = "template" }',
        f'+flipped_on = "{today}"',
    ]
    table = tomllib.loads(after)["tool"]["ttmigrate"]
    assert table["default_mode"] == IR_DRIVEN and table["kernel_modes"] == {"u": "template"}
    assert not list(project.glob(".pyproject.toml.*.tmp"))


def test_reflip_keeps_the_date_and_reports_show_it(project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text(
        path.read_text()
        .replace('default_mode = "template"', 'default_mode = "ir_driven"')
        .replace("kernel_modes = {}", 'kernel_modes = { p = "template" }\nflipped_on = "2026-11-02"')
    )
    run = results([kernel("p"), kernel("q")])
    _save(project, run)
    outcome = _flip(project)
    assert outcome.exit_code == 0, outcome.output
    table = tomllib.loads(path.read_text())["tool"]["ttmigrate"]
    assert table["kernel_modes"] == {} and table["flipped_on"] == "2026-11-02"  # pins shrink, date stays
    # A run records the mode and the date; every report shows them.
    run.meta.default_mode, run.meta.flipped_on = IR_DRIVEN, "2026-11-02"
    saved = _save(project, run)
    runner = CliRunner()
    for fmt in ("terminal", "md", "html"):
        out = project / f"r.{fmt}"
        done = runner.invoke(main, ["report", "--results", str(saved), "--format", fmt, "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert "Default mode: ir_driven since 2026-11-02" in out.read_text(), fmt


def test_bad_flip_date_is_a_config_error_with_its_line(project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text(
        path.read_text().replace("kernel_modes = {}", 'kernel_modes = {}\nflipped_on = "yesterday"')
    )
    _save(project, results([kernel("p")]))
    outcome = _flip(project, "--check")
    assert outcome.exit_code == 2
    assert (
        "flipped_on = 'yesterday' is not an ISO date" in outcome.output
        and "pyproject.toml:" in outcome.output
    )


def test_report_cli_renders_every_format(project: Path) -> None:
    path = _save(project, one_of_each())
    runner = CliRunner()
    base = ["report", "--results", str(path), "--pyproject", str(project / "pyproject.toml")]
    terminal = runner.invoke(main, base)
    assert terminal.exit_code == 0 and "Flip: BLOCKED by 5 blocker(s)" in terminal.output
    for fmt, name in [
        ("terminal", "r.txt"),
        ("html", "r.html"),
        ("md", "r.md"),
        ("junit", "r.xml"),
        ("json", "r.json"),
    ]:
        out = project / "reports" / name
        done = runner.invoke(main, [*base, "--format", fmt, "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert out.stat().st_size > 0
    assert "5 root causes across 6 kernels" in (project / "reports" / "r.txt").read_text()
    assert "\x1b[" not in (project / "reports" / "r.txt").read_text()  # plain text, no colour codes
    suite = ET.parse(project / "reports" / "r.xml").getroot().find("testsuite")
    assert suite is not None and len(suite.findall("testcase")) == 8
    bad = runner.invoke(main, ["report", "--results", str(project / "nope.json")])
    assert bad.exit_code == 2 and "cannot read" in bad.output
