"""pytest plugin for the golden snapshots (loaded by ``tests/conftest.py``).

- the ``golden`` fixture: picks the golden for a case and, after the test, writes the pending
  ``.new`` file of a failed comparison (or removes a stale one) and records header drift;
- ``--snapshot-update`` and any golden write are refused when ``$CI`` is set;
- orphans: when the whole snapshot test set was selected (no ``-k``, no node ids, no ``--lf``
  subset) and every case ran, goldens that no kernel produces any more fail the run, named with
  their paths (``--snapshot-update`` deletes them instead, outside CI). A subset never flags or
  deletes anything outside it. Works under pytest-xdist: the controller gathers the workers'
  selections and per-test records.
- in CI a stray ``.new`` file under ``snapshots/`` fails the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from ttmigrate.snapshot.cases import (
    SnapshotCase,
    cached_render,
    case_id_from_nodeid,
    session_cases,
    session_source,
)
from ttmigrate.snapshot.layout import (
    PENDING_SUFFIX,
    UNSUPPORTED,
    GoldenKey,
    ci_enabled,
    iter_files,
    pending_path,
    relpath,
    snapshot_root,
)
from ttmigrate.snapshot.pending import write_pending
from ttmigrate.snapshot.render import UNSUPPORTED_OUTCOME
from ttmigrate.snapshot.store import Orphan, find_orphans, prune
from ttmigrate.snapshot.syrupy_ext import GoldenSnapshotExtension

_RECORD = "ttmigrate_snapshot"


@dataclass
class _Run:
    selected: set[str] = field(default_factory=set)  # case ids selected for this session
    finished: set[str] = field(default_factory=set)  # case ids whose teardown was reported
    outcomes: dict[str, str] = field(default_factory=dict)  # folder -> emitted / unsupported
    drift: set[str] = field(default_factory=set)
    pending: set[str] = field(default_factory=set)
    orphans: list[Orphan] = field(default_factory=list)
    deleted: list[Orphan] = field(default_factory=list)
    stray_pending: list[str] = field(default_factory=list)
    orphan_check: str = ""  # why orphans were not checked, if they were not


_RUN = pytest.StashKey[_Run]()


def _update(config: pytest.Config) -> bool:
    option = config.option
    return bool(
        getattr(option, "update_snapshots", False) or getattr(option, "update_new_snapshots_only", False)
    )


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if _update(config) and ci_enabled():
        raise pytest.UsageError(
            "refusing --snapshot-update: CI is set and goldens are read-only in CI. "
            "Update snapshots locally and commit them."
        )
    GoldenSnapshotExtension.compare_headers = _update(config)
    run = config.stash[_RUN] = _Run()
    if not _is_worker(config):
        config.pluginmanager.register(_Recorder(run), "ttmigrate-snapshot-recorder")


class _WholeDiff:
    """Wraps the syrupy assertion so that a mismatch fails with the whole diff.

    pytest cuts an assertion explanation after a few lines unless ``-vv`` is given ("use -vv to
    show"), which hid the removed lines of a golden change; ``pytest.fail`` messages are never cut.
    """

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, assertion: SnapshotAssertion, golden: str) -> None:
        self._assertion = assertion
        self._golden = golden

    def __eq__(self, other: object) -> bool:
        if self._assertion == other:
            return True
        diff = "\n".join(self._assertion.get_assert_diff())
        where = (
            "CI: no pending file written"
            if ci_enabled()
            else "the current output is written beside it as .new"
        )
        pytest.fail(
            f"snapshot {self._golden} does not match (- golden, + current; {where}):\n{diff}", pytrace=False
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._assertion, name)


class Target:
    """What one snapshot test compares: ``assert target.snapshot == target.text``."""

    def __init__(self, snapshot: SnapshotAssertion, text: str, *, golden: str = "") -> None:
        self.snapshot = _WholeDiff(snapshot, golden)
        self.text = text


class Golden:
    def __init__(self, snapshot: SnapshotAssertion) -> None:
        self._snapshot = snapshot.use_extension(GoldenSnapshotExtension)
        self.record: dict[str, Any] = {}

    def target(self, case: SnapshotCase) -> Target:
        if case.broken is not None:
            pytest.fail(f"kernel does not load, goldens kept: {case.broken.error}", pytrace=False)
        assert case.kernel is not None
        rendering = cached_render(case.kernel, case.key.mode)
        self.record["outcome"] = [case.key.folder, rendering.outcome]
        if rendering.outcome == UNSUPPORTED_OUTCOME:
            # Every artifact test of an unsupported kernel checks the one UNSUPPORTED golden.
            key = case.key.with_name(UNSUPPORTED)
            return Target(self._snapshot(name=UNSUPPORTED), rendering.files[UNSUPPORTED], golden=key.relpath)
        return Target(self._snapshot, rendering.files[case.key.name], golden=case.key.relpath)

    def finish(self, config: pytest.Config) -> None:
        """After the test: pending files and header drift, from syrupy's assertion results."""
        root = snapshot_root()
        for result in self._snapshot.executions.values():
            golden_path = Path(result.snapshot_location)
            rel = relpath(root, golden_path)
            if result.success:
                drifted = result.recalled_data is not None and result.recalled_data != result.asserted_data
                if drifted and not _update(config):
                    self.record.setdefault("drift", []).append(rel)
                if not ci_enabled():
                    pending_path(golden_path).unlink(missing_ok=True)  # the golden is current
            elif not result.success and not ci_enabled() and isinstance(result.asserted_data, str):
                key = GoldenKey.parse(rel)
                if key is not None:
                    write_pending(root=root, key=key, text=result.asserted_data)
                    self.record.setdefault("pending", []).append(rel)


@pytest.fixture
def golden(snapshot: SnapshotAssertion, request: pytest.FixtureRequest) -> Iterator[Golden]:
    helper = Golden(snapshot)
    yield helper
    helper.finish(request.config)
    request.node.user_properties.append((_RECORD, json.dumps(helper.record, allow_nan=False)))


def pytest_collection_finish(session: pytest.Session) -> None:
    if not _is_worker(session.config):
        _select(session.config.stash[_RUN], [item.nodeid for item in session.items])


def _select(run: _Run, nodeids: list[str]) -> None:
    run.selected |= {case for nodeid in nodeids if (case := case_id_from_nodeid(nodeid))}


class _Recorder:
    """Hooks that receive no config: bound to this session's record (controller or single process)."""

    def __init__(self, run: _Run) -> None:
        self.run = run

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        _select(self.run, ids)  # each worker's selection, after -k / --deselect

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        case = case_id_from_nodeid(report.nodeid)
        if report.when != "teardown" or case is None:
            return
        self.run.finished.add(case)
        for name, value in report.user_properties:
            if name != _RECORD:
                continue
            record = json.loads(str(value))
            if "outcome" in record:
                folder, outcome = record["outcome"]
                self.run.outcomes[folder] = outcome
            self.run.drift.update(record.get("drift", ()))
            self.run.pending.update(record.get("pending", ()))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if _is_worker(config):
        return
    run = config.stash[_RUN]
    root = snapshot_root()
    failed = False
    if not run.selected:
        return  # no snapshot test in this session
    if ci_enabled():
        run.stray_pending = [relpath(root, p) for p in iter_files(root) if p.name.endswith(PENDING_SUFFIX)]
        failed |= bool(run.stray_pending)
    failed |= _check_orphans(session, run, root)
    if failed and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _check_orphans(session: pytest.Session, run: _Run, root: Path) -> bool:
    source = session_source()
    all_cases = {case.id: case for case in session_cases()}
    if run.selected != set(all_cases):
        run.orphan_check = "only part of the snapshot tests was selected"
        return False
    if run.finished != run.selected or session.shouldstop or session.shouldfail:
        run.orphan_check = "not every selected snapshot test ran to the end"
        return False
    kernels = {(case.key.family, case.key.kernel) for case in all_cases.values()}
    run.orphans = find_orphans(
        root=root, kernels=kernels, modes=source.modes, artifacts=source.artifacts, outcomes=run.outcomes
    )
    config = session.config
    if run.orphans and _update(config) and not ci_enabled() and not config.option.no_cleanup:
        run.deleted = prune(orphans=run.orphans)
        run.orphans = []
    return bool(run.orphans)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _is_worker(config):
        return
    run = config.stash[_RUN]
    details = bool(getattr(config.option, "include_snapshot_details", False))
    write = terminalreporter.write_line
    if not (run.orphans or run.deleted or run.stray_pending or run.drift or run.pending):
        if details and run.orphan_check:
            terminalreporter.section("ttmigrate snapshots")
            write(f"Orphans not checked: {run.orphan_check}.")
        return
    terminalreporter.section("ttmigrate snapshots")
    if details and run.orphan_check:
        write(f"Orphans not checked: {run.orphan_check}.")
    for orphan in run.orphans:
        write(f"Orphaned golden: snapshots/{orphan.relpath} ({orphan.reason})", red=True)
    if run.orphans:
        write(
            f"{len(run.orphans)} orphaned golden(s) fail the run: delete them with `ttmigrate snapshot prune` "
            "or `pytest --snapshot-update` (locally).",
            red=True,
        )
    for orphan in run.deleted:
        write(f"Deleted orphan: snapshots/{orphan.relpath} ({orphan.reason})", yellow=True)
    for rel in run.stray_pending:
        write(f"Stray pending file in CI: snapshots/{rel} (pending changes must not be committed)", red=True)
    if run.pending:
        write(
            f"{len(run.pending)} pending change(s) written beside the goldens (*.new); "
            "review them with `ttmigrate snapshot review`.",
            yellow=True,
        )
        if details:
            for rel in sorted(run.pending):
                write(f"  pending: snapshots/{rel}{PENDING_SUFFIX}")
    if run.drift:
        write(
            f"Header drift (content unchanged, not a failure): {len(run.drift)} golden(s); "
            "`pytest --snapshot-update` refreshes the headers."
            + ("" if details else " Use --snapshot-details to list them."),
            yellow=True,
        )
        if details:
            for rel in sorted(run.drift):
                write(f"  header drift: snapshots/{rel}")
