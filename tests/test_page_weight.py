"""A light page that keeps every feature (issue 13): no fontawesome.js (the icons come from the theme's
CSS webfonts), no script before the first frame, the search scripts only on search.html, no stylesheet that
no page uses, nothing shipped that no page requests; and in Chromium: the icons show, search works from
every page's search box, no request leaves 127.0.0.1, no console errors."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import toc_pages

SEARCH_SCRIPTS = ("search.js",)  # the book's search over the Pagefind index (edition/web/search.py)
# Fetched by scripts, not named in any page: the live-code client and its options (livecode.js, on
# the reader's click), the chart module (on the reader's first intent), the search index's helpers.
REQUESTED_BY_SCRIPTS = ("_static/thebe/", "_static/live-code.json", "_static/edition-charts.js")


def sources(soup, tag, attribute):
    return [element.get(attribute) for element in soup.find_all(tag) if element.get(attribute)]


def inlined(soup):
    """The page's stylesheets, as the page carries them: (their hrefs, the CSS)."""
    style = soup.find("style", attrs={"data-inlined": True})
    return (style["data-inlined"].split(), style.string or "") if style else ([], "")


def test_no_page_loads_fontawesome_js_and_its_icons_are_in_the_css(pages, site):
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        assert not any("fontawesome" in src for src in sources(soup, "script", "src") + loader_sources(soup)), name
    css = inlined(pages["index.html"])[1]
    for glyph in ("fa-github", "fa-magnifying-glass", "fa-sun", "fa-moon"):
        assert f".{glyph}" in css, glyph
    assert "fa-brands-400.woff2" in css and "fa-solid-900.woff2" in css


def loader_sources(soup):
    """The scripts a page starts after its first frame: the list in its loader (edition/web/scripts.py)."""
    import json

    loaders = soup.find_all("script", attrs={"data-after-first-frame": True})
    assert len(loaders) == 1, f"{len(loaders)} loaders"
    listed = re.search(r"var sources = (\[.*?\]), started", loaders[0].string or "")
    assert listed, loaders[0]
    return json.loads(listed.group(1))


def test_no_script_can_delay_a_pages_first_frame(pages, site):
    """No page names a script for the parser to fetch and run before the first paint: not one
    <script src> is left; the page's one loader lists them all, each a file of the site."""
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        classic = [
            script for script in soup.find_all("script", src=True) if script.get("type") in (None, "text/javascript")
        ]
        assert classic == [], f"{name}: {classic}"
        listed = loader_sources(soup)
        assert listed, name
        for source in listed:
            path = urlparse(source).path  # relative, or (404.html) absolute under the site's published path
            file = site / path.split("/", 2)[2] if path.startswith("/") else (site / name).parent / path
            assert file.resolve().is_file(), f"{name}: {source}"
        assert Path(listed[0].split("?")[0]).name == "documentation_options.js", name  # Sphinx's order kept
        assert Path(listed[-1].split("?")[0]).name == "pydata-sphinx-theme.js", name


def test_the_loader_takes_the_deferred_scripts_only_keeps_their_order_and_rewrites_a_page_once():
    from bs4 import BeautifulSoup

    from edition.web.scripts import scripts_after_first_frame

    page = (
        '<html><head><script defer="defer" src="a.js?v=1"></script>\n<script src="blocking.js"></script>\n'
        '<script async src="async.js"></script><script type="module" defer src="module.js"></script>'
        '<script type="application/json" class="chart-spec">{}</script></head>\n'
        '<body><p>text</p><script defer src="b.js"></script></body></html>'
    )
    once = scripts_after_first_frame(page)
    assert scripts_after_first_frame(once) == once
    soup = BeautifulSoup(once, "html.parser")
    assert loader_sources(soup) == ["a.js?v=1", "b.js"]
    assert sorted(script["src"] for script in soup.find_all("script", src=True)) == [
        "async.js",
        "blocking.js",
        "module.js",
    ]
    assert soup.body.find_all("script")[-1].has_attr("data-after-first-frame")  # at the end of <body>
    assert soup.find("script", class_="chart-spec") is not None
    assert (
        scripts_after_first_frame("<html><body><p>no scripts</p></body></html>")
        == "<html><body><p>no scripts</p></body></html>"
    )


def test_the_search_scripts_load_on_the_search_page_only(pages):
    assert toc_pages() | {"search.html"} <= set(pages)
    for name, soup in pages.items():
        loaded = [Path(src.split("?")[0]).name for src in loader_sources(soup)]
        expected = list(SEARCH_SCRIPTS) if name == "search.html" else []
        assert [script for script in loaded if script in SEARCH_SCRIPTS] == expected, name


def test_every_page_carries_its_stylesheets_and_links_none(pages):
    """No stylesheet blocks the first paint: each page holds its own, in one <style>, in order."""
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        assert soup.find_all("link", rel="stylesheet") == [], name
        sheets, css = inlined(soup)
        assert [urlparse(s).path.split("_static/")[-1] for s in sheets[:2]] == [
            "basic.css",
            "styles/pydata-sphinx-theme.css",
        ], name
        assert [line.split("_static/")[-1] for line in re.findall(r"^/\* (_static/\S+) \*/$", css, re.M)] == [
            urlparse(s).path.split("_static/")[-1] for s in sheets
        ], name
        assert "edition.css" in " ".join(sheets) and ".passage" in css, name


def test_no_page_carries_unused_stylesheets_or_the_import_chain(pages):
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        sheets = [urlparse(href).path for href in inlined(soup)[0]]
        assert not [
            s for s in sheets if s.endswith(("sphinx-design.min.css", "sphinx-thebe.css", "styles/theme.css"))
        ], name
        assert any(s.endswith("_static/basic.css") for s in sheets), name
        assert "@import" not in inlined(soup)[1], name
        if not soup.select(".cell, div.highlight"):
            assert not [s for s in sheets if "copybutton" in s or "togglebutton" in s or "/mystnb." in s], name


def referenced_files(site: Path, pages) -> set[Path]:
    """Every file of the site that a page names (src, href) or a stylesheet names (url(), @import)."""
    found, sheets = set(), []
    for name, soup in pages.items():
        base = (site / name).parent
        for value in re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", inlined(soup)[1]):
            if not value.startswith("data:") and not urlparse(value).scheme and not value.startswith("/"):
                found.add((base / urlparse(value).path).resolve())
        for element in soup.find_all(["script", "link", "img", "source", "a"]):
            for attribute in ("src", "href"):
                value = element.get(attribute)
                if value and not urlparse(value).scheme and not value.startswith(("#", "//")):
                    path = (base / urlparse(value).path).resolve()
                    found.add(path)
                    if path.suffix == ".css":
                        sheets.append(path)
        found.update((base / urlparse(source).path).resolve() for source in loader_sources(soup))
    while sheets:
        sheet = sheets.pop()
        if not sheet.is_file():
            continue
        for value in re.findall(
            r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""",
            sheet.read_text(encoding="utf-8", errors="replace"),
        ):
            target = next(v for v in value if v)
            if target.startswith("data:") or urlparse(target).scheme:
                continue
            path = (sheet.parent / urlparse(target).path).resolve()
            if path not in found:
                found.add(path)
                if path.suffix == ".css":
                    sheets.append(path)
    return found


def test_nothing_is_shipped_that_no_page_requests(site, pages):
    assert not list(site.rglob("*.map")), "source maps are shipped"
    assert not [ttf for ttf in site.rglob("*.ttf") if ttf.with_suffix(".woff2").exists()], (
        "unused .ttf fonts are shipped"
    )
    referenced = referenced_files(site, pages)
    static = site / "_static"
    scripts = "\n".join(
        path.read_text(encoding="utf-8", errors="replace") for path in static.rglob("*.js") if "thebe" not in path.parts
    )
    unrequested = []
    for path in static.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if (
            path.is_file()
            and path.resolve() not in referenced
            and not relative.startswith(REQUESTED_BY_SCRIPTS)
            and not path.name.endswith(".LICENSE.txt")
            and path.name not in scripts
        ):
            unrequested.append(relative)
    assert unrequested == [], unrequested


def test_every_file_a_page_names_exists(site, pages):
    assert len(pages) >= 30 and len(set(referenced_files(site, pages))) > 50
    missing = sorted(
        {
            str(path.relative_to(site.resolve()))
            for path in referenced_files(site, pages)
            if str(path).startswith(str(site.resolve())) and not path.exists()
        }
    )
    assert missing == [], missing


# ---- in Chromium -------------------------------------------------------------------------------
LIGHT_PAGES = [
    "index.html",
    "chapters/08-fall.html",
    "chapters/index-persons.html",
    "chapters/figures/timeline.html",
    "search.html",
]


@pytest.mark.browser
@pytest.mark.parametrize("name", LIGHT_PAGES)
def test_a_page_loads_without_errors_or_foreign_requests_and_its_icons_show(watched, server, name):
    page = watched.page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/{name}", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    icons = page.evaluate("""() => [...document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]')]
        .filter(el => el.offsetParent !== null)
        .map(el => { const s = getComputedStyle(el, '::before');
                     return {cls: el.className, content: s.content, font: s.fontFamily, weight: s.fontWeight,
                             width: el.getBoundingClientRect().width,
                             loaded: document.fonts.check(`${s.fontWeight} 16px ${s.fontFamily}`, s.content.replace(/"/g, ""))}; })""")
    assert icons, "no visible icon on the page"
    for icon in icons:  # a glyph of the theme's webfont, drawn with that font (loaded), not a box
        assert icon["content"] not in ("none", "normal", '""'), icon
        assert "Font Awesome" in icon["font"] and icon["loaded"], icon
        assert icon["width"] > 0, icon
    assert page.locator("svg.svg-inline--fa").count() == 0  # what fontawesome.js would have made
    assert not [url for url in requested if "fontawesome.js" in url or url.endswith(".map")]
    assert watched.foreign == [], watched.foreign
    assert watched.errors == [], watched.errors


# Runs before the page's own scripts: the moment the first frame starts (its animation-frame
# callbacks), and what the page looked like then.
FIRST_FRAME = """
(() => {
  if (window !== window.top) return;
  requestAnimationFrame(() => {
    window.__firstFrame = {time: performance.now(),
                           diplomatic: document.documentElement.classList.contains("view-diplomatic"),
                           switchBar: document.querySelector(".view-switch") !== null};
  });
})();
"""


@pytest.mark.browser
@pytest.mark.parametrize("name", [*LIGHT_PAGES, "chapters/figures/equipment.html"])
def test_a_page_fetches_its_scripts_after_its_first_frame_and_runs_them_all(watched, server, pages, name):
    page = watched.page
    page.context.add_init_script(FIRST_FRAME)
    page.goto(f"{server}/{name}")
    page.wait_for_function("document.documentElement.dataset.scripts === 'run'", timeout=15000)
    first = page.evaluate("window.__firstFrame")
    fetched = page.evaluate("""() => performance.getEntriesByType("resource")
        .filter((r) => r.initiatorType === "script").map((r) => [new URL(r.name).pathname, r.startTime])""")
    listed = [Path(source.split("?")[0]).name for source in loader_sources(pages[name])]
    assert listed, name
    assert sorted(Path(path).name for path, _ in fetched) == sorted(listed)  # all of them, once each
    assert all(start >= first["time"] for _, start in fetched), (first, fetched)
    # and they ran: Sphinx's options, the edition's script (its view switch on a page with passages),
    # the theme's colour-scheme button
    assert page.evaluate("typeof DOCUMENTATION_OPTIONS") == "object"
    assert page.evaluate("typeof window.editionCitations") == "function"
    assert page.locator(".view-switch").count() == (1 if pages[name].select("div.passage[id^=p-]") else 0)
    before = page.evaluate("document.documentElement.dataset.mode")
    page.locator(".theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.mode") != before
    assert watched.errors == [] and watched.foreign == []


@pytest.mark.browser
def test_the_scripts_run_in_the_order_the_page_lists_them(browser, server):
    """The first listed script is held back: the others arrive, and none of them runs until it has."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held = []
    context.route("**/_static/documentation_options.js*", lambda route: held.append(route))
    page = context.new_page()
    page.goto(f"{server}/chapters/08-fall.html", wait_until="domcontentloaded")
    page.wait_for_function("""performance.getEntriesByType("resource")
                              .some((r) => r.name.includes("pydata-sphinx-theme.js"))""")  # the last one is here
    page.wait_for_timeout(200)
    assert held
    assert page.evaluate("typeof _ready") == "undefined"  # doctools.js, the second, has not run
    assert page.locator(".view-switch").count() == 0  # nor edition.js
    for route in held:
        route.continue_()
    page.wait_for_function("document.documentElement.dataset.scripts === 'run'")
    assert page.evaluate("typeof _ready") == "function" and page.locator(".view-switch").count() == 1
    context.close()


@pytest.mark.browser
def test_a_click_on_a_button_or_a_key_pressed_before_the_scripts_ran_is_answered_once_they_have(browser, server):
    """The theme's script is held back; the reader clicks the colour-scheme button and presses Ctrl+K
    meanwhile: nothing answers, and once the script has run, both are answered (once)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held = []
    context.route("**/_static/scripts/pydata-sphinx-theme.js*", lambda route: held.append(route))
    context.add_init_script(FIRST_FRAME)
    page = context.new_page()
    page.goto(f"{server}/chapters/08-fall.html", wait_until="domcontentloaded")
    page.wait_for_function("window.__firstFrame !== undefined")
    mode = page.evaluate("document.documentElement.dataset.mode")
    page.locator(".theme-switch-button").first.click()
    page.keyboard.press("Control+k")
    page.wait_for_timeout(300)
    assert held and page.evaluate("document.documentElement.dataset.scripts") is None
    assert page.evaluate("document.documentElement.dataset.mode") == mode
    assert not page.locator("#pst-search-dialog").is_visible()
    for route in held:
        route.continue_()
    page.wait_for_function("document.documentElement.dataset.scripts === 'run'")
    page.locator("#pst-search-dialog input[name=q]").wait_for(state="visible", timeout=5000)
    assert page.evaluate("document.documentElement.dataset.mode") not in (mode, None)
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    changed = page.evaluate("document.documentElement.dataset.mode")
    page.locator(".theme-switch-button").first.click()  # the button works as before, once a click
    assert page.evaluate("document.documentElement.dataset.mode") != changed
    context.close()


@pytest.mark.browser
def test_the_readers_text_view_is_in_the_first_frame_before_any_script(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script("localStorage.setItem('edition-view', 'diplomatic');")
    context.add_init_script(FIRST_FRAME)
    page = context.new_page()
    page.goto(f"{server}/chapters/04-jalalabad.html")
    page.wait_for_function("window.__firstFrame !== undefined")
    first = page.evaluate("window.__firstFrame")
    context.close()
    assert first["diplomatic"] and not first["switchBar"], first  # restored by <head>, before edition.js ran


@pytest.mark.browser
@pytest.mark.parametrize("start", ["chapters/08-fall.html", "chapters/figures/timeline.html", "search.html"])
def test_search_works_from_the_search_box(watched, server, start):
    page = watched.page
    page.goto(f"{server}/{start}")
    if start != "search.html":
        page.keyboard.press("Control+k")  # the theme's search dialog
        box = page.locator("#pst-search-dialog input[name=q]")
    else:
        box = page.locator(".edition-search form input[name=q]")
    box.wait_for(state="visible")
    box.fill("jalalabad")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=jalalabad*")
    results = page.locator("#search-results ol.search li a")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 2
    assert any("04-jalalabad" in (results.nth(i).get_attribute("href") or "") for i in range(results.count()))
    assert watched.foreign == [] and watched.errors == []


DYNAMIC = re.compile(
    r"::?(?:hover|focus-visible|focus-within|focus|active|visited|link|target|checked|disabled|enabled|"
    r"placeholder-shown|placeholder|before|after|marker|selection|backdrop|first-letter|first-line|"
    r"file-selector-button|-webkit-[\w-]+|-moz-[\w-]+|-ms-[\w-]+)(?![\w(-])"
)


def selectors_of(css: str) -> set[str]:
    import tinycss2

    from edition.web.css import split_selectors

    found = set()

    def walk(nodes):
        for node in nodes:
            if node.type == "qualified-rule":
                found.update(split_selectors(node.prelude))
            elif (
                node.type == "at-rule"
                and node.content is not None
                and node.lower_at_keyword in ("media", "supports", "layer", "container")
            ):
                walk(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


@pytest.mark.browser
def test_the_trimmed_theme_stylesheet_keeps_every_rule_a_page_can_use(browser, server, site, pages):
    """Every selector of the theme's original stylesheet that the trimmed one lacks matches no element of
    any page, as loaded in Chromium (scripts run), even with :hover, :focus, ::before… taken away."""
    import pydata_sphinx_theme

    original = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "styles"
        / "pydata-sphinx-theme.css"
    ).read_text(encoding="utf-8")
    sheet = re.compile(r"^/\* _static/styles/pydata-sphinx-theme\.css \*/\n(.*?)(?=^/\* _static/|\Z)", re.M | re.S)
    trimmed = sheet.search(inlined(pages["index.html"])[1]).group(1)
    assert len(trimmed) < len(original) / 2  # it was trimmed
    removed = sorted(selectors_of(original) - selectors_of(trimmed))
    assert removed
    probes = sorted({DYNAMIC.sub("", s).strip() or "*" for s in removed})
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    used = {}
    for name in pages:
        page.goto(f"{server}/{name}", wait_until="load")
        matched = page.evaluate(
            """(selectors) => selectors.filter((s) => {
            try { return document.querySelector(s) !== null; } catch (e) { return false; } })""",
            probes,
        )
        for selector in matched:
            used.setdefault(selector, name)
    context.close()
    assert used == {}, used


def test_the_subset_icon_fonts_hold_every_icon_the_pages_show(site, pages):
    """Each fa-* icon class of a page names a glyph (in the theme's original stylesheet) that one of the
    shipped, subset webfonts still has."""
    import pydata_sphinx_theme
    from fontTools.ttLib import TTFont

    original = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "styles"
        / "pydata-sphinx-theme.css"
    ).read_text(encoding="utf-8")
    glyphs = {}
    for selectors, code in re.findall(r'([^{}]+)\{content:"\\(f[0-9a-f]{3}|e[0-9a-f]{3})"\}', original):
        for name in re.findall(r"\.(fa-[\w-]+):before", selectors):
            glyphs[name] = int(code, 16)
    fonts = sorted((site / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    assert fonts and sum(font.stat().st_size for font in fonts) < 30_000  # subset, not the 300 kB originals
    shipped = set().union(*(TTFont(font).getBestCmap() for font in fonts))
    shown = {
        name
        for soup in pages.values()
        for element in soup.select('[class*="fa-"]')
        for name in element.get("class", [])
        if name in glyphs
    }
    assert {"fa-github", "fa-magnifying-glass", "fa-sun", "fa-moon"} <= shown
    assert {name for name in shown if glyphs[name] not in shipped} == set()
