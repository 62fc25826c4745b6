"""The `ttmigrate` command line. Each command group lives in its own module and is imported lazily,
so `ttmigrate corpus list` does not pay for loading the emulator or the report writers, and
`ttmigrate --help` loads none of them (TVM and torch: seconds)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click


@dataclass(frozen=True, kw_only=True)
class _Entry:
    target: str  # "module:attribute": a click command or group
    # The first sentence of the command's help, for `ttmigrate --help` without importing the command
    # (click would import every one to read it). tests/test_cli_help.py holds it to the real help.
    summary: str


_COMMANDS: dict[str, _Entry] = {
    "corpus": _Entry(
        target="ttmigrate.cli.corpus:corpus",
        summary="The TileLang kernel corpus (corpus/<family>/<name>.py).",
    ),
    "lower": _Entry(
        target="ttmigrate.cli.lower:lower",
        summary="Lower KERNEL (a corpus name or a .py path) and print its TVMScript with its attributes.",
    ),
    "emit": _Entry(
        target="ttmigrate.cli.emit:emit",
        summary="Lower KERNEL (a corpus name or a .py path) and write its five artifacts.",
    ),
    "snapshot": _Entry(
        target="ttmigrate.cli.snapshot:snapshot",
        summary="Review, accept and reject golden snapshot changes (like cargo-insta).",
    ),
    "diff": _Entry(
        target="ttmigrate.cli.compare:diff",
        summary="Compare template vs ir_driven output of KERNEL on meaning: parity level per artifact and"
        " differences.",
    ),
    "check": _Entry(
        target="ttmigrate.cli.compare:check",
        summary="Check one emitter output of KERNEL (or a program folder) against the Metalium protocol"
        " rules; exit 1 on findings.",
    ),
    "sim": _Entry(
        target="ttmigrate.cli.sim:sim",
        summary="Run KERNEL (a corpus name or a .py path) on the host emulation and compare with NumPy, or"
        " run a program folder (--program DIR).",
    ),
    "run": _Entry(
        target="ttmigrate.cli.run:run",
        summary="Run kernels through template and ir_driven; write OUT_DIR/results.json.",
    ),
    "report": _Entry(
        target="ttmigrate.cli.report:report",
        summary="Render RESULTS. The flip gate shown uses the current expected-divergence list.",
    ),
    "flip": _Entry(
        target="ttmigrate.cli.flip:flip",
        summary="Flip the default codegen mode to ir_driven when the gate allows it.",
    ),
    "merge": _Entry(
        target="ttmigrate.cli.merge:merge",
        summary="Merge SHARD_FILES (shard-K-of-N.json from `ttmigrate run --shard K/N`) into"
        " OUT_DIR/results.json.",
    ),
    "history": _Entry(
        target="ttmigrate.cli.history:history",
        summary="List the recorded runs of HISTORY_FILE: when, commit, kernels, parity, time; and the trend.",
    ),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = _COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attr = entry.target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list as click writes it, from the summaries (nothing is imported)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        # a bare command with the summary as its help shortens it as the real command would
        rows = [
            (name, click.Command(name, help=_COMMANDS[name].summary).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup)
@click.version_option(package_name="ttmigrate")
def main() -> None:
    """Golden-snapshot regression and migration toolkit for the TileLang -> TT-Metalium backend."""
