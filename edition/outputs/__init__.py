"""Outputs beyond the pages: one model, many writers.

Each module takes the loaded :class:`~edition.model.edition.Edition` (and the citation metadata of
:mod:`edition.model.citation`) and writes files; none reads the tables again, none formats HTML.

- :mod:`.tei` — ``edition.tei.xml``, the richest serialisation (TEI P5);
- :mod:`.dts` — a static DTS 1.0 API under ``api/``, whose documents are fragments of the TEI;
- :mod:`.text` — plain-text and Markdown exports of the diplomatic text, the reading text and
  the rendering, keeping the ¶ numbers;
- :mod:`.web_annotations` — the editors' notes as W3C Web Annotations (``annotations.jsonld``);
- :mod:`.places` — the located places as Linked Places (``api/places.lpf.json``).

``write_all`` is called by the Sphinx extension when an HTML build has finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edition.model.citation import EditionMeta
from edition.model.edition import Edition


@dataclass
class Context:
    """What the writers need beyond the data: the citation metadata, where each passage and index
    entry is published (absolute URLs) and the editors' notes on each passage (plain text, HTML)."""

    edition: Edition
    meta: EditionMeta
    urls: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    notes_html: dict[str, str] = field(default_factory=dict)
    entity_urls: dict[str, str] = field(default_factory=dict)


def write_all(context: Context, outdir: Path) -> list[Path]:
    from edition.outputs import dts, places, tei, text, web_annotations

    document = tei.build(context)
    written = [tei.write(document, outdir / tei.FILE)]
    written += dts.write(context, document, outdir)
    written += text.write(context, outdir)
    written.append(web_annotations.write(context, outdir))
    written.append(places.write(context, outdir))
    return written


__all__ = ["Context", "write_all"]
