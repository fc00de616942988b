"""Elements of a built page, found by an HTML parser (the standard library's), with their exact
places in the page's text, so that the web step can replace them without re-serialising the rest of
the page (every byte it does not touch stays as Sphinx and the theme wrote it)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"link", "meta", "img", "br", "hr", "input", "source"}


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict
    start: int  # where its start tag begins
    end: int  # where it ends: after its end tag (after its start tag for a void element)
    inner: str = ""  # the text between its tags


class _Finder(HTMLParser):
    def __init__(self, html: str, tags: set[str]):
        super().__init__(convert_charrefs=False)
        self.html, self.tags, self.found, self.open = html, tags, [], []
        self.lines = [0]
        for number, character in enumerate(html):
            if character == "\n":
                self.lines.append(number + 1)

    def position(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in self.tags:
            return
        start = self.position()
        after = start + len(self.get_starttag_text())
        if tag in VOID:
            self.found.append(Element(tag, dict(attrs), start, after))
        else:
            self.open.append((tag, dict(attrs), start, after))

    def handle_startendtag(self, tag, attrs):
        if tag in self.tags:
            start = self.position()
            self.found.append(Element(tag, dict(attrs), start, start + len(self.get_starttag_text())))

    def handle_endtag(self, tag):
        if tag not in self.tags or not self.open or self.open[-1][0] != tag:
            return
        _, attrs, start, inner_start = self.open.pop()
        end_tag = self.position()
        end = self.html.index(">", end_tag) + 1
        self.found.append(Element(tag, attrs, start, end, self.html[inner_start:end_tag]))


def elements(html: str, *tags: str) -> list[Element]:
    """Every element of the given tags in the page, in the order of the text."""
    finder = _Finder(html, set(tags))
    finder.feed(html)
    finder.close()
    return sorted(finder.found, key=lambda element: element.start)
