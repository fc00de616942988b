"""The reading view: the source tokens with the apparatus applied and every intervention marked.

The diplomatic view is the tokens as received. The reading view keeps them in order and adds
what the apparatus says: supplied words in ⟨ ⟩ (⟨…?⟩ when uncertain), lost matter as […], and
regularised forms in place of their tokens. Each mark carries a plain explanation, which the
HTML shows on hover and keyboard focus.
"""
from __future__ import annotations

from dataclasses import dataclass

from .data import Edition, Passage

SIGLUM_MEANING = {
    "supplied": "supplied by the editor: the preprocessing removed it",
    "gap": "lost in the preprocessing and not restored",
    "regularisation": "regularised by the editor",
}


@dataclass(frozen=True)
class Piece:
    """One run of the reading text: a source token, or an editorial mark with its entry."""

    text: str
    kind: str  # token | supplied | gap | regularisation
    entry_id: str = ""
    explanation: str = ""
    negation: bool = False
    token: int = -1  # the source token this piece shows or attaches to
    position: str = "token"  # token | before | after | replace


def siglum(entry: dict) -> str:
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
    else:
        head = f"“{received}” {SIGLUM_MEANING['regularisation']} as “{entry['reading']}”"
    evidence = {"rule": "a rule applied to every occurrence", "context": "the text itself"}.get(entry["evidence"], entry["evidence"])
    return f"{head}. Certainty: {entry['certainty']}. Evidence: {evidence}. {entry['note']}".strip()


def reading_pieces(edition: Edition, passage: Passage) -> list[Piece]:
    entries = edition.apparatus_for(passage.id).to_dict("records")
    by_token: dict[int, list[dict]] = {}
    for entry in entries:
        by_token.setdefault(int(entry["token"]), []).append(entry)
    pieces: list[Piece] = []
    absorbed_until = -1
    for i in range(passage.first_token, passage.last_token + 1):
        here = by_token.get(i, [])
        pieces += [mark(e, edition.tokens) for e in here if e["position"] == "before"]
        replacement = next((e for e in here if e["position"] == "replace"), None)
        if replacement is not None:
            pieces.append(mark(replacement, edition.tokens))
            absorbed_until = int(replacement["last_token"])
        elif i > absorbed_until:
            pieces.append(Piece(edition.tokens[i], "token", token=i))
        pieces += [mark(e, edition.tokens) for e in here if e["position"] == "after"]
    return pieces


def mark(entry: dict, tokens: list[str]) -> Piece:
    return Piece(siglum(entry), entry["type"], entry["id"], explanation(entry, tokens),
                 negation=entry["subtype"] == "negation", token=int(entry["token"]), position=entry["position"])


def diplomatic_pieces(edition: Edition, passage: Passage) -> list[Piece]:
    """The tokens as received, one piece each."""
    return [Piece(edition.tokens[i], "token", token=i) for i in range(passage.first_token, passage.last_token + 1)]


def separators(pieces: list[Piece]) -> list[str]:
    """What goes before each piece: a space, or nothing after a supplied prefix (⟨Mazar-i-⟩sharif)."""
    return ["" if i == 0 or (pieces[i - 1].position == "before" and pieces[i - 1].text.rstrip("?⟩").endswith("-")) else " "
            for i in range(len(pieces))]


def reading_text(edition: Edition, passage: Passage) -> str:
    pieces = reading_pieces(edition, passage)
    return "".join(gap + piece.text for gap, piece in zip(separators(pieces), pieces))
