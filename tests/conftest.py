"""Shared pytest setup. Snapshot support (the `golden` fixture, orphan detection, CI guards) is a
plugin in the package; other stages may add their own fixtures here."""

pytest_plugins = ["ttmigrate.snapshot.pytest_plugin"]
