"""One self-contained HTML page from Jinja2 templates (autoescaped), no network (a CSP forbids any
fetch), scaling to 10,000 kernels.

A row per kernel with search, sort and filters by category and family; every bit of that state lives
in the URL fragment (``#kernel=NAME&category=...&family=...&q=...&sort=...``), so a link reopens the
same view. The drill-down of a kernel holds its verdict, errors, semantic differences, protocol
findings and emulation figures, and a side-by-side view of both modes' normalised artifacts: Pygments
highlighting, line numbers, lines aligned by a line diff, wrapped, in one scrolling table. The
artifacts are the bulk of a report, so each kernel's are stored inline as base64 gzip of their token
lists and only decompressed (``DecompressionStream``) when its drill-down opens; so are its long
texts (semantic differences, error tracebacks, edit scripts), which the page fills in then. The script builds
every element with ``textContent``; it never parses markup from data.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

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
    payload: str  # base64 gzip JSON of the side-by-side artifacts ("" when there are none)


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

    return {
        "labels": [MODE_LABELS[TEMPLATE], MODE_LABELS[IR_DRIVEN]],
        "reasons": [unsupported_reason(template), unsupported_reason(ir)],
        # The drill-down's long texts, filled in when it opens (report.js): differences, tracebacks
        # and edit scripts are most of a real report's inline text (a third of 1,000 kernels' page).
        "texts": {
            "diffs": [list(p.differences) for p in kernel.parity],
            "log": [error.log for error in kernel.all_errors()],
            "edit": ["\n".join(p.edit_script) for p in kernel.parity],
        },
        "artifacts": [
            {"name": n, "level": levels.get(n), "left": lines(template, n), "right": lines(ir, n)}
            for n in names
        ],
    }


def _json(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _compress(raw: bytes) -> str:
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def pack(data: object) -> str:
    """base64 gzip of compact JSON: what ``TTDiff.inflate`` reads back in the page."""
    return _compress(_json(data))


def pack_all(items: Sequence[object]) -> list[str]:
    """``pack`` of each item; zlib releases the GIL, so the compression runs on every core. Each
    item's JSON lives only while it is compressed (a 10,000-kernel report holds ~300 MB of it)."""
    if len(items) < 64:
        return [pack(item) for item in items]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(pack, items, chunksize=16))


def _rows(kernels: Sequence[KernelResult], shapes: ShapeTable) -> list[Row]:
    views = [side_by_side(k, shapes) for k in kernels]
    shown = [i for i, v in enumerate(views) if v["artifacts"] or any(v["reasons"])]  # type: ignore[arg-type]
    payloads = dict(zip(shown, pack_all([views[i] for i in shown]), strict=True))
    rows = []
    for i, kernel in enumerate(kernels):
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
                payload=payloads.get(i, ""),
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
    env.globals["fmt"] = _fmt
    env.globals["snap"] = _snapshots
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
            shapes=pack(shapes.table()),
            known=known,
            points=chart_points(history),
            highlight_css=Markup(highlight_css()),
        )
    )
    return page if page.endswith("\n") else page + "\n"
