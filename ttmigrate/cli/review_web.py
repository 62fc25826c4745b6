"""``ttmigrate snapshot review --web``: the grouped pending changes in a local browser page.

Bound to 127.0.0.1 on a random port, with a per-session token that every request must carry (and a
Host check against DNS rebinding); refused when ``CI`` is set. Each group shows its members with
their impact and a side-by-side diff (golden → pending; the report's diff view), and buttons to
accept, reject, skip or split it. Decisions go through the same store functions as the CLI
(:func:`ttmigrate.snapshot.review.apply_decision`: atomic golden writes). Plain HTML forms do the
posting; the page's only script draws the diffs. "Finish" stops the server.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup

from ttmigrate.report.render.highlight import ShapeTable
from ttmigrate.report.render.highlight import css as highlight_css
from ttmigrate.report.render.html import _asset, _environment, pack
from ttmigrate.snapshot.groups import ChangeGroup, split
from ttmigrate.snapshot.header import content_of
from ttmigrate.snapshot.impact import KernelImpact
from ttmigrate.snapshot.layout import ci_enabled
from ttmigrate.snapshot.review import ReviewResult, apply_decision

HOST = "127.0.0.1"
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'"
ACTIONS = ("accept", "reject", "skip", "split")


class RefusedInCI(RuntimeError):
    """``review --web`` never starts when ``CI`` is set."""


@dataclass
class Session:
    groups: list[ChangeGroup]
    impacts: Mapping[str, KernelImpact]
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    decided: dict[str, str] = field(default_factory=dict)  # group id -> action
    result: ReviewResult = field(default_factory=ReviewResult)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def decide(self, group_id: str, action: str) -> None:
        with self.lock:
            index = next((i for i, g in enumerate(self.groups) if g.id == group_id), None)
            if index is None or group_id in self.decided or action not in ACTIONS:
                raise KeyError(group_id)
            group = self.groups[index]
            if action == "split":
                self.groups[index : index + 1] = split(group)
                return
            apply_decision(action, group, self.result)
            self.decided[group_id] = action

    def page(self) -> str:
        shapes = ShapeTable()
        views = []
        for group in self.groups:
            change = group.first
            old = "" if change.old is None else content_of(change.old, name=change.key.name)
            new = content_of(change.new, name=change.key.name)
            shapes.add(old, artifact=change.key.name)
            shapes.add(new, artifact=change.key.name)
            view = {
                "labels": ["golden", "pending"],
                "reasons": [None if change.old is not None else "no golden yet (new)", None],
                "artifacts": [{"name": change.key.relpath, "level": None, "left": old, "right": new}],
            }
            members = [(name, self.impacts.get(name)) for name in group.kernels]
            views.append(
                {
                    "group": group,
                    "members": members,
                    "payload": pack(view),
                    "decided": self.decided.get(group.id),
                }
            )
        return str(
            _environment()
            .get_template("review.html.j2")
            .render(
                csp=CSP,
                token=self.token,
                views=views,
                open_count=sum(1 for v in views if not v["decided"]),
                shapes=pack(shapes.table()),
                highlight_css=Markup(highlight_css()),
                asset=_asset,
            )
        )


def _handler(session: Session, stop: Callable[[], None]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal shows the URL
            return

        def _allowed(self, token: str | None) -> bool:
            host = self.headers.get("Host", "")
            port = cast(ThreadingHTTPServer, self.server).server_port
            return (
                host in (f"{HOST}:{port}", f"localhost:{port}")
                and token is not None
                and secrets.compare_digest(token, session.token)
            )

        def _send(
            self, status: HTTPStatus, body: str, content_type: str = "text/html; charset=utf-8"
        ) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            token = parse_qs(url.query).get("token", [None])[0]
            if url.path != "/" or not self._allowed(token):
                self._send(
                    HTTPStatus.FORBIDDEN,
                    "forbidden: open the URL printed by `ttmigrate snapshot review --web`\n",
                    "text/plain",
                )
                return
            self._send(HTTPStatus.OK, session.page())

        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
            form = parse_qs(self.rfile.read(length).decode("utf-8", errors="replace"))
            token = form.get("token", [None])[0]
            if not self._allowed(token):
                self._send(HTTPStatus.FORBIDDEN, "forbidden\n", "text/plain")
                return
            path = urlsplit(self.path).path
            if path == "/finish":
                self._send(
                    HTTPStatus.OK,
                    "<!DOCTYPE html><title>review finished</title><p id='finished'>Review finished; you can close this page.</p>",
                )
                stop()
                return
            if path != "/decide":
                self._send(HTTPStatus.NOT_FOUND, "not found\n", "text/plain")
                return
            group_id, action = form.get("group", [""])[0], form.get("action", [""])[0]
            try:
                session.decide(group_id, action)
            except KeyError:
                self._send(
                    HTTPStatus.CONFLICT, f"group {group_id!r} is not open for {action!r}\n", "text/plain"
                )
                return
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", f"/?token={session.token}")
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def serve(
    *,
    groups: Sequence[ChangeGroup],
    impacts: Mapping[str, KernelImpact],
    echo: Callable[[str], None],
    port: int = 0,
) -> ReviewResult:
    """Serve until "Finish" is pressed (or Ctrl-C); returns what was decided."""
    if ci_enabled():
        raise RefusedInCI(
            "refusing to start `snapshot review --web`: CI is set (goldens are read-only in CI)"
        )
    session = Session(groups=list(groups), impacts=impacts)
    server: ThreadingHTTPServer

    def stop() -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    server = ThreadingHTTPServer((HOST, port), _handler(session, stop))
    url = f"http://{HOST}:{server.server_address[1]}/?token={session.token}"
    echo(f"review in a browser: {url}")
    echo("(press Finish on the page, or Ctrl-C here, to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        echo("interrupted: decisions made so far are kept")
    finally:
        server.server_close()
    return session.result
