"""One self-contained HTML page from Jinja2 templates (autoescaped), no network (a CSP forbids any
fetch), scaling to 10,000 kernels.

A row per kernel with search, sort and filters by category and family; every bit of that state lives
in the URL fragment (``#kernel=NAME&category=...&family=...&q=...&sort=...``), so a link reopens the
same view. The drill-down of a kernel holds its verdict, errors, semantic differences, protocol
findings and emulation figures, and a side-by-side view of both modes' normalised artifacts: Pygments
highlighting, line numbers, lines aligned by a line diff, wrapped, in one scrolling table. None of it
is markup in the page: each kernel's drill-down is stored inline as base64 gzip of its data
(``drill_down``), decompressed (``DecompressionStream``) and built only when it opens, so the page
holds ~20 elements per kernel whatever its drill-down shows. The script builds every element with
``textContent``; it never parses markup from data.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ttmigrate.cpus import available_cpus
from ttmigrate.report.categories import weakest_level
from ttmigrate.report.history import TrendPoint
from ttmigrate.report.model import CATEGORIES, IR_DRIVEN, TEMPLATE, KernelResult, ModeResult
from ttmigrate.report.render.highlight import ShapeTable
from ttmigrate.report.render.highlight import css as highlight_css
from ttmigrate.report.summary import Summary

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
MODE_LABELS = {TEMPLATE: "template", IR_DRIVEN: "ir_driven"}


# One run on the chart: history's trend point, whose `parity` counts the kernels at parity or better
# (GOOD_CATEGORIES: parity and improved), the one definition the sparkline uses too.
ParityPoint = TrendPoint


@dataclass(frozen=True)
class Row:
    kernel: KernelResult
    level: str
    template: str
    ir_driven: str
    search: str  # lower-case text the search box matches
    payload: str  # base64 gzip JSON of the drill-down (``drill_down``), built by the page on open


def mode_cell(mode: ModeResult | None) -> str:
    if mode is None:
        return "—"
    if mode.unsupported is not None:
        return "unsupported"
    if mode.emulation is None:
        return mode.status
    return mode.emulation.status


def unsupported_reason(mode: ModeResult | None) -> str | None:
    """The named reason a mode shows instead of its artifacts."""
    if mode is None:
        return "no result for this mode"
    if mode.unsupported is not None:
        u = mode.unsupported
        return f"unsupported: {u.construct} ({u.node_kind} at {u.location}): {u.message}"
    if not mode.artifacts:
        first = mode.errors[0] if mode.errors else None
        return f"no artifacts ({mode.status})" + (
            f": {first.stage}: {first.kind}: {first.message}" if first else ""
        )
    return None


def side_by_side(kernel: KernelResult, shapes: ShapeTable) -> dict[str, object]:
    """What the page's diff view needs: per artifact both modes' text, or the named reason."""
    template, ir = kernel.mode(TEMPLATE), kernel.mode(IR_DRIVEN)
    levels = {p.artifact: p.level for p in kernel.parity}
    names: list[str] = []
    for mode in (template, ir):
        for name in mode.artifacts if mode else {}:
            if name not in names:
                names.append(name)

    def lines(mode: ModeResult | None, name: str) -> str | None:
        if mode is None or name not in mode.artifacts:
            return None
        shapes.add(mode.artifacts[name], artifact=name)
        return mode.artifacts[name]

    def artifact(name: str) -> dict[str, object]:
        left = lines(template, name)
        right = ir.artifacts.get(name) if ir is not None else None
        if right is not None and right == left:
            # Identical in both modes (a sixth of a real run's text): sent once, not encoded,
            # compressed and shape-collected twice.
            return {"name": name, "level": levels.get(name), "left": left, "right": None, "same": True}
        return {"name": name, "level": levels.get(name), "left": left, "right": lines(ir, name)}

    return {
        "labels": [MODE_LABELS[TEMPLATE], MODE_LABELS[IR_DRIVEN]],
        "reasons": [unsupported_reason(template), unsupported_reason(ir)],
        "artifacts": [artifact(n) for n in names],
    }


def _emulation_row(name: str, mode: ModeResult) -> list[str]:
    """One row of the drill-down's emulation table, formatted here so every renderer agrees."""
    e = mode.emulation
    figures = (
        [e.status, _fmt(e.max_abs_err), _fmt(e.max_rel_err), _fmt(e.pcc), e.detail]
        if e is not None
        else [mode.status, "—", "—", "—", ""]
    )
    return [name, *figures, _snapshots(mode), f"{sum(mode.timings.values()):.2f}s"]


def drill_down(kernel: KernelResult, shapes: ShapeTable) -> dict[str, object]:
    """Everything a kernel's drill-down shows, as data: the page builds it (report.js, with
    ``textContent``) only when it opens. Rendering 10,000 hidden drill-downs as markup cost most of
    the writer's time and most of the browser's (its DOM held ~60 elements per kernel)."""
    view = side_by_side(kernel, shapes)
    view["detail"] = {
        "category": kernel.category,
        "reason": kernel.reason,
        "notes": list(kernel.notes),
        "root_cause": kernel.root_cause,
        "expected_divergence": kernel.expected_divergence,
        "change": (f"{kernel.change} (was {kernel.baseline_category or '—'})" if kernel.change else None),
        "local_files": sorted(kernel.local_files),  # why an unchanged kernel file can still re-run
        "unsupported": [
            [m.mode, u.construct, f" ({u.node_kind} at {u.location}): {u.message}"]
            for m in kernel.modes.values()
            if (u := m.unsupported) is not None
        ],
        "errors": [[e.stage, e.kind, e.message, e.log] for e in kernel.all_errors()],
        "parity": [[p.artifact, p.level, list(p.differences), list(p.edit_script)] for p in kernel.parity],
        "findings": [
            [m.mode, f.artifact, "" if f.line is None else str(f.line), f.rule, f.message]
            for m in kernel.modes.values()
            for f in m.findings
        ],
        "emulation": [
            _emulation_row(name, m)
            for name in (TEMPLATE, IR_DRIVEN)
            if (m := kernel.modes.get(name)) is not None
        ],
    }
    return view


def _json(data: object) -> bytes:
    # ASCII-escaped: a third faster to encode than UTF-8 output, and the same to JSON.parse.
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def _compress(raw: bytes) -> str:
    # Level 4: 10,000 kernels' ~380 MB of JSON in a third less time than level 6, 7 % larger.
    return base64.b64encode(gzip.compress(raw, compresslevel=4, mtime=0)).decode("ascii")


def pack(data: object) -> str:
    """base64 gzip of compact JSON: what ``TTDiff.inflate`` reads back in the page."""
    return _compress(_json(data))


def pack_all(items: Sequence[object]) -> list[str]:
    """``pack`` of each item; zlib releases the GIL, so the compression runs on every core. Each
    item's JSON lives only while it is compressed (a 10,000-kernel report holds ~300 MB of it)."""
    if len(items) < 64:
        return [pack(item) for item in items]
    with ThreadPoolExecutor(max_workers=available_cpus()) as pool:
        return list(pool.map(pack, items, chunksize=16))


def _rows(kernels: Sequence[KernelResult], shapes: ShapeTable) -> list[Row]:
    payloads = pack_all([drill_down(k, shapes) for k in kernels])
    rows = []
    for kernel, payload in zip(kernels, payloads, strict=True):
        search = " ".join(
            [kernel.name, kernel.family, kernel.category, kernel.reason, kernel.root_cause or ""]
        )
        rows.append(
            Row(
                kernel=kernel,
                level=weakest_level(kernel.parity) or "—",
                template=mode_cell(kernel.mode(TEMPLATE)),
                ir_driven=mode_cell(kernel.mode(IR_DRIVEN)),
                search=search.lower(),
                payload=payload,
            )
        )
    return rows


def chart_points(
    history: Sequence[ParityPoint], *, width: int = 560, height: int = 140
) -> list[dict[str, object]]:
    """SVG coordinates of each point (share at parity or better, 0..100 %), left to right in order."""
    if not history:
        return []
    step = (width - 40) / max(1, len(history) - 1)
    out = []
    for i, point in enumerate(history):
        share = 100.0 * point.parity / point.total if point.total else 0.0
        out.append(
            {
                "x": round(20 + i * step, 1),
                "y": round(height - 20 - share / 100 * (height - 40), 1),
                "label": point.label,
                "share": round(share, 1),
                "parity": point.parity,
                "total": point.total,
            }
        )
    return out


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ttmigrate.report", "assets"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["asset"] = _asset
    return env


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _snapshots(mode: ModeResult) -> str:
    return ", ".join(f"{a}: {s}" for a, s in sorted(mode.snapshot.items()) if s != "match") or "all match"


@cache
def _asset(name: str) -> Markup:
    """Our own CSS and JS, inlined as is (they hold no data)."""
    return Markup(resources.files("ttmigrate.report").joinpath("assets", name).read_text(encoding="utf-8"))


def render_html(summary: Summary, *, history: Sequence[ParityPoint] = ()) -> str:
    kernels = sorted(summary.results.kernels, key=lambda k: (k.family, k.name))
    known = {k.name for k in kernels}
    shapes = ShapeTable()
    rows = _rows(kernels, shapes)
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            csp=CSP,
            summary=summary,
            meta=summary.results.meta,
            categories=CATEGORIES,
            families=sorted({k.family for k in kernels}),
            rows=rows,
            # One data block, a line per row, instead of an attribute per row: Chromium tokenises
            # a 70 MB script block several times faster than the same bytes as attribute values.
            # base64 never holds markup, `<` included, so it cannot end the block.
            payloads=Markup("\n".join(row.payload for row in rows)),
            shapes=pack(shapes.table()),
            known=known,
            points=chart_points(history),
            highlight_css=Markup(highlight_css()),
        )
    )
    return page if page.endswith("\n") else page + "\n"
