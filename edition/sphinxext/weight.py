"""Page weight and build time (issue 13), wired into the build by ``setup_weight``.

- ``lighten_page``: every classic script deferred, assets no page uses dropped, the code-cell assets
  kept for pages with code (the theme's templates in ``_templates/`` do the rest: no fontawesome.js,
  no @import chain, search scripts on search.html only);
- ``drop_unrequested_files``: files that no page requests removed from the built site, the
  stylesheets trimmed (the theme's) and inlined into the pages, the icon fonts subset
  (``edition.web.css``), and the pages' scripts started after their first frame
  (``edition.web.scripts``);
- ``sort_sitemap``: the sitemap in a fixed order, whatever order the reading processes finish in;
- ``read_in_parallel``: pages read in ``edition_jobs`` processes;
- (``edition.execution``, set up beside it: the notebooks run before reading, in as many forked
  processes, without a kernel each.)
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

from edition.web import theme

logger = logging.getLogger(__name__)


# --- Page weight (issue 13): what a page loads before the reader does anything -------------------
# The theme's template (see _templates/layout.html) no longer emits fontawesome.js (the theme's CSS
# carries the icon glyphs and webfonts), links basic.css directly instead of theme.css's @import,
# and loads the search scripts and searchindex.js only on search.html. Here: the assets no page
# uses are dropped, the code-cell assets kept for pages with code, and every classic script deferred.
UNUSED_ASSETS = set(theme.UNUSED_ASSETS)
CODE_ASSETS = set(theme.CODE_ASSETS)


def asset_name(asset) -> str:
    return Path(str(getattr(asset, "filename", asset) or "")).name


def lighten_page(app, pagename, templatename, context, doctree):
    _JavaScript = theme.javascript_class()
    body = context.get("body", "")
    has_code = 'class="cell' in body or 'class="highlight' in body

    def wanted(asset) -> bool:
        name = asset_name(asset)
        if name in UNUSED_ASSETS or name.startswith("mystnb.") and not has_code:
            return False
        if name in CODE_ASSETS and not has_code:
            return False
        return has_code or not (theme.inline_script(asset, "toggle") or theme.inline_script(asset, "togglebutton"))

    context["css_files"] = [css for css in context.get("css_files", []) if wanted(css)]
    scripts = []
    for script in context.get("script_files", []):
        if not wanted(script):
            continue
        attributes = dict(getattr(script, "attributes", {}))
        if (
            getattr(script, "filename", None)
            and attributes.get("type", "text/javascript") == "text/javascript"
            and "async" not in attributes
        ):
            attributes["defer"] = "defer"
            script = _JavaScript(script.filename, priority=script.priority, **attributes)
        scripts.append(script)
    context["script_files"] = scripts


# Files the built site would ship although no page requests them: source maps, the .ttf copies of
# webfonts whose .woff2 the CSS lists first, the theme's unused script and stylesheets, and the
# theme's message catalogues and template macros (used at build time only).
def unrequested_files(static: Path) -> list[Path]:
    found = [
        *static.rglob("*.map"),
        *static.glob("locales/**/*.mo"),
        *static.glob("locales/**/*.po"),
        *static.glob("*webpack-macros.html"),
    ]
    found += [ttf for ttf in static.rglob("*.ttf") if ttf.with_suffix(".woff2").exists()]
    found += [
        static / "scripts" / "fontawesome.js",
        static / "scripts" / "fontawesome.js.LICENSE.txt",
        static / "styles" / "theme.css",
        *(static / name for name in UNUSED_ASSETS),
    ]
    found = [path for path in found if path.is_file() and "thebe" not in path.relative_to(static).parts]
    # Files the theme and its extensions ship for features the book does not switch on (launch
    # buttons for Colab, Deepnote, JupyterHub, JupyterLite; copybutton's and doctools' spare icons):
    # dropped when no page, stylesheet or script of the site names them.
    spare = [
        path
        for pattern in ("images/logo_*", "*.svg", "*.png", "copybutton_funcs.js")
        for path in static.glob(pattern)
        if path.name != "favicon.svg"
    ]
    if spare:
        site = static.parent
        texts = [
            path.read_text(encoding="utf-8", errors="replace")
            for path in [
                *site.glob("*.html"),
                *site.glob("chapters/**/*.html"),
                *static.glob("*.css"),
                *static.glob("*.js"),
                *static.glob("styles/*.css"),
                *static.glob("scripts/*.js"),
            ]
        ]
        found += [path for path in spare if not any(path.name in text for text in texts)]
    return found


def drop_unrequested_files(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import re

    static = Path(app.outdir) / "_static"
    for path in unrequested_files(static):
        path.unlink()
    # The stylesheets' @font-face rules then name the .ttf copies no more (a browser that reads
    # woff2, every one the book supports, never asked for them).
    fallback = re.compile(r""",\s*url\(([^)]+\.ttf)\)\s*format\(["']truetype["']\)""")
    for sheet in static.glob("styles/*.css"):
        css = sheet.read_text(encoding="utf-8")
        kept = fallback.sub(lambda m: m.group(0) if (sheet.parent / m.group(1)).exists() else "", css)
        if kept != css:
            sheet.write_text(kept, encoding="utf-8")
    from edition.web.css import inline_stylesheets, subset_icon_fonts

    site = Path(app.outdir)
    store = site.parent / ".edition-css" / site.name  # the inlined sheets, trimmed, outside the site (one per builder)
    logger.info(f"stylesheets inlined into {inline_stylesheets(site, store)} pages")
    from edition.web.scripts import load_scripts_after_first_frame

    logger.info(f"scripts started after the first frame in {load_scripts_after_first_frame(site)} pages")
    sizes = subset_icon_fonts(site, store)
    if sizes:
        logger.info(f"icon fonts subset to the icons the site's stylesheets name: {sizes[0]:,} → {sizes[1]:,} bytes")
    for folder in sorted(static.glob("locales/**"), key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if (static / "locales").is_dir() and not any((static / "locales").iterdir()):
        (static / "locales").rmdir()


def sort_sitemap(app, exception):
    """sphinx-sitemap lists pages in the order the reading processes finished them: sort the entries,
    so that two builds of the same commit give the same sitemap.xml."""
    import re

    sitemap = Path(app.outdir) / "sitemap.xml"
    if exception is not None or app.builder.format != "html" or not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    entries = re.findall(r"<url>.*?</url>", text, flags=re.S)
    if entries:
        start, end = text.index(entries[0]), text.rindex(entries[-1]) + len(entries[-1])
        sitemap.write_text(text[:start] + "".join(sorted(entries)) + text[end:], encoding="utf-8")


def read_in_parallel(app, config):
    """Read (and so execute the notebooks) with ``edition_jobs`` processes; ``jupyter-book build`` has
    no ``-j``. Two of Jupyter Book's extensions do not declare whether they are parallel-safe, and
    Sphinx would then read serially; read, they are:

    - sphinx_multitoc_numbering only replaces TocTreeCollector.assign_section_numbers, which Sphinx
      calls in the main process on the merged environment after reading;
    - sphinx_jupyterbook_latex adds transforms that change each document's own doctree, and sets
      environment attributes only for the LaTeX builder.

    Neither keeps state per document in the environment, so both are declared safe here."""
    from sphinx.util.parallel import parallel_available

    for name in ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex"):
        if name in app.extensions:
            app.extensions[name].parallel_read_safe = True
    jobs = int(config.edition_jobs or 1)
    if jobs > 1 and app.parallel <= 1 and parallel_available:
        app.parallel = jobs
    if app.parallel > 1:
        app.connect("builder-inited", prepare_execution_cache)


def prepare_execution_cache(app):
    """Create myst-nb's execution cache (jupyter-cache's SQLite database) in the main process: two
    reading processes that both find it missing would both create its tables, and one fails."""
    config = getattr(app.env, "mystnb_config", None)  # set by myst-nb's own builder-inited, which runs first
    if config is None or config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    get_cache(config.execution_cache_path).list_cache_records()


BIBTEX_GROUPS = (
    "pybtex.backends",
    "pybtex.database.input",
    "pybtex.style.formatting",
    "pybtex.style.labels",
    "pybtex.style.names",
    "pybtex.style.sorting",
    "sphinxcontrib.bibtex.style.referencing",
)


def remember_bibtex_plugins(app=None, env=None, docnames=(None,)) -> None:
    """Register pybtex's and sphinxcontrib-bibtex's plugins with their own ``register_plugin``.

    Both look a plugin up, for every citation they resolve, among the entry points of every
    installed package (``importlib.metadata.entry_points``), and only after that in a store of
    plugins registered at run time; with this environment's 300 packages each lookup takes some
    13 ms, 1.8 s for the book's 137 citations. Registered once here (when the build reads pages:
    a build that reads none resolves no citation), each is found in the store."""
    if not docnames:
        return
    from importlib.metadata import entry_points

    import pybtex.plugin
    from sphinxcontrib.bibtex import plugin as bibtex_plugin

    found = entry_points()
    for group in BIBTEX_GROUPS:
        register = (
            bibtex_plugin.register_plugin if group.startswith("sphinxcontrib.") else pybtex.plugin.register_plugin
        )
        for entry in found.select(group=group):
            register(group, entry.name, entry.load(), force=True)  # the very class the entry point names


def setup_weight(app) -> None:
    app.connect("env-before-read-docs", remember_bibtex_plugins)
    app.add_config_value("edition_jobs", 1, "")  # processes that read the pages, and that run the notebooks
    app.connect("html-page-context", lighten_page, priority=900)
    app.connect("build-finished", drop_unrequested_files, priority=900)
    app.connect("build-finished", sort_sitemap, priority=950)  # after sphinx-sitemap has written it
    app.connect("config-inited", read_in_parallel)
