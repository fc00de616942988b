"""The passage registry: every token in exactly one passage, in order, under stable ids."""

import re

from helpers import ROOT, data_rows

from edition.model.text import parse_passage_id, spans_cover


def test_passages_cover_every_token_once_in_order(edition):
    spans = [(p.first_token, p.last_token) for p in edition.passages]
    assert spans_cover(spans, len(edition.tokens)) == []
    assert " ".join(p.text for p in edition.passages) == " ".join(edition.tokens)


def test_ids_are_unique_well_formed_and_match_their_section(edition):
    ids = [p.id for p in edition.passages]
    assert len(ids) == len(set(ids)) == len(data_rows("passages.csv"))
    for passage in edition.passages:
        section, _, _ = parse_passage_id(passage.id)
        assert section == passage.section


def test_ordinals_run_in_order_within_each_section(edition):
    assert len(edition.passages) == len(data_rows("passages.csv"))
    previous = {}
    for passage in edition.passages:
        _, ordinal, _ = parse_passage_id(passage.id)
        assert ordinal > previous.get(passage.section, 0), passage.id
        previous[passage.section] = ordinal


def test_every_published_id_is_still_present_or_retired(edition):
    published = [
        line.strip()
        for line in (ROOT / "data" / "published_ids.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(published) >= 199
    missing = sorted(set(published) - set(edition.by_id) - set(edition.retired["id"]))
    assert not missing, f"published passage ids have disappeared without being retired: {missing}"


def test_the_headings_of_the_source_are_passages_of_their_own(edition):
    headings = {p.text for p in edition.passages if p.is_heading}
    for heading in (
        "background",
        "battle jalalabad 1989",
        "aftermath",
        "reference bibliography",
        "external link",
        "main participant",
        "economic crisis",
    ):
        assert heading in headings, heading
    # every section but the untitled lead opens with its heading
    assert list(edition.sections["section"]) == [int(row["section"]) for row in data_rows("sections.csv")]
    for section in edition.sections["section"]:
        first = edition.passages_in_section(section)[0]
        assert first.kind == ("body" if section == 1 else "heading"), first.id


def test_body_passages_are_mostly_ten_to_forty_tokens(edition):
    lengths = [p.last_token - p.first_token + 1 for p in edition.passages if not p.is_heading]
    share = sum(10 <= n <= 40 for n in lengths) / len(lengths)
    print(f"{share:.0%} of {len(lengths)} body passages have 10–40 tokens")
    assert share >= 0.75
    assert max(lengths) <= 45


def test_sections_are_titled_and_keyed(edition):
    assert len(edition.sections) == 11
    assert all(re.fullmatch(r"[a-z-]+", key) for key in edition.sections["key"])
