"""The theme's stylesheets cut down to what the book's pages can use, and carried by the pages
themselves (issue 13).

pydata-sphinx-theme.css (397 kB, 66 kB gzipped) blocks the first paint of every page, and the book
uses about a tenth of it. At the end of the build every rule is kept whose selector could match:
a selector stays when each class and id it requires (outside ``:not()``, ``:is()``, ``:where()``,
``:has()``) occurs as a word in some built page or in some script of the site; that last part keeps
the classes scripts add (Bootstrap's ``show``, the theme's ``dropdown-menu``…). At-rules other than
``@media``, ``@supports``, ``@layer`` and ``@container`` (fonts, keyframes, custom properties) are
kept whole. tinycss2 (BSD) parses the CSS. ``tests/test_page_weight.py`` checks, with soupsieve, that
no rule of the original that matches an element of a built page is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

from edition.web import theme
from edition.web.html import elements
from edition.web.records import Records, for_site

WORD = re.compile(r"[A-Za-z0-9_-]+")
GROUPING = ("media", "supports", "layer", "container")
OPTIONAL = re.compile(r":(?:not|is|where|has|-webkit-any|-moz-any)\(")


def split_selectors(prelude) -> list[str]:
    """The comma-separated selectors of a rule's prelude, as text."""
    text = tinycss2.serialize(prelude).strip()
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def required_names(selector: str) -> list[str] | None:
    """The classes and ids a selector needs; None when it cannot be read safely (escapes)."""
    if "\\" in selector:
        return None
    text, out = selector, []
    while match := OPTIONAL.search(text):  # drop the optional groups with their brackets
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        text = text[: match.start()] + text[end:]
    text = re.sub(r"\[[^\]]*\]", "", text)  # attribute selectors are set at run time: keep them
    out += re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", text)
    return out


def trim(css: str, used: set[str]) -> str:
    def rules(nodes) -> list[str]:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                kept = [
                    s
                    for s in split_selectors(node.prelude)
                    if (names := required_names(s)) is None or all(name in used for name in names)
                ]
                if kept:
                    out.append(",".join(kept) + "{" + tinycss2.serialize(node.content) + "}")
            elif node.type == "at-rule" and node.lower_at_keyword in GROUPING and node.content is not None:
                inner = rules(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    out.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}{{{''.join(inner)}}}")
            elif node.type == "at-rule":
                out.append(tinycss2.serialize([node]))
        return out

    return "".join(rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def selector_names(css: str) -> set[str]:
    """Every class and id that some selector of the sheet requires: the only words of the site
    that can change what ``trim`` keeps."""
    names: set[str] = set()

    def walk(nodes):
        for node in nodes:
            if node.type == "qualified-rule":
                for selector in split_selectors(node.prelude):
                    names.update(required_names(selector) or [])
            elif node.type == "at-rule" and node.lower_at_keyword in GROUPING and node.content is not None:
                walk(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return names


def used_words(site: Path) -> set[str]:
    """Every word of every built page (leaving out the stylesheets inlined into it) and of every
    script of the site."""
    words: set[str] = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        if "_sources" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            words.update(WORD.findall(without_inlined(text) if path.suffix == ".html" else text))
    return words


# --- the stylesheets, inlined -------------------------------------------------------------------
# A stylesheet in <head> blocks the first paint until it has arrived: a chart page linked nine of
# them, and its chart, static SVG and all, waited for the last. Each page now carries its
# stylesheets in one <style> element, in their order, so the first paint needs nothing but the HTML.
# The theme's and its extensions' sheets are trimmed first (``trim``: the book's own are written
# for it and kept whole). The element names the sheets it holds (``data-inlined``), so that a later
# build, which rewrites only the pages that changed, refreshes the others from the current sheets.
# The sheets themselves leave the site (no page requests them any more) for ``store``, outside it,
# where the next incremental build finds them if Sphinx does not copy them again.
OWN_SHEETS = ("_static/edition.css", "_static/livecode.css", "_static/navigation.css")
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def without_inlined(html: str) -> str:
    """The page without the stylesheets it carries (their words are the sheets', not the page's)."""
    kept, at = [], 0
    for style in elements(html, "style"):
        if "data-inlined" in style.attrs:
            kept.append(html[at : style.start])
            at = style.end
    return "".join(kept) + html[at:]


def sheet_key(href: str) -> str | None:
    """``_static/…css`` for a link to one of the site's own stylesheets, else None."""
    path = href.split("?")[0].split("#")[0]
    if "://" in path or "_static/" not in path or not path.endswith(".css"):
        return None
    return path[path.index("_static/") :]


def rebased(css: str, href: str) -> str:
    """The sheet's relative ``url()``s made relative to the page that links it as ``href``."""
    import posixpath

    folder = posixpath.dirname(href.split("?")[0])

    def move(match):
        target = match.group(2)
        if target.startswith(("data:", "#", "/")) or "://" in target:
            return match.group(0)
        joined = posixpath.normpath(posixpath.join(folder, target)) if folder else target
        return f'url("{joined}")'

    return URL.sub(move, css)


def sheet_text(site: Path, store: Path, key: str, words: dict, pages_written: bool, records: Records) -> str:
    """The sheet as the pages carry it (trimmed, unless it is the book's own), moved out of the site.

    A trimmed sheet is made again only when the sheet changed, or the site's use of the classes and
    ids its selectors name; when the build wrote no page the words are those of the last build,
    and are not read again."""
    import hashlib

    fresh, kept = site / key, store / key
    if fresh.exists():
        css = fresh.read_text(encoding="utf-8")
        kept.parent.mkdir(parents=True, exist_ok=True)
        if key not in OWN_SHEETS:
            source = hashlib.sha256(css.encode()).hexdigest()
            names_file = kept.with_name(kept.name + ".names")  # the selectors' names, kept to save parsing
            made_from = (records.get(f"css:{key}") or "").split() if kept.exists() else []
            if not (made_from and made_from[0] == source and not pages_written):
                if made_from and made_from[0] == source and names_file.exists():
                    names = set(names_file.read_text().split())
                else:
                    names = selector_names(css)
                    names_file.write_text(" ".join(sorted(names)))
                if "used" not in words:
                    words["used"] = used_words(site)
                # a prose edit adds words, but seldom a class name of the sheet: then nothing to trim again
                relevant = hashlib.sha256(" ".join(sorted(words["used"] & names)).encode()).hexdigest()
                if made_from != [source, relevant]:
                    kept.write_text(trim(css, words["used"]), encoding="utf-8")
                    records.set(f"css:{key}", f"{source} {relevant}")
        else:
            kept.write_text(css, encoding="utf-8")
        fresh.unlink()
    return kept.read_text(encoding="utf-8")


def inline_stylesheets(site: Path, store: Path) -> int:
    """Put every page's stylesheets into the page; the number of pages rewritten."""
    pages = []
    for page in sorted(site.rglob("*.html")):
        if {"_static", "_sources"} & set(page.relative_to(site).parts):
            continue
        html = page.read_text(encoding="utf-8")
        found = elements(html, "link", "style")
        links = [
            e
            for e in found
            if e.tag == "link" and e.attrs.get("rel") == "stylesheet" and sheet_key(e.attrs.get("href") or "")
        ]
        previous = next((e for e in found if e.tag == "style" and "data-inlined" in e.attrs), None)
        pages.append((page, html, previous, links))
    records = for_site(site)
    pages_written = any(links for *_, links in pages)  # a page Sphinx has just written still links its sheets
    texts, words, changed = {}, {}, 0
    for page, html, previous, links in pages:
        hrefs = (
            [e.attrs["href"] for e in links] if links else previous.attrs["data-inlined"].split() if previous else []
        )
        if not hrefs:
            continue
        css = []
        for href in hrefs:
            key = sheet_key(href)
            if key not in texts:
                texts[key] = sheet_text(site, store, key, words, pages_written, records)
            css.append(f"/* {key} */\n{rebased(texts[key], href)}")
        element = f'<style data-inlined="{" ".join(hrefs)}">\n' + "\n".join(css) + "\n</style>"
        if links:  # the element takes the first link's place; what stood between the links stays after it
            between = "".join(html[a.end : b.start] for a, b in zip(links, links[1:])).strip()
            start, end = links[0].start, links[-1].end
            new = html[:start] + element + (f"\n{between}" if between else "") + html[end:]
        else:
            new = html[: previous.start] + element + html[previous.end :]
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


# --- the icon fonts, cut down to the icons the site shows --------------------------------------
# Font Awesome's woff2 files (156 kB solid, 118 kB brands) hold some 1,400 icons; a page of the book
# shows about ten. Each font is subset (fontTools, with Brotli for woff2) to the code points that the
# site's stylesheets name in their CSS strings (``content: "\f09b"``, escaped or written out): after
# ``trim``, only the icons of classes the site uses are left there.
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
ICON_FONTS = theme.ICON_FONTS


def css_codepoints(sheets: Path) -> set[int]:
    """The code points named in the CSS strings of the stylesheets under ``sheets``."""
    points: set[int] = set()
    for sheet in sheets.rglob("*.css"):
        if "thebe" not in sheet.parts:
            for string in re.findall(
                r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', sheet.read_text(encoding="utf-8", errors="replace")
            ):
                points.update(int(code, 16) for code in ESCAPE.findall(string))
                points.update(ord(char) for char in string if ord(char) > 127)  # tinycss2 writes them out
    return points


def subset_icon_fonts(site: Path, sheets: Path) -> tuple[int, int] | None:
    """Subset the icon fonts to the code points that the (inlined) stylesheets under ``sheets``
    name; a subset made by an earlier build from the same font and code points is copied back
    (Sphinx copies the theme's original fonts into the site on every build)."""
    import hashlib
    import shutil

    fonts = sorted((site / ICON_FONTS).glob("*.woff2"))
    if not fonts:
        return None
    points = css_codepoints(sheets)
    wanted = hashlib.sha256(" ".join(map(str, sorted(points))).encode()).hexdigest()
    kept = sheets / "fonts"
    kept.mkdir(parents=True, exist_ok=True)
    records = for_site(site)
    before = after = 0
    for path in fonts:
        data = path.read_bytes()
        made_from = f"{hashlib.sha256(data).hexdigest()} {wanted}"
        copy, recorded = kept / path.name, records.get(f"font:{path.name}") or ""
        done = recorded.split()[-1:] == [wanted] and copy.exists()
        if done and copy.read_bytes() == data:
            continue  # Sphinx did not copy the original again
        if done and recorded == made_from:
            shutil.copyfile(copy, path)  # the original, copied again: the subset made from it last time
            continue
        before += len(data)
        subset_font(path, points)
        after += path.stat().st_size
        shutil.copyfile(path, copy)
        records.set(f"font:{path.name}", made_from)
    return (before, after) if before else None


def subset_font(path: Path, points: set[int]) -> None:
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    font = TTFont(path, recalcTimestamp=False)  # two builds make the same bytes
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points & set(font.getBestCmap())))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(path)
