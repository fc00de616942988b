"""Annotation: citations that resolve, a complete bibliography, indexes computed from the tokens,
and a note for every body passage of the narrative."""

import re

import pytest
from helpers import ROOT, data_rows
from pybtex.database import parse_file

from edition.model.dates import edtf_bounds
from edition.model.entities import find_occurrences, passages_of

CHAPTERS = sorted((ROOT / "chapters").rglob("*.md"))
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def cited_keys():
    return {
        key.strip()
        for path in CHAPTERS
        for keys in CITE.findall(path.read_text(encoding="utf-8"))
        for key in keys.split(",")
    }


@pytest.fixture(scope="module")
def bibliography():
    return parse_file(str(ROOT / "data" / "references.bib"))


def test_every_cited_key_is_in_the_bibliography(bibliography):
    assert cited_keys(), "no citations found"
    assert cited_keys() <= set(bibliography.entries)


def test_every_bibliography_entry_is_cited(bibliography):
    assert set(bibliography.entries) <= cited_keys(), set(bibliography.entries) - cited_keys()


def test_every_entry_has_author_title_year_and_publisher(bibliography):
    entries = re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "data" / "references.bib").read_text(encoding="utf-8"), re.M)
    assert len(entries) >= 10 and sorted(bibliography.entries) == sorted(entries)
    for key, entry in bibliography.entries.items():
        assert entry.persons.get("author"), key
        for field in ("title", "year", "publisher"):
            assert entry.fields.get(field), (key, field)


def test_the_three_works_of_the_source_reference_list_are_restored(bibliography, pages):
    for key, isbn in (
        ("gutman2008", "978-1-60127-024-5"),
        ("kaplan2001", "1-4000-3025-0"),
        ("saikal2004", "1-85043-437-9"),
    ):
        assert bibliography.entries[key].fields["isbn"] == isbn
    listed = pages["chapters/bibliography.html"].get_text(" ")
    for title in ("How We Missed the Story", "Soldiers of God", "Modern Afghanistan"):
        assert title in listed
    chapter = pages["chapters/10-references.html"].get_text(" ")
    assert "978-1-60127-024-5" in chapter and "1-4000-3025-0" in chapter


def test_every_variant_of_every_entity_occurs_in_the_source(edition):
    text = f" {' '.join(edition.tokens)} "
    assert len(edition.entities) > 50
    for record in edition.entities.to_dict("records"):
        for variant in record["variants"].split("|"):
            assert f" {variant} " in text, (record["id"], variant)


REPEATED_NAMES = [
    "massoud",
    "massoud's",
    "hekmatyar",
    "hekmatyar's",
    "najibullah",
    "najibullah's",
    "jalalabad",
    "kabul",
    "khost",
    "peshawar",
    "haqqani",
    "jalaluddin",
    "sayyaf",
    "rashid",
    "karmal",
    "taliban",
    "pakistan",
    "pakistan's",
    "jamiat",
    "wahdat",
    "isi",
    "pdpa",
    "dra",
    "khalq",
    "parcham",
    "bhutto",
    "rabbani",
    "mojaddedi",
    "gorbachev",
    "yeltsin",
    "azzam",
    "khalis",
    "haq",
    "parwan",
    "bagram",
]


@pytest.mark.parametrize("name", REPEATED_NAMES)
def test_every_occurrence_of_a_repeated_proper_name_belongs_to_an_entity(edition, name):
    occurrences = find_occurrences(edition.tokens, edition.entities)
    covered = {i for a, b in zip(occurrences["first_token"], occurrences["last_token"]) for i in range(a, b + 1)}
    where = [i for i, token in enumerate(edition.tokens) if token == name]
    assert where, name
    assert set(where) <= covered, [" ".join(edition.tokens[i - 2 : i + 3]) for i in where if i not in covered]


@pytest.mark.parametrize(
    "entity, token", [("najibullah", "najibullah"), ("hekmatyar", "hekmatyar"), ("sayyaf", "sayyaf")]
)
def test_the_index_lists_exactly_the_passages_where_a_name_occurs(edition, pages, entity, token):
    """Spot check with names that no longer name contains (a city inside "battle jalalabad 1989"
    is indexed under the battle, by design)."""
    expected = [p.id for p in edition.passages if {token, f"{token}'s"} & set(p.text.split())]
    assert passages_of(edition, entity) == expected
    entry = next(soup.find(id=f"e-{entity}") for soup in pages.values() if soup.find(id=f"e-{entity}"))
    listed = [a.get_text().replace("¶", "").strip() for a in entry.select(".entity-passages a")]
    assert listed == expected


def test_passages_link_their_names_to_the_index(pages):
    link = pages["chapters/04-jalalabad.html"].select_one('[id="p-4.2"] .diplomatic a[href*="#e-jalalabad"]')
    assert link is not None and link.get_text() == "jalalabad"


def test_every_body_passage_of_the_narrative_is_annotated(edition, pages):
    narrative = [p for p in edition.passages if not p.is_heading and p.section <= 9]
    annotated = []
    for name, soup in pages.items():
        for box in soup.select("div.passage[id^=p-]"):
            notes = box.select_one(".passage-notes")
            if notes is not None and len(notes.get_text(" ", strip=True).split()) >= 8:
                annotated.append(box["id"][2:])
    missing = [p.id for p in narrative if p.id not in annotated]
    print(
        f"annotated: {len(narrative) - len(missing)} of {len(narrative)} body passages of the narrative "
        f"({(len(narrative) - len(missing)) / len(narrative):.0%})"
    )
    assert missing == []


def test_the_chronology_lists_every_event_in_date_order_with_a_working_link(edition, pages):
    chronology = pages["chapters/chronology.html"]
    items = chronology.select("ul.chronology > li")
    assert len(items) == len(edition.events)
    dates = dict(zip(edition.events["id"], edition.events["date"]))
    starts = [edtf_bounds(dates[item["id"].removeprefix("event-")])[0] for item in items]  # shown in words
    assert starts == sorted(starts)
    links = chronology.select("ul.chronology a.reference")
    assert len(links) == len(items) == len(data_rows("events.csv"))  # one link an event
    for link in links:
        page, anchor = link["href"].split("#")
        assert pages[f"chapters/{page}"].find(id=anchor) is not None, link["href"]


def test_the_locator_map_draws_every_place_in_each_layout_and_links_it_to_its_index_entry(edition, pages):
    """The map is drawn wide and narrow (for a phone's column); each layout draws the same places,
    each linked to its index entry, and a shortened name keeps the full one in the tooltip."""
    import json

    page = pages["chapters/figures/map.html"]
    figures = page.select(".chart-layouts > figure.edition-chart")
    assert [f["data-layout"] for f in figures] == ["wide", "narrow"]
    index = pages["chapters/index-places.html"]
    places = edition.entities[(edition.entities["type"] == "place") & (edition.entities["lat"] != "")]
    assert len(places) >= 10
    drawn = {}
    for figure in figures:
        assert figure.select_one(".chart-static svg") and figure.figcaption.get_text(strip=True)
        spec = json.loads(figure.select_one("script.chart-spec").string)
        rows = [
            row for values in spec["datasets"].values() for row in values if isinstance(row, dict) and "href" in row
        ]
        assert len(rows) >= 10, figure["data-layout"]  # the places this layout draws, each linked
        drawn[figure["data-layout"]] = {row["id"] for row in rows}
        for row in rows:
            assert row["label"] == row["name"] or figure["data-layout"] == "narrow", row
            assert row["name"] == places.set_index("id").loc[row["id"], "name"]
        for record in places.to_dict("records"):
            assert index.find(id=f"e-{record['id']}"), record["id"]
            assert f"#e-{record['id']}" in json.dumps(spec) or page.select_one(f'table a[href$="#e-{record["id"]}"]'), (
                record["id"]
            )
    assert drawn["wide"] == drawn["narrow"] and len(drawn["wide"]) >= 10
