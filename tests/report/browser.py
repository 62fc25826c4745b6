"""Headless Chromium for the HTML tests: load a page and parse its DOM (``--dump-dom``), or drive it
over the DevTools protocol on a pipe (:class:`Browser`: evaluate script, click, read the URL)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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
    """/usr/bin/chromium, or the test is skipped. Tests never install system packages: CI's `.ci/run`
    installs the Debian package `chromium` explicitly when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install the Debian package `chromium` (apt-get install chromium)"
        )
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
        self.scripts = 0  # executable ones
        self.data_blocks = 0  # <script type="application/...">: data, never run
        self.body: dict[str, str | None] = {}
        self.title = ""
        self._in_title = False
        self._cell_depth = -1
        self.first_cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") in (None, "", "text/javascript"):
            self.scripts += 1
        elif tag == "script":
            self.data_blocks += 1
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


# What Chromium's Runtime.evaluate answers while the page it was asked about is being replaced.
_NAVIGATING = (
    "Inspected target navigated or closed",
    "Cannot find context with specified id",
    "Execution context was destroyed",
)


class Browser:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, NUL-framed JSON).

    Console messages and uncaught exceptions of the page are collected in ``console``."""

    def __init__(self, chromium: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds() -> None:  # in the child: the pipe ends at fds 3 and 4, whatever they were
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4, to_browser_r, from_browser_w),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.console: list[str] = []
        self.session = ""
        self.target = self._attach()

    def _attach(self) -> str:
        """A new tab, attached as this driver's page; its target id."""
        target = str(self.call("Target.createTarget", url="about:blank")["targetId"])
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Runtime.enable", session=True)
        self.call("Page.enable", session=True)
        return target

    def new_page(self) -> None:
        """A fresh tab in place of the current one, which is closed: nothing of the old tab (its
        page, history, console) is seen again; the browser process and its profile are kept."""
        old = self.target
        self.target = self._attach()
        self.console = []
        self.call("Target.closeTarget", targetId=old)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(raw))

    def call(
        self, method: str, *, session: bool = False, timeout: float = 60.0, **params: Any
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self._event(answer)

    def _event(self, event: dict[str, Any]) -> None:
        if event.get("sessionId", self.session) != self.session:
            return  # an event of a tab closed by new_page()
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            self.console.append(
                " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            )
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append(str(details.get("exception", {}).get("description", details.get("text", ""))))

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 30.0) -> Any:
        """Polls until `expression` is truthy. A poll that meets a navigation (the page a click
        submits is being replaced: Chromium answers that the target navigated or that the
        execution context is gone) is asked again on the new page, as a user would look again."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError as exc:
                if not any(sign in str(exc) for sign in _NAVIGATING):
                    raise
                value = None
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"never true: {expression}")

    def open(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("document.readyState === 'complete' && document.body !== null")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close", timeout=10)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
