"""The terminal dashboard (rich): totals, flip readiness, families, root causes, the next command.

Fits 80 columns: no outer frame, a per-family table whose problem column lists only the non-zero
problem categories in words (no truncated headers), and a root-cause table that names the kernels
instead of repeating the cause. Colour is spent only where there is a problem: a category's count is
coloured when it is a failure category and non-zero; zeros stay plain.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ttmigrate.escape import terminal_safe
from ttmigrate.report.categories import FAILURE_CATEGORIES
from ttmigrate.report.gate import GateResult
from ttmigrate.report.model import CATEGORIES, TEMPLATE, RunResults
from ttmigrate.report.summary import Summary


def safe(text: str) -> str:
    """Kernel-derived text shown, never executed: control characters (ANSI/OSC) escaped."""
    return terminal_safe(text, single_line=True)


CATEGORY_STYLES: dict[str, str] = {
    "parity": "green",
    "improved": "cyan",
    "diverged": "yellow",
    "regressed": "bold red",
    "both-wrong": "red",
    "ir-unsupported": "magenta",
    "no-reference": "blue",
    "error": "bold red",
}
TOP_CAUSES = 10
MAX_BLOCKERS = 25
MAX_NAMES = 4


def _count_style(category: str, count: int) -> str:
    if count == 0:
        return ""
    if category in FAILURE_CATEGORIES:
        return CATEGORY_STYLES[category]
    return "green" if category == "parity" else ""


def _names(names: list[str] | tuple[str, ...], limit: int = MAX_NAMES) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" … (+{len(names) - limit})" if len(names) > limit else "")


def _template_status(results: RunResults, name: str) -> str:
    kernel = results.kernel(name)
    mode = kernel.mode(TEMPLATE) if kernel is not None else None
    if mode is None:
        return "no result"
    if mode.unsupported is not None:
        return "unsupported"
    return mode.emulation.status if mode.emulation is not None else mode.status


def _pinned(results: RunResults, gate: GateResult) -> list[tuple[str, bool]]:
    """(line, is a warning): the pinned kernels and whether they compute wrong numbers in template."""
    if not gate.pins:
        return []
    pins = sorted(gate.pins)
    lines = [(f"stay pinned to template (ir_driven cannot emit them): {', '.join(pins)}", False)]
    wrong = [name for name in pins if _template_status(results, name) != "correct"]
    if wrong:
        statuses = ", ".join(f"{n} ({_template_status(results, n)})" for n in wrong)
        lines.append(
            (
                f"{len(wrong)} of them compute wrong numbers in template mode, and keep doing so after "
                f"the flip: {statuses}",
                True,
            )
        )
    else:
        lines.append(("each pinned kernel is correct in template mode", False))
    return lines


def pinned_lines(results: RunResults, gate: GateResult) -> list[str]:
    """What stays pinned after a flip, and what that means (for `ttmigrate flip`)."""
    return [line for line, _ in _pinned(results, gate)]


def _gate(summary: Summary) -> RenderableType:
    gate = summary.gate
    if not gate.ready:
        lines = Table.grid(padding=(0, 1))  # a hanging indent keeps each wrapped blocker readable
        lines.add_column(width=1)
        lines.add_column()
        for blocker in gate.blockers[:MAX_BLOCKERS]:
            lines.add_row("-", Text(safe(str(blocker))))
        if len(gate.blockers) > MAX_BLOCKERS:
            lines.add_row("", f"… and {len(gate.blockers) - MAX_BLOCKERS} more")
        blocked = Text(f"{summary.default_mode}\n")
        blocked.append(f"Flip: BLOCKED by {len(gate.blockers)} blocker(s)", style="bold red")
        return Group(blocked, lines)
    text = Text(f"{summary.default_mode}\n")
    text.append("Flip: READY", style="bold green")
    text.append(f" — {len(gate.flipped)} kernels to ir_driven, {len(gate.pins)} pinned to template\n")
    for line, wrong in _pinned(summary.results, gate):
        text.append(f"  {safe(line)}\n", style="yellow" if wrong else "")
    return text


def _next_command(summary: Summary) -> Text:
    gate = summary.gate
    text = Text("next: ", style="bold")
    if gate.ready and summary.results.meta.default_mode == "ir_driven" and not gate.pins:
        # already flipped and nothing left pinned: a flip would rewrite what is there
        text.append("nothing to flip", style="bold green")
        text.append("  (default_mode is ir_driven, 0 kernels pinned; tox -e parity keeps the gate green)")
        return text
    if gate.ready:
        text.append("ttmigrate flip", style="bold green")
        text.append('  (writes default_mode = "ir_driven" and the pins to pyproject.toml)')
        return text
    first = next((b.kernel for b in gate.blockers if b.kernel), None)
    if first is None:
        text.append("ttmigrate run --out-dir reports", style="bold")
        text.append("  (the whole corpus), then ttmigrate report --results reports/results.json")
        return text
    text.append(f"ttmigrate diff {safe(first)}", style="bold")
    text.append(
        f" and ttmigrate sim {safe(first)} --mode ir_driven; after a fix, ttmigrate run --out-dir reports"
    )
    return text


def dashboard(summary: Summary) -> RenderableType:
    meta = summary.results.meta
    parts: list[RenderableType] = [Rule("ttmigrate parity", align="left")]
    header = Text(f"ttmigrate {meta.tool_version} · {summary.kernel_count} kernels · ")
    header.append(f"commit {meta.git_commit[:12] if meta.git_commit else 'unknown'}")
    if not meta.complete:
        header.append(f" · selection: {safe(' '.join(meta.selection))}", style="yellow")
    parts.append(header)

    totals = Table(title="Kernels per category", show_edge=False, title_justify="left")
    totals.add_column("category")
    totals.add_column("kernels", justify="right")
    totals.add_column("share", justify="right")
    for category in CATEGORIES:
        count = summary.totals[category]
        share = f"{100 * count / summary.kernel_count:.0f}%" if summary.kernel_count else "-"
        style = _count_style(category, count)
        totals.add_row(Text(category, style=style), Text(str(count), style=style), share)
    totals.add_row(Text("total", style="bold"), str(summary.kernel_count), "")
    parts.append(totals)
    parts.append(_gate(summary))

    families = Table(title="Per family", show_edge=False, title_justify="left")
    families.add_column("family", no_wrap=True)
    families.add_column("kernels", justify="right")
    families.add_column("parity", justify="right")
    families.add_column("problems (non-zero only)")
    for row in summary.families:
        problems = Text()
        for category in CATEGORIES:
            count = row.counts[category]
            if count and category != "parity":
                if problems:
                    problems.append(", ")
                problems.append(f"{count} {category}", style=_count_style(category, count))
        parity = row.counts["parity"]
        families.add_row(
            Text(safe(row.family)),
            str(row.total),
            Text(str(parity), style=_count_style("parity", parity)),
            problems,
        )
    parts.append(families)

    causes = summary.root_causes
    cause_table = Table(title=f"Root causes: {causes.headline()}", show_edge=False, title_justify="left")
    cause_table.add_column("n", justify="right")
    cause_table.add_column("root cause", ratio=3, overflow="fold")
    cause_table.add_column("kernels", ratio=2)
    for cause in causes.causes[:TOP_CAUSES]:
        cause_table.add_row(str(len(cause.kernels)), Text(safe(cause.key)), Text(safe(_names(cause.kernels))))
    if causes.causes:
        parts.append(cause_table)
    if len(causes.causes) > TOP_CAUSES:
        parts.append(Text(f"… {len(causes.causes) - TOP_CAUSES} more root causes in the HTML report"))

    if summary.changes:
        changes = Text("Since baseline:\n", style="bold")
        for kind, kernels in summary.changes.items():
            changes.append(f"  {kind}: {len(kernels)} ({safe(_names(kernels, 8))})\n")
        parts.append(changes)
    parts.append(_next_command(summary))
    return Group(*parts)


def render(summary: Summary, console: Console) -> None:
    console.print(dashboard(summary))


def render_text(summary: Summary, *, width: int = 80) -> str:
    """The dashboard as plain text (no colour codes), e.g. for --out or tests."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    render(summary, console)
    return buffer.getvalue()


def trend(*, sparkline: str, first: tuple[int, int], last: tuple[int, int], runs: int) -> RenderableType:
    """The parity trend over recorded runs (`ttmigrate report --history`): one bar per run, oldest
    first; `first`/`last` are (parity, total) of the oldest and newest run."""
    line = Text(f"Parity over {runs} run{'s' * (runs != 1)}: ")
    line.append(sparkline, style="green")
    line.append(f"  {first[0]}/{first[1]} → {last[0]}/{last[1]}")
    return line
