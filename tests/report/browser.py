"""Headless Chromium for the HTML report tests: find or install it, load a page, parse the DOM."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def ensure_chromium() -> str:
    """/usr/bin/chromium, installed with apt-get when missing and possible; else the test is skipped."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.skip("Chromium is not installed and cannot be installed here (needs root and apt-get)")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        )
        if done.returncode != 0:
            pytest.skip(f"installing Chromium failed: {' '.join(command)}: {done.stderr.strip()[-300:]}")
    assert Path(CHROMIUM).exists(), "apt-get installed chromium but /usr/bin/chromium is missing"
    return CHROMIUM


def open_page(chromium: str, url: str, profile: Path) -> tuple[str, list[str]]:
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


class Dom(HTMLParser):
    """Rows, script elements and the text of each kernel's name cell in the dumped DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.details: list[dict[str, str | None]] = []  # the drill-down row after each kernel row
        self.scripts = 0
        self.body: dict[str, str | None] = {}
        self.title = ""
        self._in_title = False
        self._cell_depth = -1
        self.first_cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts += 1
        elif tag == "body":
            self.body = attributes
        elif tag == "title":
            self._in_title = True
        elif tag == "tr" and attributes.get("class") == "detail":
            self.details.append(attributes)
        elif tag == "tr" and "kernel-row" in (attributes.get("class") or ""):
            self.rows.append(attributes)
            self._cell_depth = 0
        elif tag == "td" and self._cell_depth == 0:
            self._cell_depth = 1
            self.first_cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "td" and self._cell_depth == 1:
            self._cell_depth = -1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._cell_depth == 1:
            self.first_cells[-1] += data
