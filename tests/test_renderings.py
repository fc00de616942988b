"""The editors' plain-English renderings say what the tokens and the apparatus say: every passage is
rendered, and no indexed name, figure or supplied negation of a passage is lost from its rendering.

Names are matched the way the source was damaged: case, punctuation and the small words (of, the,
the ezafe -e/-i …) are ignored, and a word of the source's lemmatised variant matches a word of the
rendering that begins with it and adds at most a plural ending (``united state`` ~ United States).
"""

import re
import unicodedata

import pytest

from edition.checks.spans import WORDS_FOR_NUMBERS
from edition.model.entities import occurrences
from edition.model.text import rejoin_thousands

SMALL_WORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "to", "e", "i", "s"}
NEGATIVE_WORDS = {"not", "no", "never", "without", "neither", "nor", "none", "nothing", "nobody", "nowhere", "cannot"}
SMALL_NUMBERS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))


def words(text: str) -> list[str]:
    """Lower-case words, possessives and editorial marks dropped, small words removed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("'s", " ")
    return [w for w in re.findall(r"[a-z0-9]+", text) if w not in SMALL_WORDS]


def contains_name(rendering: str, name: str) -> bool:
    wanted, have = words(name), words(rendering)
    if not wanted:
        return False
    return any(
        all(have[i + k] == w or have[i + k] in (w + "s", w + "es") for k, w in enumerate(wanted))
        for i in range(len(have) - len(wanted) + 1)
    )


@pytest.fixture(scope="module")
def rendering(edition):
    return dict(zip(edition.renderings["passage"], edition.renderings["rendering"]))


def test_every_passage_has_a_rendering(edition, rendering):
    assert [p.id for p in edition.passages if not rendering.get(p.id, "").strip()] == []
    assert len(edition.renderings) == len(edition.passages)


def test_every_indexed_name_of_a_passage_is_in_its_rendering(edition, rendering):
    entities = edition.entities.set_index("id")
    missing = []
    for record in occurrences(edition).to_dict("records"):
        entity = entities.loc[record["entity"]]
        forms = [entity["name"], *entity["variants"].split("|")]
        if not any(contains_name(rendering[record["passage"]], form) for form in forms):
            missing.append(
                f"¶ {record['passage']}: {entity['name']} (source: "
                f"{' '.join(edition.tokens[record['first_token'] : record['last_token'] + 1])!r})"
            )
    assert missing == []


def number_in(text: str, number: str) -> bool:
    """``number`` in ``text`` as a number of its own (12,000 is not in 112,000 or 12,0005)."""
    return (
        re.search(rf"(?<![0-9,.]){re.escape(number)}(?![0-9]|,[0-9])", unicodedata.normalize("NFKC", text)) is not None
    )


def regularised(value: str) -> str:
    tokens = value.split()
    for first, last, joined in reversed(rejoin_thousands(tokens)):
        tokens[first : last + 1] = [joined]
    return " ".join(tokens)


def figure_problem(record: dict, text: str, supplied: tuple[str, ...] = ()) -> str | None:
    """What is wrong with the figure ``record`` in the rendering ``text``; ``supplied``: what the
    apparatus supplies inside the figure's span."""
    written, status = record["value_as_written"], record["status"]
    if status == "lost":
        # lost to the charts; the rendering shows […], or the apparatus's supplement as an editorial ⟨ ⟩
        marked = [s for s in supplied if re.search(rf"⟨{re.escape(s.strip('-'))}", text, re.IGNORECASE)]
        return None if "[…]" in text or marked else "a lost number needs […] (or the apparatus's ⟨supplement⟩)"
    if status == "stated_in_words":
        number_words = [w for w in written.split() if w in WORDS_FOR_NUMBERS]
        lower = text.lower()
        absent = [w for w in number_words if not re.search(rf"\b{w}", lower)]
        return f"number word(s) {absent} missing" if absent else None
    if status == "restored":
        value = next(record[k] for k in ("best", "low", "high") if record[k] == record[k])  # the first that is not NaN
        forms = {f"{value:,.0f}", SMALL_NUMBERS.get(int(value), "")} - {""}
        return (
            None
            if any(re.search(rf"\b{re.escape(f)}\b", text.lower()) for f in forms)
            else f"restored value {forms} missing"
        )
    # stated: the figure as written or as regularised, or else each of its numbers (a range may read "12,000 to 15,000")
    forms = {written, regularised(written)}
    if any(number_in(text, form) for form in forms):
        return None
    parts = [p for p in re.split(r"[\s–-]+", regularised(written)) if p]
    absent = [p for p in parts if not (number_in(text, p) if p[0].isdigit() else re.search(rf"\b{p}", text.lower()))]
    return f"{regularised(written)!r} missing (no {absent})" if absent else None


def test_every_figure_is_in_its_passage_rendering(edition, rendering):
    problems = []
    entries = edition.apparatus[edition.apparatus["type"] == "supplied"]
    assert len(edition.figures) > 30
    for record in edition.figures.to_dict("records"):
        inside = entries[entries["token"].between(record["first_token"], record["last_token"])]
        found = figure_problem(record, rendering[record["passage"]], tuple(inside["reading"]))
        if found:
            problems.append(f"{record['id']} ¶ {record['passage']}: {found}")
    assert problems == []


def test_the_figure_check_can_fail():
    stated = dict(value_as_written="12 000–15 000", status="stated", best=float("nan"), low=12000, high=15000)
    assert figure_problem(stated, "between 12,000 and 15,000 men") is None
    assert figure_problem(stated, "12,000–15,000 men") is None
    assert figure_problem(stated, "some 12,000 men") is not None
    assert figure_problem(stated, "112,000 to 15,000") is not None
    words_ = dict(value_as_written="hundred", status="stated_in_words")
    assert figure_problem(words_, "hundreds of advisers") is None and figure_problem(words_, "many advisers")
    assert figure_problem(dict(value_as_written="tank", status="lost"), "[…] tanks") is None
    assert figure_problem(dict(value_as_written="tank", status="lost"), "tanks") is not None
    assert figure_problem(dict(value_as_written="party", status="lost"), "the ⟨Seven⟩-Party union", ("Seven-",)) is None
    assert (
        figure_problem(dict(value_as_written="party", status="lost"), "the Seven-Party union", ("Seven-",)) is not None
    )


def supplied_negations(edition) -> list[dict]:
    """The negations the apparatus supplies as its preferred reading (a `none` entry supplies nothing)."""
    entries = edition.apparatus
    return entries[(entries["type"] == "supplied") & (entries["subtype"] == "negation")].to_dict("records")


def negative_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("n't", " not")
    return [w for w in re.findall(r"[a-z]+", text) if w in NEGATIVE_WORDS]


def test_every_supplied_negation_is_in_its_passage_rendering(edition, rendering):
    assert supplied_negations(edition), "the apparatus supplies negations: the test must see them"
    problems = []
    by_passage: dict[str, list[dict]] = {}
    for entry in supplied_negations(edition):
        by_passage.setdefault(entry["passage"], []).append(entry)
    for pid, entries in by_passage.items():
        have = negative_words(rendering[pid])
        for entry in entries:
            wanted = negative_words(entry["reading"])
            if not wanted:  # no negative word in the supplied reading: the reading itself must be there
                if entry["reading"].lower() not in rendering[pid].lower():
                    problems.append(f"¶ {pid}: {entry['reading']!r} ({entry['id']})")
                continue
            for word in wanted:
                if word in have:
                    have.remove(word)  # each supplied negation needs its own word in the rendering
                else:
                    problems.append(f"¶ {pid}: {word!r} of {entry['reading']!r} ({entry['id']})")
    assert problems == []


def test_the_name_match_follows_the_damage_and_no_further():
    assert contains_name("the Republic of Afghanistan", "republic afghanistan")
    assert contains_name("Hezb-e Islami fought on", "hezb islami")
    assert contains_name("the United States sent arms", "united state")
    assert contains_name("Massoud’s men", "massoud's")
    assert not contains_name("Gulbuddin Hekmatyar", "gul")
    assert not contains_name("the Islamic party", "islami")
    assert negative_words("they didn't, and ⟨never⟩ did") == ["not", "never"]
