"""The book's configuration, and what every page carries: the edition's settings (title, version
and editors from ``CITATION.cff``), the values derived from ``html.baseurl``, the edition's own
static files, and two mends of what the theme's stack writes into a page.
"""

from __future__ import annotations

import html
import os
from urllib.parse import urlparse

from edition.model.files import PACKAGE
from edition.sphinxext.state import citation_metadata
from edition.web import theme
from edition.web.chartmodule import OUTPUT_ENV
from edition.web.jsonscript import script_json

STATIC = PACKAGE / "static"


def fix_bibliography_roles(app, pagename, templatename, context, doctree):
    """Docutils writes a bibliography as role="list" holding role="doc-biblioentry" items, which
    axe-core reports as a critical ARIA error (a list must hold listitems): use listitem."""
    if 'role="doc-biblioentry"' in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def mark_pages_with_passages(app, pagename, templatename, context, doctree):
    """``edition_passages``: the page places passages, so it gets the text-view switch (and its slot)."""
    context["edition_passages"] = '<div class="passage passage-' in context.get("body", "")


LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
ARTICLE_URL = "https://en.wikipedia.org/wiki/Afghan_Civil_War_(1989%E2%80%931992)"


def footer(version: str) -> str:
    """Every page's footer line: the edition's version (from CITATION.cff), its licence and the
    attribution the licence asks for."""
    return (
        f'<p class="edition-footer">Version {html.escape(version)} of the edition. Text, notes and data under '
        f'<a href="{LICENCE_URL}" rel="license">CC BY-SA 4.0</a>. The source text derives from the Wikipedia '
        f'article <a href="{ARTICLE_URL}">“Afghan Civil War (1989–1992)”</a> by its contributors '
        f"(CC BY-SA).</p>"
    )


def derive_from_baseurl(app, config):
    """The 404 page needs absolute links under the published sub-path: take it from html_baseurl."""
    if "notfound_urls_prefix" in config and config.html_baseurl:
        config.notfound_urls_prefix = urlparse(config.html_baseurl).path or "/"
    if "ogp_site_url" in config and config.html_baseurl and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl


def mark_book_output(app, config):
    """The notebooks run inside this build: tell ``edition.charts`` (the processes that run them,
    and any kernel, inherit the environment) to draw the book's figures and link passages relatively."""

    os.environ[OUTPUT_ENV] = "book"


def add_static(app, config):
    config.html_static_path.append(str(STATIC))
    # Pages quote the version as {{ edition_version }}: it is written only in CITATION.cff.
    if "myst_substitutions" in config:
        config.myst_substitutions = {**config.myst_substitutions, "edition_version": config.edition_version}
    # Every page's footer names the version and the licence (sphinx-book-theme's extra_footer).
    if config.html_theme == "sphinx_book_theme":  # the option is the theme's (a small test project has another)
        config.html_theme_options = {
            **(config.html_theme_options or {}),
            "extra_footer": footer(config.edition_version),
        }
    # What the cite control needs to know about the edition, once per page.
    meta = dict(
        title=config.edition_title,
        version=config.edition_version,
        editors=config.edition_editors,
        base_url=config.html_baseurl or "",
    )
    app.add_js_file(None, body=f"window.EDITION = {script_json(meta)};")


def tidy_scripts(app, pagename, templatename, context, doctree):
    """Drop scripts that Jupyter Book 1 adds twice, Thebe's, which the book does not use, and the
    theme's inline settings of ``DOCUMENTATION_OPTIONS`` (they would run before the script that
    defines it, which a page starts after its first frame; the book switches off what they set).

    Stock pages declare ``THEBE_JS_URL`` twice (a page error) because extensions that add
    scripts at builder-inited get them registered twice; Thebe is switched off here anyway.
    """
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (str(script), tuple(sorted(getattr(script, "attributes", {}).items())))
        if (
            key in seen
            or theme.inline_script(script, "thebe")
            or theme.inline_script(script, "options")
            or "thebe" in str(script)
        ):
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup_page(app) -> None:
    app.add_config_value("edition_title", "Afghan Civil War 1989–1992: A Digital Edition", "html")
    citation = citation_metadata()
    app.add_config_value("edition_version", citation.get("version", "unversioned"), "html")
    app.add_config_value(
        "edition_editors", " and ".join(a.get("name", "") for a in citation.get("authors", [])), "html"
    )
    app.connect("config-inited", add_static)
    app.connect("config-inited", mark_book_output)
    app.connect("config-inited", derive_from_baseurl, priority=900)
    app.connect("html-page-context", fix_bibliography_roles)
    app.connect("html-page-context", mark_pages_with_passages)
    app.connect("html-page-context", tidy_scripts, priority=800)  # after every handler that adds a script
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", defer="defer")
    app.add_js_file("cite.js", defer="defer")  # the cite dialog, after edition.js (deferred scripts run in order)
