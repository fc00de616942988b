"""Every detail of the theme and its extensions that the book relies on, in one list.

pydata-sphinx-theme and sphinx-book-theme document none of these as stable: class names, the
generated ``webpack-macros.html`` and its macros, asset file names, inline scripts the extensions
add, and one private Sphinx class. The book's code and templates take them from here (or name them
here when a template or stylesheet uses them), and ``tests/test_theme_contract.py`` checks, without a
browser, that each still exists in the installed packages: an upgrade that drops one fails that test
with the list of what is missing, not a Chromium test far from its cause.
"""

from __future__ import annotations

# Python packages whose templates and static files the book builds on.
PACKAGES = (
    "pydata_sphinx_theme",
    "sphinx_book_theme",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx_design",
    "sphinx_thebe",
    "myst_nb",
)

# Templates the book's own templates import or extend (package, path under its theme folder), and
# the macros it calls in them.
TEMPLATES = {("pydata_sphinx_theme", "static/webpack-macros.html"): ("head_pre_assets",)}

# Static files of the theme, as the built site names them (under _static/): the book drops, trims
# or rewrites each.
THEME_ASSETS = {
    "pydata_sphinx_theme": (
        "scripts/fontawesome.js",
        "styles/theme.css",
        "styles/pydata-sphinx-theme.css",
        "vendor/fontawesome/webfonts",
        "webpack-macros.html",
    ),
    "sphinx_book_theme": ("scripts/sphinx-book-theme.js", "styles/sphinx-book-theme.css"),
}
ICON_FONTS = "_static/vendor/fontawesome/webfonts"  # the Font Awesome webfonts, subset by edition.web.css

# Assets of extensions that no page of the book uses (dropped), and the code-cell assets kept only on
# pages with code (file names as Sphinx adds them).
UNUSED_ASSETS = {
    "sphinx-design.min.css": "sphinx_design",
    "design-tabs.js": "sphinx_design",
    "sphinx-thebe.css": "sphinx_thebe",
    "sphinx-thebe.js": "sphinx_thebe",
}
CODE_ASSETS = {
    "copybutton.css": "sphinx_copybutton",
    "copybutton.js": "sphinx_copybutton",
    "clipboard.min.js": "sphinx_copybutton",
    "togglebutton.css": "sphinx_togglebutton",
    "togglebutton.js": "sphinx_togglebutton",
}

# Inline scripts the extensions add to every page, by the start of their text (package that adds it).
INLINE_SCRIPTS = {
    "toggle": ("let toggle", "sphinx_togglebutton"),  # togglebutton's settings: pages with code only
    "togglebutton": ("var togglebutton", "sphinx_togglebutton"),
    "thebe": ("THEBE", "sphinx_thebe"),  # Thebe's settings; the book runs its own Live code
    "options": ("DOCUMENTATION_OPTIONS.", "pydata_sphinx_theme"),  # settings that need a script not yet run
}

# Class names of the theme's page that the book's CSS, scripts and templates select.
CLASSES = (
    "bd-sidebar-primary",
    "bd-article",
    "bd-header",
    "bd-content",
    "secondary-toggle",
    "pst-scrollable-table-container",
    "pst-js-only",
    "primary-toggle",
    "header-article",
    "bd-sidebar-secondary",
    "bd-sidebar",
    "bd-main",
    "bd-header-article",
    "bd-footer-content",
    "bd-footer-article",
    "bd-footer",
    "bd-article-container",
)

# sphinx-book-theme's options the book sets (edition/sphinxext/page.py: the footer's version and licence).
THEME_OPTIONS = {"extra_footer": "sphinx_book_theme"}
# sphinx-book-theme's header buttons the stylesheet hides on a phone; a button's class is btn-<name>.
HEADER_BUTTONS = {"fullscreen-button": "sphinx_book_theme"}

# Private APIs of Sphinx the book uses (module, name).
PRIVATE = (("sphinx.builders.html._assets", "_JavaScript"),)


def javascript_class():
    """Sphinx's (private) class of a page's script entry: the one way to change a script's attributes
    in ``html-page-context``."""
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript


def inline_script(script, name: str) -> bool:
    """Whether a page's script entry is the inline script ``name`` of :data:`INLINE_SCRIPTS`."""
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return body.lstrip().startswith(INLINE_SCRIPTS[name][0])
