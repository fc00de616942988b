"""Live code on the chart pages: the button placed in the page at build time, its small script on
those pages only, and the Thebe client vendored from npm with the options the page starts it with
(:mod:`edition.web.livecode`)."""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

from edition.web.livecode import (
    TOKEN_IGNORED,
    VendorError,
    live_code_options,
    place_bar,
    vendor_thebe,
    without_token,
    write_config,
)

logger = logging.getLogger(__name__)


def place_live_code_bar(app, doctree, docname):
    """The Live code button goes into the page itself, before its first code cell."""
    if app.builder.format == "html":
        place_bar(doctree)


def add_live_code(app, pagename, templatename, context, doctree):
    """Pages with the Live code button (the chart notebooks) get one small script to run it;
    Thebe itself is loaded only when the reader presses it."""
    if 'class="live-code"' in context.get("body", ""):
        app.add_js_file("livecode.js", defer="defer")
        app.add_css_file("livecode.css")


def write_live_code(app, exception):
    """The Thebe client (vendored from npm, pinned) and the options the page starts it with."""
    if exception is not None or app.builder.format != "html":
        return

    static = Path(app.outdir) / "_static"
    write_config(static, live_code_options(app.config.html_theme_options, app.config.edition_live_code))
    try:
        vendor_thebe(Path(app.outdir).parent / ".vendor", static)
    except VendorError as error:  # as bad data does: the problem in one line, no traceback
        logger.error(f"live code: {error}", type="edition", subtype="vendor")
        raise SystemExit("the live-code client could not be vendored (see above): the build stops")


def drop_live_code_token(app, config):
    """A token for the live-code server is a secret: warn that it is ignored, and forget it before
    anything (the saved environment, the pages, live-code.json) could keep it."""
    settings, had_token = without_token(config.edition_live_code)
    if had_token:
        config.edition_live_code = settings
        logger.warning(TOKEN_IGNORED, type="edition", subtype="live_code")


def setup_livecode(app) -> None:
    app.add_config_value("edition_live_code", {}, "html")  # {server: URL, ask_token: true}; default: Binder
    app.connect("config-inited", drop_live_code_token, priority=100)
    app.connect("doctree-resolved", place_live_code_bar)
    app.connect("html-page-context", add_live_code)
    app.connect("build-finished", write_live_code)
