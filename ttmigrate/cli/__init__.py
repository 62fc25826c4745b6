"""The `ttmigrate` command line. Each command group lives in its own module and is imported lazily,
so `ttmigrate corpus list` does not pay for loading the emulator or the report writers."""

from __future__ import annotations

import importlib

import click

# command name -> "module:attribute" (a click command or group)
_COMMANDS: dict[str, str] = {
    "corpus": "ttmigrate.cli.corpus:corpus",
    "lower": "ttmigrate.cli.lower:lower",
    "emit": "ttmigrate.cli.emit:emit",
    "snapshot": "ttmigrate.cli.snapshot:snapshot",
    "diff": "ttmigrate.cli.compare:diff",
    "check": "ttmigrate.cli.compare:check",
    "sim": "ttmigrate.cli.sim:sim",
    "run": "ttmigrate.cli.run:run",
    "report": "ttmigrate.cli.report:report",
    "flip": "ttmigrate.cli.flip:flip",
    "merge": "ttmigrate.cli.merge:merge",
    "history": "ttmigrate.cli.history:history",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup)
@click.version_option(package_name="ttmigrate")
def main() -> None:
    """Golden-snapshot regression and migration toolkit for the TileLang -> TT-Metalium backend."""
