"""The reading view: the source tokens with the apparatus applied and every intervention marked.

The diplomatic view is the tokens as received. The reading view keeps them in order and adds
what the apparatus says: supplied words in ⟨ ⟩ (⟨…?⟩ when uncertain), lost matter as […], and
regularised forms in place of their tokens. Each mark carries a plain explanation, which the
HTML shows on hover and keyboard focus.

Where the apparatus records competing readings of a span (``alternatives.csv``), the reading
view shows the preferred one with the marker ‡, and its explanation gives every reading with its
certainty and evidence. A preferred reading of type ``none`` (nothing supplied) shows the marker
alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from edition.model.edition import Edition, Passage
from edition.checks.evidence import article_title

ALTERNATIVE_MARKER = "‡"
RENDERING_LABEL = "Editors' rendering"  # everywhere the rendering appears, it is labelled as the editors'

SIGLUM_MEANING = {
    "supplied": "supplied by the editor: the preprocessing removed it",
    "gap": "lost in the preprocessing and not restored",
    "regularisation": "regularised by the editor",
}


@dataclass(frozen=True)
class Piece:
    """One run of the reading text: a source token, or an editorial mark with its entry."""

    text: str
    kind: str  # token | supplied | gap | regularisation | none
    entry_id: str = ""
    explanation: str = ""
    negation: bool = False
    token: int = -1  # the source token this piece shows or attaches to
    position: str = "token"  # token | before | after | replace
    alternatives: int = 0  # how many other readings of this span the apparatus records


def siglum(entry: dict) -> str:
    if entry["type"] == "none":
        return ""
    if entry["type"] == "gap":
        return "[…]"
    if entry["type"] == "supplied":
        doubt = "?" if entry["certainty"] == "low" else ""
        return f"⟨{entry['reading']}{doubt}⟩"
    return entry["reading"]


def explanation(entry: dict, tokens: list[str]) -> str:
    """What a mark means, in words, for its tooltip and for screen readers."""
    first, last = int(entry["token"]), int(entry["last_token"])
    received = " ".join(tokens[first : last + 1])
    if entry["type"] == "supplied":
        kind = "a negation" if entry["subtype"] == "negation" else f"{entry['subtype']}"
        head = f"“{entry['reading']}” ({kind}) {SIGLUM_MEANING['supplied']}"
    elif entry["type"] == "gap":
        head = f"Something ({entry['subtype']}) was {SIGLUM_MEANING['gap']}"
    elif entry["type"] == "none":
        head = "Nothing supplied here: the words stand as received"
    else:
        head = f"“{received}” {SIGLUM_MEANING['regularisation']} as “{entry['reading']}”"
    return f"{head}. Certainty: {entry['certainty']}. Evidence: {evidence_words(entry['evidence'])}. {entry['note']}".strip()


def evidence_words(evidence: str) -> str:
    """An evidence value in words: ``parallel:URL`` → a parallel text, a copy of another article (its title, host)."""
    kind, _, url = evidence.partition(":")
    if kind == "witness" and url.startswith("http"):
        return f"a copy of this article ({urlparse(url).netloc})"
    if kind == "parallel" and url.startswith("http"):
        return f"a parallel text, a copy of another article ({article_title(url)}, {urlparse(url).netloc})"
    return {"rule": "a rule applied to every occurrence", "context": "the text itself"}.get(evidence, evidence)


def readings_of(edition: Edition, entry: dict) -> list[dict]:
    """Every reading of an entry's span, the preferred (the apparatus row) first, each a full entry."""
    span = {key: entry[key] for key in ("passage", "token", "last_token", "position")}
    return [{**entry, "preferred": True}] + [{**alternative, **span, "preferred": False}
                                             for alternative in edition.alternatives_for(entry["id"])]


def competing_explanation(readings: list[dict], tokens: list[str]) -> str:
    """The tooltip of a span with competing readings: all of them, the preferred first."""
    parts = [f"{len(readings)} readings of this place ({ALTERNATIVE_MARKER})."]
    for reading in readings:
        label = "Preferred" if reading["preferred"] else f"Alternative {reading['id']}"
        parts.append(f"{label}: {explanation(reading, tokens)}")
    return "\n".join(parts)  # one reading a line (the tooltip keeps the line breaks)


def reading_pieces(edition: Edition, passage: Passage) -> list[Piece]:
    entries = edition.apparatus_records(passage.id)
    by_token: dict[int, list[dict]] = {}
    for entry in entries:
        by_token.setdefault(int(entry["token"]), []).append(entry)
    pieces: list[Piece] = []
    absorbed_until = -1
    for i in range(passage.first_token, passage.last_token + 1):
        here = by_token.get(i, [])
        pieces += [mark(e, edition) for e in here if e["position"] == "before"]
        replacement = next((e for e in here if e["position"] == "replace"), None)
        if replacement is not None:
            pieces.append(mark(replacement, edition))
            absorbed_until = int(replacement["last_token"])
        elif i > absorbed_until:
            pieces.append(Piece(edition.tokens[i], "token", token=i))
        pieces += [mark(e, edition) for e in here if e["position"] == "after"]
    return pieces


def mark(entry: dict, edition: Edition) -> Piece:
    readings = readings_of(edition, entry)
    text = (competing_explanation(readings, edition.tokens) if len(readings) > 1
            else explanation(entry, edition.tokens))
    return Piece(siglum(entry), entry["type"], entry["id"], text,
                 negation=entry["subtype"] == "negation" and entry["type"] == "supplied", token=int(entry["token"]),
                 position=entry["position"], alternatives=len(readings) - 1)


def competing_readings(edition: Edition, passage: Passage) -> list[dict]:
    """The spans of a passage that have alternatives, each with all its readings (preferred first)."""
    out = []
    for entry in edition.apparatus_records(passage.id):
        readings = readings_of(edition, entry)
        if len(readings) > 1:
            out.append(dict(entry=entry["id"], token=int(entry["token"]), position=entry["position"],
                            readings=[{key: r[key] for key in ("id", "preferred", "type", "subtype", "reading",
                                                               "certainty", "evidence", "note")} for r in readings]))
    return out


def diplomatic_pieces(edition: Edition, passage: Passage) -> list[Piece]:
    """The tokens as received, one piece each."""
    return [Piece(edition.tokens[i], "token", token=i) for i in range(passage.first_token, passage.last_token + 1)]


def separators(pieces: list[Piece]) -> list[str]:
    """What goes before each piece: a space, or nothing after a supplied prefix (⟨Mazar-i-⟩sharif);
    a mark with no text (a preferred reading of type none: only its marker shows) sticks to the
    word it stands before or after."""
    def joined(before: Piece, after: Piece) -> bool:
        return (before.position == "before" and (before.text.rstrip("?⟩").endswith("-") or before.kind == "none")
                or after.kind == "none" and after.position == "after")

    return ["" if i == 0 or joined(pieces[i - 1], pieces[i]) else " " for i in range(len(pieces))]


def reading_text(edition: Edition, passage: Passage) -> str:
    """The reading text as plain words: the preferred readings, without markers."""
    pieces = [piece for piece in reading_pieces(edition, passage) if piece.text]
    return "".join(gap + piece.text for gap, piece in zip(separators(pieces), pieces))
