"""The editors' notes as W3C Web Annotations: ``annotations.jsonld`` at the site root.

Web Annotation Data Model (W3C Recommendation, 2017), JSON-LD with the context
``http://www.w3.org/ns/anno.jsonld``: one ``AnnotationCollection`` whose one ``AnnotationPage``
holds one ``Annotation`` per passage that has a note. Each annotation

- has the note as two ``TextualBody`` bodies: HTML (``text/html``, the notes' own links kept as
  links, made absolute) and plain text (``text/plain``, the form the TEI carries);
- has the editors as ``creator``, the release date as ``created``, the edition's licence as
  ``rights`` and ``motivation`` ``commenting``;
- targets the passage: ``target.source`` is the passage's URL (its page and anchor), and a
  ``TextQuoteSelector`` whose ``exact`` is the passage's diplomatic text, the received words that
  every view of the passage shows, so that an annotation tool anchors the note on them.

The notes come from the same doctrees as the TEI's (``edition.sphinxext.metadata``); nothing here
formats HTML.
"""

from __future__ import annotations

import json
from pathlib import Path

FILE = "annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def agent(name) -> dict:
    return {"type": "Organization" if name.literal else "Person", "name": name.display}


def collection(context) -> dict:
    edition, meta = context.edition, context.meta
    here = meta.base_url + FILE
    creators = [agent(name) for name in meta.editors]
    items = []
    for passage in edition.passages:
        if not context.notes.get(passage.id) or passage.id not in context.urls:
            continue
        bodies = []
        if context.notes_html.get(passage.id):
            bodies.append(
                {
                    "type": "TextualBody",
                    "value": context.notes_html[passage.id],
                    "format": "text/html",
                    "language": meta.language,
                    "purpose": "commenting",
                }
            )
        bodies.append(
            {
                "type": "TextualBody",
                "value": context.notes[passage.id],
                "format": "text/plain",
                "language": meta.language,
                "purpose": "commenting",
            }
        )
        items.append(
            {
                "id": f"{here}#note-{passage.id}",
                "type": "Annotation",
                "motivation": "commenting",
                "creator": creators,
                "created": meta.date_released,
                "rights": meta.licence_url,
                "body": bodies,
                "target": {
                    "source": context.urls[passage.id],
                    "selector": {"type": "TextQuoteSelector", "exact": passage.text},
                },
            }
        )
    return {
        "@context": CONTEXT,
        "id": here,
        "type": "AnnotationCollection",
        "label": f"The editors' notes on the passages of {meta.title}, version {meta.version}",
        "creator": creators,
        "rights": meta.licence_url,
        "total": len(items),
        "first": {"id": f"{here}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
        "last": f"{here}#page-1",
    }


def write(context, outdir: Path) -> Path:
    target = outdir / FILE
    target.write_text(json.dumps(collection(context), ensure_ascii=False, indent=1), encoding="utf-8")
    return target


__all__ = ["CONTEXT", "FILE", "collection", "write"]
