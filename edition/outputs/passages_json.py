"""``passages.json``: every passage of the edition as one JSON record, for tools that resolve citations.

Each record: the id, section and its title, kind, the chapter (page) and URL where the passage is
placed (relative to the site, and absolute under ``html.baseurl``), the diplomatic text, the
reading text, the competing readings, the CTS URN, the citation (text, BibTeX, CSL-JSON) and the
editors' plain-English rendering. Retired ids are listed with their successors.
"""

from __future__ import annotations

import json
from pathlib import Path

from edition.model.citation import cts_urn
from edition.model.edited import RENDERING_LABEL, competing_readings, reading_text
from edition.model.edition import Edition

FILE = "passages.json"


def passage_records(
    edition: Edition, pages: dict[str, tuple[str, str]], base: str, citations: dict[str, dict]
) -> list[dict]:
    """One record per passage. ``pages``: passage id → (its page's name, the page's URL relative to
    the site), placed passages only; ``base``: the published address; ``citations``: passage id →
    its citation."""
    base = base.rstrip("/")
    records = []
    for passage in edition.passages:
        docname, page = pages.get(passage.id, (None, None))
        url = f"{page}#{passage.anchor}" if page is not None else None
        made = citations.get(passage.id)
        records.append(
            dict(
                id=passage.id,
                section=passage.section,
                section_title=edition.section_title(passage.section),
                kind=passage.kind,
                chapter=docname,
                url=url,
                absolute_url=f"{base}/{url}" if base and url else None,
                diplomatic=passage.text,
                reading=reading_text(edition, passage),
                alternatives=competing_readings(edition, passage),
                urn=cts_urn(passage.id),
                citation={key: made[key] for key in ("text", "bibtex", "csl")} if made else None,
                rendering=edition.rendering_of(passage.id),
            )
        )
    return records


def retired_records(edition: Edition, passages: list[dict]) -> list[dict]:
    """Retired ids, each with its successor and the URL its old anchor lands on."""
    records = []
    successors = {r["id"]: r for r in passages}
    for record in edition.retired.to_dict("records"):
        url = successors[record["successor"]]["url"]
        records.append(
            dict(
                id=record["id"],
                status="retired",
                successor=record["successor"],
                note=record["note"],
                url=url.split("#")[0] + f"#p-{record['id']}" if url else None,
            )
        )
    return records


def write(
    edition: Edition,
    outdir: Path,
    *,
    title: str,
    version: str,
    pages: dict[str, tuple[str, str]],
    base: str,
    citations: dict[str, dict],
) -> Path:
    passages = passage_records(edition, pages, base, citations)
    payload = dict(
        edition=title,
        version=version,
        token_count=len(edition.tokens),
        passages=passages,
        rendering=f"{RENDERING_LABEL}: each passage's 'rendering' is the editors' plain English, not the original text",
        retired=retired_records(edition, passages),
    )
    target = outdir / FILE
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
