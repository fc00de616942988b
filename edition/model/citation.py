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

    def csl(self) -> dict:
        return {"literal": self.literal} if self.literal else {"family": self.family, "given": self.given}

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


def citation(meta: EditionMeta, passage_id: str | None = None, url: str | None = None) -> dict:
    """The citation of the edition (no passage) or of one passage, in every form.

    Returns ``{"csl", "text", "bibtex", "url", "urn"}``. ``url`` is the passage's absolute
    address (the edition's ``base_url`` when citing the whole). No accessed date: the reader's
    browser adds it (the dialog), since the build cannot know when the page is read.
    """
    url = url or meta.base_url
    urn = cts_urn(passage_id)
    common = {
        "editor": [n.csl() for n in meta.editors],
        "publisher": meta.publisher,
        "issued": date_parts(meta.date_released),
        "version": meta.version,
        "URL": url,
        "language": meta.language,
    }
    if passage_id is None:
        csl = {"id": KEY, "type": "book", "title": meta.title, **common, "note": f"CTS URN: {urn}"}
    else:
        csl = {
            "id": f"{KEY}-p{passage_id}",
            "type": "chapter",
            "title": f"Passage {passage_id}",
            "author": [n.csl() for n in meta.text_authors],
            "container-title": meta.title,
            **common,
            "note": f"CTS URN: {urn}",
        }
    return {
        "csl": csl,
        "text": text_citation(meta, passage_id, url, urn),
        "bibtex": bibtex_entry(meta, csl, passage_id),
        "url": url,
        "urn": urn,
    }


def text_citation(meta: EditionMeta, passage_id: str | None, url: str, urn: str) -> str:
    """The form of the edition's "How to cite" page; the dialog appends the accessed date."""
    head = f"{meta.title}, ed. {meta.editor_names}, version {meta.version}, {meta.publisher}, {meta.date_released}"
    if passage_id is None:
        return f"{head}, {url}."
    return f"{head}, ¶ {passage_id}, {urn}, {url}."


def bibtex_entry(meta: EditionMeta, csl: dict, passage_id: str | None) -> str:
    """@book for the edition; @incollection (the text's authors, in the book edited by the editors)
    for a passage. Fields that BibTeX's standard styles and biblatex both read."""

    def protect(value: str) -> str:
        return value.replace("{", "").replace("}", "")

    year, month, day = meta.date_released.split("-")
    fields = []
    if passage_id is not None:
        fields += [
            ("author", " and ".join(n.bibtex() for n in meta.text_authors)),
            ("title", csl["title"]),
            ("booktitle", protect(meta.title)),
        ]
    else:
        fields += [("title", protect(meta.title))]
    fields += [
        ("editor", " and ".join(n.bibtex() for n in meta.editors)),
        ("publisher", "{" + meta.publisher + "}"),
        ("year", year),
        ("month", str(int(month))),
        ("date", meta.date_released),
        ("version", meta.version),
        ("note", f"Version {meta.version}. {csl['note']}"),
        ("url", csl["URL"]),
        ("language", "english"),
    ]
    kind = "incollection" if passage_id is not None else "book"
    key = csl["id"].replace(".", "-")
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


__all__ = ["CTS_WORK", "EditionMeta", "citation", "cts_urn", "edition_meta"]
