"""FAIR Signposting (signposting.org, level 1): what each page of the text says about itself to
machines, as typed links, and the files those links point at.

- ``cite-as``: the page's permanent URL;
- ``describedby``: the citation as CSL-JSON (``api/cite/<chapter>.json``: the edition and every
  passage of the chapter, each item made by :func:`edition.model.citation.citation`) and the TEI;
  on the home page also ``CITATION.cff`` (copied into the site);
- ``license``: the licence; ``type``: schema.org ``Chapter`` (``Book`` on the home page);
- ``item``: the downloads that carry the text (the chapter's TEI from the DTS API, the whole TEI,
  the plain-text and Markdown exports).

Every address is absolute (``html.baseurl``), as a persistent identifier must be.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from edition.model.citation import citation

CSL = "application/vnd.citationstyles.csl+json"
TEI = "application/tei+xml"
CFF = "application/yaml"  # CITATION.cff is YAML; there is no registered type of its own
CITE_FOLDER = "api/cite"
EDITION_RECORD = "edition"  # api/cite/edition.json: the edition's own CSL-JSON
DOWNLOADS = (
    ("edition.tei.xml", TEI),
    ("exports/diplomatic.txt", "text/plain"),
    ("exports/reading.txt", "text/plain"),
    ("exports/diplomatic.md", "text/markdown"),
    ("exports/reading.md", "text/markdown"),
)


def record_name(docname: str | None) -> str:
    """``api/cite/04-jalalabad.json`` for ``chapters/04-jalalabad``; the edition's for the home page."""
    return f"{CITE_FOLDER}/{docname.rsplit('/', 1)[-1] if docname else EDITION_RECORD}.json"


def links(meta, page_url: str, docname: str | None, section_document: str | None = None) -> list[tuple]:
    """(rel, href, type) of one page: a chapter (``docname``) or, with ``docname`` None, the home page."""
    base = meta.base_url
    out = [
        ("cite-as", page_url, None),
        ("describedby", base + record_name(docname), CSL),
        ("describedby", base + "edition.tei.xml", TEI),
    ]
    if docname is None:
        out.append(("describedby", base + "CITATION.cff", CFF))
    out += [
        ("license", meta.licence_url, None),
        ("type", "https://schema.org/" + ("Chapter" if docname else "Book"), None),
    ]
    if section_document:
        out.append(("item", base + section_document, TEI))
    out += [("item", base + path, kind) for path, kind in DOWNLOADS]
    return out


def write(meta, chapters: dict[str, list[dict]], outdir: Path, root: Path) -> list[Path]:
    """The CSL-JSON records (the edition; each chapter: the edition and its passages) and a copy
    of ``CITATION.cff``. ``chapters``: docname → the citations of its passages."""
    folder = outdir / CITE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    whole = citation(meta)["csl"]
    written = []
    for docname, items in {None: [], **chapters}.items():
        target = outdir / record_name(docname)
        records = [whole] + [item["csl"] for item in items]
        target.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)
    shutil.copyfile(root / "CITATION.cff", outdir / "CITATION.cff")
    written.append(outdir / "CITATION.cff")
    return written


__all__ = ["CSL", "TEI", "links", "record_name", "write"]
