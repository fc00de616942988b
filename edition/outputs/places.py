"""The located places of the index as Linked Places: ``api/places.lpf.json``.

Linked Places Format 1.3 (LinkedPasts/linked-places-format; GeoJSON-LD, the format the World
Historical Gazetteer and Recogito take in): a ``FeatureCollection`` with one ``Feature`` per place
of ``entities.csv`` that has coordinates:

- ``@id``: the place's entry in the index of places (``…/chapters/index-places.html#e-kabul``);
- ``properties``: ``title`` (the index name), ``fclasses`` and ``ccodes`` (``data/gazetteer.csv``);
- ``names``: the index name and the spellings of the received text (``variants``), each a ``toponym``;
- ``geometry``: a ``Point`` (longitude, latitude) from the entity's coordinates;
- ``descriptions``: the index's description; ``links``: every passage that names the place
  (``subjectOf``, the passage's URL);
- ``when``: where the edition dates it, the span of the chronology's events in the passages that
  name the place (their EDTF bounds); a place no dated passage names has no ``when``.
"""

from __future__ import annotations

import json
from pathlib import Path

from edition.model.dates import edtf_bounds
from edition.model.entities import passages_of

FILE = "api/places.lpf.json"
CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"


def located(edition) -> list[dict]:
    return [r for r in edition.entities.to_dict("records") if r["type"] == "place" and r["lat"] and r["lon"]]


def when_of(edition, passages: list[str]) -> dict | None:
    named = set(passages)
    bounds = [edtf_bounds(r["date"]) for r in edition.events.to_dict("records") if r["passage"] in named]
    if not bounds:
        return None
    start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
    return {
        "timespans": [{"start": {"in": start}, "end": {"in": end}}],
        "label": "the span of the dated events in the passages that name the place",
    }


def feature(context, record: dict, gazetteer: dict) -> dict:
    edition = context.edition
    passages = passages_of(edition, record["id"])
    # the received spellings, less the possessives ("pakistan's", "united states'")
    spellings = [v.strip() for v in record["variants"].split("|") if v.strip() and not v.strip().endswith(("'s", "'"))]
    names = [{"toponym": record["name"], "lang": "en"}]
    names += [
        {"toponym": spelling, "lang": "en", "citations": [{"label": "the received text of the article"}]}
        for spelling in dict.fromkeys(spellings)
        if spelling != record["name"]
    ]
    classes = gazetteer[record["id"]]
    item = {
        "@id": context.entity_urls.get(record["id"], f"{context.meta.base_url}#e-{record['id']}"),
        "type": "Feature",
        "properties": {
            "title": record["name"],
            "fclasses": classes["fclasses"].split("|"),
            "ccodes": classes["ccodes"].split("|"),
        },
        "geometry": {"type": "Point", "coordinates": [float(record["lon"]), float(record["lat"])]},
        "names": names,
        "descriptions": [{"value": record["description"], "lang": "en"}],
        "links": [{"type": "subjectOf", "identifier": context.urls[pid]} for pid in passages if pid in context.urls],
    }
    when = when_of(edition, passages)
    if when:
        item["when"] = when
    return item


def collection(context) -> dict:
    gazetteer = {r["entity"]: r for r in context.edition.gazetteer.to_dict("records")}
    return {
        "type": "FeatureCollection",
        "@context": CONTEXT,
        "features": [feature(context, record, gazetteer) for record in located(context.edition)],
    }


def write(context, outdir: Path) -> Path:
    target = outdir / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection(context), ensure_ascii=False, indent=1), encoding="utf-8")
    return target


__all__ = ["CONTEXT", "FILE", "collection", "located", "write"]
