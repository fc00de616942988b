"""The theme's stylesheet cut down to what the book's pages can use (issue 13).

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
    while (match := OPTIONAL.search(text)):  # drop the optional groups with their brackets
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        text = text[:match.start()] + text[end:]
    text = re.sub(r"\[[^\]]*\]", "", text)  # attribute selectors are set at run time: keep them
    out += re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", text)
    return out


def trim(css: str, used: set[str]) -> str:
    def rules(nodes) -> list[str]:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                kept = [s for s in split_selectors(node.prelude)
                        if (names := required_names(s)) is None or all(name in used for name in names)]
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


def used_words(site: Path) -> set[str]:
    """Every word of every built page and of every script of the site."""
    words: set[str] = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        if "_sources" not in path.parts:
            words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def trim_theme_css(site: Path, name: str = "_static/styles/pydata-sphinx-theme.css") -> tuple[int, int] | None:
    """Trim the theme's stylesheet in the built site; (bytes before, bytes after)."""
    sheet = site / name
    if not sheet.exists():
        return None
    css = sheet.read_text(encoding="utf-8")
    if css.startswith("/* trimmed"):
        return None  # an incremental build that did not copy the theme's files again
    trimmed = trim(css, used_words(site))
    sheet.write_text(f"/* trimmed by edition/pagecss.py to the selectors the site can use */\n{trimmed}", encoding="utf-8")
    return len(css.encode()), len(trimmed.encode())


# --- the icon fonts, cut down to the icons the site shows --------------------------------------
# Font Awesome's woff2 files (156 kB solid, 118 kB brands) hold some 1,400 icons; a page of the book
# shows about ten. Each font is subset (fontTools, with Brotli for woff2) to the code points that the
# site's stylesheets name in their CSS strings (``content: "\f09b"``, escaped or written out): after
# ``trim``, only the icons of classes the site uses are left there.
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
ICON_FONTS = "_static/vendor/fontawesome/webfonts"


def css_codepoints(site: Path) -> set[int]:
    points: set[int] = set()
    for sheet in (site / "_static").rglob("*.css"):
        if "thebe" not in sheet.parts:
            for string in re.findall(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', sheet.read_text(encoding="utf-8", errors="replace")):
                points.update(int(code, 16) for code in ESCAPE.findall(string))
                points.update(ord(char) for char in string if ord(char) > 127)  # tinycss2 writes them out
    return points


def subset_icon_fonts(site: Path) -> tuple[int, int] | None:
    fonts = sorted((site / ICON_FONTS).glob("*.woff2"))
    if not fonts:
        return None
    stamp = site.parent / ".edition-fonts-subset"  # the sizes written last time: unchanged, nothing to do
    sizes = " ".join(f"{path.name}:{path.stat().st_size}" for path in fonts)
    if stamp.exists() and stamp.read_text() == sizes:
        return None  # an incremental build that did not copy the theme's fonts again
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    points = css_codepoints(site)
    before = after = 0
    for path in fonts:
        font = TTFont(path, recalcTimestamp=False)  # two builds make the same bytes
        before += path.stat().st_size
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
        after += path.stat().st_size
    stamp.write_text(" ".join(f"{path.name}:{path.stat().st_size}" for path in fonts))
    return before, after
