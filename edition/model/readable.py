"""Text for readers: the editors' notes say "the apparatus entry at ¶ 4.37" where the tables'
working notes name a row by its id ("A251", "alternative V202", "F014"). Row ids stay in the data,
the downloads and the pages' ``id``/``data-`` attributes; what a reader sees is in words.
"""

from __future__ import annotations

import re

from edition.model.edition import Edition

ROW_ID = re.compile(r"\b(?:(alternative|Alternative) )?([AVFEC][0-9]{3})\b")
KIND = {"A": "apparatus entry", "V": "alternative reading", "F": "figure", "E": "event", "C": "correction"}


def row_passage(edition: Edition, row_id: str) -> str | None:
    """The passage a row of the apparatus, the alternatives, the figures, the events or the
    corrections concerns (None if the id is unknown or names no passage)."""

    def build(_frame):
        out = {}
        for frame in (edition.apparatus, edition.figures, edition.events):
            out.update(zip(frame["id"], frame["passage"]))
        if not edition.alternatives.empty:
            out.update((v, out.get(e)) for v, e in zip(edition.alternatives["id"], edition.alternatives["entry"]))
        if not edition.corrections.empty:
            for cid, target in zip(edition.corrections["id"], edition.corrections["target"]):
                out[cid] = target if target in edition.by_id else out.get(target)
        return out

    return edition.indexed("apparatus", "passage of each row", build).get(row_id)


def keys_in_words(edition: Edition, text: str) -> str:
    """Bibliography keys written in a working note (``rubin2002``) as a reader cites them (Rubin 2002)."""
    keys = edition.bibliography_keys
    return re.sub(
        r"\b[a-z]+[0-9]{4}[a-z]?\b", lambda m: edition.cite_label(m.group()) if m.group() in keys else m.group(), text
    )


def ids_in_words(edition: Edition, text: str) -> str:
    """``"(alternative V201)"`` → ``"(alternative reading at ¶ 4.14)"``; ``"(see A250)"`` → ``"(see
    the apparatus entry at ¶ 4.37)"``; a bibliography key → author and year. An unknown id stays as
    written (the checks name it)."""

    def words(match: re.Match) -> str:
        prefix, row_id = match.group(1), match.group(2)
        where = row_passage(edition, row_id)
        if where is None:
            return "another correction on this page" if row_id.startswith("C") and not prefix else match.group()
        if prefix:
            return f"{prefix} reading at ¶ {where}"
        return f"the {KIND[row_id[0]]} at ¶ {where}"

    return keys_in_words(edition, ROW_ID.sub(words, str(text)))
