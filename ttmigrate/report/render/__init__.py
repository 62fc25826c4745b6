"""Renderers: each formats a `ttmigrate.report.summary.Summary` and decides nothing.

FORMATS maps the `ttmigrate report --format` names to "module:function" returning the text.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "terminal": "ttmigrate.report.render.terminal:render_text",
    "html": "ttmigrate.report.render.html:render_html",
    "md": "ttmigrate.report.render.markdown:render_markdown",
    "junit": "ttmigrate.report.render.junit:render_junit",
    "json": "ttmigrate.report.render.json:render_json",
}
