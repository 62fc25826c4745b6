"""`ttmigrate --help` lists every command as click would, without importing any of them."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from ttmigrate.cli import main


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_command_list_is_what_click_writes_from_the_commands_themselves(width: int) -> None:
    lazy_context = click.Context(main, info_name="ttmigrate", terminal_width=width)
    commands = {name: main.get_command(lazy_context, name) for name in main.list_commands(lazy_context)}
    assert all(commands.values())
    eager = click.Group(
        name=main.name, commands=commands, params=main.params, help=main.help, callback=main.callback
    )
    eager_context = click.Context(eager, info_name="ttmigrate", terminal_width=width)
    assert main.get_help(lazy_context) == eager.get_help(eager_context)


def test_help_imports_neither_tvm_nor_torch() -> None:
    probe = (
        "import sys\nfrom ttmigrate.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(name for name in ('tvm', 'torch', 'tvm_ffi') if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and "history" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]", done.stdout
