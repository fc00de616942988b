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

from edition.checks.evidence import article_title
from edition.model.edition import Edition, Passage

ALTERNATIVE_MARKER = "‡"
RENDERING_LABEL = "Editors' rendering"  # everywhere the rendering appears, it is labelled as the editors'

SIGLUM_MEANING = {
    "supplied": "supplied by the editor: the preprocessing removed it",
    "gap": "lost in the preprocessing and not restored",
    "regularisation": "regularised by the editor",
}


@dataclass(frozen=True)
class Unit:
    """One run of a passage's edited text: a source token, or an intervention of the apparatus.

    ``kind`` is ``token``, ``supplied``, ``gap``, ``regularisation`` or ``none`` (a preferred reading
    that supplies nothing: only its marker shows); ``first``..``last`` are the source tokens it shows,
    replaces or attaches to; ``entry`` is its apparatus row and ``readings`` every reading of its span,
    the preferred first (more than one: competing readings); ``original`` the received tokens a
    regularisation replaces."""

    kind: str
    text: str
    first: int
    last: int
    position: str = "token"  # token | before | after | replace
    entry: dict | None = None
    readings: tuple = ()
    original: str = ""

    @property
    def competing(self) -> bool:
        return len(self.readings) > 1

    @property
    def uncertain(self) -> bool:
        """The one rule for "?": a supplied reading below high certainty, or with another reading recorded."""
        return self.kind == "supplied" and (self.entry["certainty"] != "high" or self.competing)

    @property
    def negation(self) -> bool:
        return self.kind == "supplied" and self.entry["subtype"] == "negation"

    @property
    def siglum(self) -> str:
        """What the reading view shows: the token, ⟨supplied⟩ or ⟨supplied?⟩, […], the regularised form."""
        if self.kind == "supplied":
            return f"⟨{self.text}{'?' if self.uncertain else ''}⟩"
        if self.kind == "gap":
            return "[…]"
        return self.text


@dataclass(frozen=True)
class Name:
    """An indexed name: the units that show it (its extent), and its entity."""

    entity: str
    entity_type: str
    first: int
    last: int
    units: tuple


def siglum(entry: dict, competing: bool = False) -> str:
    """The mark of one reading on its own (the apparatus pages list readings outside their passage);
    ``competing``: the apparatus records another reading of its span."""
    if entry["type"] == "none":
        return ""
    return Unit(
        entry["type"],
        entry["reading"],
        int(entry["token"]),
        int(entry["last_token"]),
        entry["position"],
        entry,
        (entry, entry) if competing else (entry,),
    ).siglum


def explain(unit: Unit, tokens: list[str], cite=None, words=None) -> str:
    """A unit's explanation in words: its reading, or every reading of its span when they compete.
    ``cite`` turns a bibliography key into author and year (``Edition.cite_label``), ``words`` a
    note's row ids into words (``edition.model.readable.ids_in_words``)."""
    if unit.competing:
        return competing_explanation(list(unit.readings), tokens, cite, words)
    return explanation(unit.entry, tokens, cite, words)


def spoken(unit: Unit) -> str:
    """A mark in words, for a screen reader, which is not given its brackets: ⟨Seven?⟩ is "Seven,
    supplied by the editors, medium certainty", […] "words lost, not restored (a number)". Empty for a
    mark whose visible text is already words (a token, a regularised form) and has no competing reading."""
    other = ", another reading recorded" if unit.competing else ""
    if unit.kind == "supplied":
        what = "a negation supplied by the editors" if unit.negation else "supplied by the editors"
        return f"{unit.text.rstrip('-')}, {what}, {unit.entry['certainty']} certainty{other}"
    if unit.kind == "gap":
        subtype = unit.entry["subtype"]
        lost = {"number": "a number", "name": "a name", "word": "a word or words"}.get(subtype, "words")
        return f"lost in the source: {lost}, not restored"
    if unit.kind == "none":
        return "another reading recorded here"
    if unit.competing:
        return f"{unit.text}{other}"
    return ""


def explanation(entry: dict, tokens: list[str], cite=None, words=None) -> str:
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
    return f"{head}. Certainty: {entry['certainty']}. Evidence: {evidence_words(entry['evidence'], cite)}. {words(entry['note']) if words else entry['note']}".strip()


def evidence_words(evidence: str, cite=None) -> str:
    """An evidence value in words: ``parallel:URL`` → a parallel text, a copy of another article (its
    title, host); a bibliography key → its author and year, when ``cite`` is given."""
    kind, _, url = evidence.partition(":")
    if kind == "witness" and url.startswith("http"):
        return f"a copy of this article ({urlparse(url).netloc})"
    if kind == "revision" and url.startswith("http"):
        return f"a copy of an earlier revision of this article ({urlparse(url).netloc})"
    if kind == "parallel" and url.startswith("http"):
        return f"a parallel text, a copy of another article ({article_title(url)}, {urlparse(url).netloc})"
    words = {"rule": "a rule applied to every occurrence", "context": "the text itself"}
    if evidence in words:
        return words[evidence]
    return cite(evidence) if cite else evidence


def readings_of(edition: Edition, entry: dict) -> list[dict]:
    """Every reading of an entry's span, the preferred (the apparatus row) first, each a full entry."""
    span = {key: entry[key] for key in ("passage", "token", "last_token", "position")}
    return [{**entry, "preferred": True}] + [
        {**alternative, **span, "preferred": False} for alternative in edition.alternatives_for(entry["id"])
    ]


def competing_explanation(readings: list[dict], tokens: list[str], cite=None, words=None) -> str:
    """The tooltip of a span with competing readings: all of them, the preferred first."""
    parts = [f"{len(readings)} readings of this place ({ALTERNATIVE_MARKER})."]
    others, seen = sum(not reading["preferred"] for reading in readings), 0
    for reading in readings:
        if reading["preferred"]:
            label = "Preferred"
        else:
            seen += 1
            label = "Alternative" + (f" {seen}" if others > 1 else "")
        parts.append(f"{label}: {explanation(reading, tokens, cite, words)}")
    return "\n".join(parts)  # one reading a line (the tooltip keeps the line breaks)


def units(edition: Edition, passage: Passage, *, received: bool = False) -> list[Unit]:
    """The passage's edited text as units, in order: the apparatus applied once, for every output.

    ``received=True`` gives the diplomatic text: the tokens as received, one unit each."""
    if received:
        return [Unit("token", edition.tokens[i], i, i) for i in range(passage.first_token, passage.last_token + 1)]
    by_token: dict[int, list[dict]] = {}
    for entry in edition.apparatus_records(passage.id):
        by_token.setdefault(int(entry["token"]), []).append(entry)
    out: list[Unit] = []
    absorbed_until = -1
    for i in range(passage.first_token, passage.last_token + 1):
        here = by_token.get(i, [])
        out += [_unit(edition, e) for e in here if e["position"] == "before"]
        replacement = next((e for e in here if e["position"] == "replace"), None)
        if replacement is not None:
            out.append(_unit(edition, replacement))
            absorbed_until = int(replacement["last_token"])
        elif i > absorbed_until:
            out.append(Unit("token", edition.tokens[i], i, i))
        out += [_unit(edition, e) for e in here if e["position"] == "after"]
    return out


def _unit(edition: Edition, entry: dict) -> Unit:
    first, last = int(entry["token"]), int(entry["last_token"])
    return Unit(
        entry["type"],
        entry["reading"],
        first,
        last,
        entry["position"],
        entry,
        tuple(readings_of(edition, entry)),
        " ".join(edition.tokens[first : last + 1]),
    )


def edited_text(edition: Edition, passage: Passage, *, received: bool = False) -> list[Unit | Name]:
    """The passage's units with each indexed name grouped: what the HTML views, the TEI, the text
    exports, ``passages.json`` and the search index render.

    A name covers the units whose first token lies in its span (a unit after its last token
    excepted), so a regularisation that reaches past the name stays inside it."""
    from edition.model.entities import occurrences

    flat = units(edition, passage, received=received)
    spans = occurrences(edition)
    spans = spans[spans["passage"] == passage.id].to_dict("records")
    kinds = edition.indexed("entities", "types", lambda frame: dict(zip(frame["id"], frame["type"])))
    starts = {span["first_token"]: span for span in spans}
    grouped: list[Unit | Name] = []
    i = 0
    while i < len(flat):
        span = starts.get(flat[i].first) if flat[i].position in ("token", "replace") else None
        if span is None:
            grouped.append(flat[i])
            i += 1
            continue
        j = i
        while (
            j < len(flat)
            and span["first_token"] <= flat[j].first <= span["last_token"]
            and not (flat[j].position == "after" and flat[j].first == span["last_token"])
        ):
            j += 1
        grouped.append(
            Name(
                span["entity"],
                kinds.get(span["entity"], ""),
                flat[i].first,
                max(u.last for u in flat[i:j]),
                tuple(flat[i:j]),
            )
        )
        i = j
    return grouped


def separators(pieces: list) -> list[str]:
    """The one spacing rule: what goes before each unit (or name), a space or nothing. Nothing after
    a supplied prefix (⟨Mazar-i-⟩sharif), and a mark with no text (a preferred reading of type none:
    only its marker shows) sticks to the word it stands before or after."""

    def edge(piece, last: bool):
        if isinstance(piece, Name):
            return piece.units[-1 if last else 0]
        return piece

    def joined(before, after) -> bool:
        before, after = edge(before, True), edge(after, False)
        return (
            before.position == "before"
            and (before.text.endswith("-") or before.kind == "none")
            or after.kind == "none"
            and after.position == "after"
        )

    return ["" if i == 0 or joined(pieces[i - 1], pieces[i]) else " " for i in range(len(pieces))]


def marked_text(pieces: list) -> str:
    """Units or names as text with their sigla (⟨supplied⟩, ⟨supplied?⟩, […], regularised forms);
    a preferred reading that supplies nothing shows nothing (its ‡ marker belongs to the views)."""
    shown = [p for p in pieces if isinstance(p, Name) or p.kind != "none"]
    words = [marked_text(list(p.units)) if isinstance(p, Name) else p.siglum for p in shown]
    return "".join(gap + word for gap, word in zip(separators(shown), words))


def reading_text(edition: Edition, passage: Passage) -> str:
    """The reading text as one line: the preferred readings with their sigla, without the ‡ markers."""
    return marked_text(units(edition, passage))


def competing_readings(edition: Edition, passage: Passage) -> list[dict]:
    """The spans of a passage that have alternatives, each with all its readings (preferred first)."""
    out = []
    for entry in edition.apparatus_records(passage.id):
        readings = readings_of(edition, entry)
        if len(readings) > 1:
            out.append(
                dict(
                    entry=entry["id"],
                    token=int(entry["token"]),
                    position=entry["position"],
                    readings=[
                        {
                            key: r[key]
                            for key in (
                                "id",
                                "preferred",
                                "type",
                                "subtype",
                                "reading",
                                "certainty",
                                "evidence",
                                "note",
                            )
                        }
                        for r in readings
                    ],
                )
            )
    return out
