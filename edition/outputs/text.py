"""Plain-text and Markdown exports for corpus tools, each passage with its ¶ number.

``exports/diplomatic.txt|.md``: the tokens as received; ``exports/reading.txt|.md``: the reading
text with the sigla of the book (⟨supplied⟩, ⟨uncertain?⟩, […] for a gap, regularised forms);
``exports/rendering.txt|.md``: the editors' plain-English rendering (``data/renderings.csv``),
written only when the edition has renderings. A ``.txt`` file has one passage per line,
``¶ 4.16<TAB>text``; a ``.md`` file has a heading per section and a paragraph per passage.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.model.edited import reading_text

FOLDER = "exports"
TITLES = {
    "diplomatic": "diplomatic text (the source tokens as received)",
    "reading": "reading text (editorial interventions marked with sigla)",
    "rendering": "rendering (the editors' plain English)",
}


def layers(edition) -> dict[str, dict[str, str]]:
    """Each layer's text of every passage, by passage id, in the order of the text."""
    out = {
        "diplomatic": {p.id: p.text for p in edition.passages},
        "reading": {p.id: reading_text(edition, p) for p in edition.passages},
    }
    renderings = getattr(edition, "renderings", None)
    if renderings is not None and len(renderings):
        by_id = dict(zip(renderings["passage"], renderings["rendering"]))
        out["rendering"] = {p.id: " ".join(str(by_id[p.id]).split()) for p in edition.passages if by_id.get(p.id)}
    return out


def markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def write(context, outdir: Path) -> list[Path]:
    edition, meta = context.edition, context.meta
    folder = outdir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for layer, texts in layers(edition).items():
        plain = "".join(f"¶ {pid}\t{text}\n" for pid, text in texts.items())
        lines = [
            f"# {meta.title}: {TITLES[layer]}",
            "",
            f"Version {meta.version} ({meta.date_released}), ed. {meta.editor_names}. Licence {meta.licence}. "
            f"Cite a passage by its ¶ number; each has the address {meta.base_url}… given in passages.json.",
            "",
        ]
        for section in edition.sections.to_dict("records"):
            chosen = [p for p in edition.passages_in_section(int(section["section"])) if p.id in texts]
            if not chosen:
                continue
            lines += [f"## {section['section']} · {markdown_escape(section['title'])}", ""]
            lines += [line for p in chosen for line in (f"**¶ {p.id}** {markdown_escape(texts[p.id])}", "")]
        for suffix, content in (("txt", plain), ("md", "\n".join(lines))):
            target = folder / f"{layer}.{suffix}"
            target.write_text(content, encoding="utf-8")
            written.append(target)
    return written


__all__ = ["FOLDER", "layers", "write"]
