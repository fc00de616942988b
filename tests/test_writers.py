"""Tests written for issue 26 (mutation testing of the writers, edition/outputs): each writer is given
the loaded edition, the citation facts and small made-up addresses and notes (under
https://example.org/ed/, so that it is plain where each must appear), writes into a temporary
folder, and its files are read back. Expected values come from the tables (data/*.csv and the
source, read here with the csv module), from CITATION.cff and _config.yml (the ``published``
fixture), from the standards the files follow (W3C Web Annotation, Linked Places / GeoJSON, FAIR
Signposting) or from the made-up inputs: never from the writers or the model's helpers."""

import calendar
import dataclasses
import json
import re

import jsonschema
import pandas as pd
import pytest
import yaml
from helpers import ROOT, data_copy, data_rows, edit_rows

from edition import load_edition
from edition.model.citation import edition_meta
from edition.outputs import Context, passages_json, places, signposting, text, web_annotations, write_all

SITE = "https://example.org/ed/"  # where the made-up pages of a test are published
TOKENS = (ROOT / "data" / "source" / "afghan-civil-war-1989-1992.txt").read_text(encoding="utf-8").split()
PASSAGES = data_rows("passages.csv")
PASSAGE_IDS = [row["id"] for row in PASSAGES]
# The diplomatic text of a passage: its received tokens, joined by spaces.
DIPLOMATIC = {row["id"]: " ".join(TOKENS[int(row["first_token"]) : int(row["last_token"]) + 1]) for row in PASSAGES}
SECTION_TITLES = {row["section"]: row["title"] for row in data_rows("sections.csv")}
ENTITIES = data_rows("entities.csv")
LOCATED = [row for row in ENTITIES if row["type"] == "place" and row["lat"] and row["lon"]]
# Every passage's page, made up: one page a section.
PASSAGE_URLS = {row["id"]: f"{SITE}chapters/s{row['section']}.html#p-{row['id']}" for row in PASSAGES}
ENTITY_URLS = {row["id"]: f"{SITE}places.html#e-{row['id']}" for row in ENTITIES if row["type"] == "place"}


def test_the_tables_read_here_are_the_whole_text():
    """The oracle of this module: 2,710 tokens in passages that cover them in order."""
    assert len(TOKENS) == 2_710 and len(PASSAGES) == len(set(PASSAGE_IDS)) == 199
    spans = [(int(row["first_token"]), int(row["last_token"])) for row in PASSAGES]
    assert spans[0][0] == 0 and spans[-1][1] == len(TOKENS) - 1
    assert all(previous[1] + 1 == following[0] for previous, following in zip(spans, spans[1:]))


@pytest.fixture(scope="module")
def meta():
    return edition_meta(ROOT)


@pytest.fixture(scope="module")
def base(published):
    """The edition's address (html.baseurl), ending in /."""
    return published.base_url.rstrip("/") + "/"


# --- Web Annotations (annotations.jsonld) ----------------------------------------------------------

# 1.1 has a note but no address, 1.4 an address but an empty note, 2.1 an address but no note: none
# of them is annotated; 1.2 has its note as HTML and as plain text, 1.3 as plain text only.
NOTE_URLS = {pid: PASSAGE_URLS[pid] for pid in ("1.2", "1.3", "1.4", "2.1")}
NOTES = {
    "1.1": "A note on a passage whose page is not known.",
    "1.2": "Only some of the groups belonged to the alliance.",
    "1.3": "Jalalabad held.",
    "1.4": "",
}
NOTES_HTML = {
    "1.2": '<p>Only <em>some</em> of the groups belonged to the <a href="https://example.org/ed/a.html">alliance</a>.</p>'
}


@pytest.fixture(scope="module")
def annotations(edition, meta, tmp_path_factory):
    context = Context(edition, meta, urls=NOTE_URLS, notes=NOTES, notes_html=NOTES_HTML)
    folder = tmp_path_factory.mktemp("annotations")
    written = web_annotations.write(context, folder)
    assert written == folder / "annotations.jsonld"
    return json.loads(written.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def editors(published):
    """The editors as W3C agents: CITATION.cff names them as an entity (``name``, no
    ``family-names``), so they are an Organization."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert [set(author) for author in cff["authors"]] == [{"name"}]
    return [{"type": "Organization", "name": published.editors}]


def test_the_annotations_are_one_collection_with_one_page_under_the_web_annotation_context(
    annotations, base, editors, published
):
    here = base + "annotations.jsonld"
    page = annotations["first"]
    assert annotations["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert (annotations["id"], annotations["type"]) == (here, "AnnotationCollection")
    assert published.title in annotations["label"] and published.version in annotations["label"]
    assert annotations["creator"] == editors and annotations["rights"] == published.licence_url
    assert annotations["total"] == len(page["items"]) == 2
    assert (page["id"], page["type"], page["startIndex"]) == (here + "#page-1", "AnnotationPage", 0)
    assert annotations["last"] == page["id"]


def test_only_a_passage_with_both_a_note_and_an_address_is_annotated_in_the_order_of_the_text(annotations):
    assert [item["target"]["source"] for item in annotations["first"]["items"]] == [
        NOTE_URLS["1.2"],
        NOTE_URLS["1.3"],
    ]


def test_an_annotation_comments_on_the_passage_with_its_note_by_the_editors_under_the_licence(
    annotations, base, editors, published
):
    """§3.1 Annotation; §3.2.4 TextualBody (value, format, language, purpose); §4.2.4
    TextQuoteSelector, whose ``exact`` is the passage's diplomatic text."""
    first = annotations["first"]["items"][0]
    assert first == {
        "id": base + "annotations.jsonld#note-1.2",
        "type": "Annotation",
        "motivation": "commenting",
        "creator": editors,
        "created": published.date,
        "rights": published.licence_url,
        "body": [
            {
                "type": "TextualBody",
                "value": NOTES_HTML["1.2"],
                "format": "text/html",
                "language": "en",
                "purpose": "commenting",
            },
            {
                "type": "TextualBody",
                "value": NOTES["1.2"],
                "format": "text/plain",
                "language": "en",
                "purpose": "commenting",
            },
        ],
        "target": {
            "source": NOTE_URLS["1.2"],
            "selector": {"type": "TextQuoteSelector", "exact": DIPLOMATIC["1.2"]},
        },
    }


def test_a_note_without_html_has_only_its_plain_text_body_and_quotes_its_own_passage(annotations):
    second = annotations["first"]["items"][1]
    assert second["body"] == [
        {
            "type": "TextualBody",
            "value": NOTES["1.3"],
            "format": "text/plain",
            "language": "en",
            "purpose": "commenting",
        }
    ]
    assert second["target"]["selector"] == {"type": "TextQuoteSelector", "exact": DIPLOMATIC["1.3"]}


# --- Linked Places (api/places.lpf.json) ------------------------------------------------------------


def day_bounds(date: str) -> tuple[str, str]:
    """The first and last day of an EDTF date of the chronology (YYYY, YYYY-MM, YYYY-MM-DD, or two of
    them joined by '/'; '?' and '~' qualify a date without moving it), read from the EDTF spec."""
    first, _, last = date.replace("?", "").replace("~", "").partition("/")
    last = last or first
    start = "-".join((first.split("-") + ["01", "01"])[:3])
    parts = last.split("-")
    if len(parts) == 1:
        end = f"{last}-12-31"
    elif len(parts) == 2:
        end = f"{last}-{calendar.monthrange(int(parts[0]), int(parts[1]))[1]:02d}"
    else:
        end = last
    return start, end


def test_day_bounds_reads_the_edtf_forms_of_the_chronology():
    assert day_bounds("1989") == ("1989-01-01", "1989-12-31")
    assert day_bounds("1992-02") == ("1992-02-01", "1992-02-29")
    assert day_bounds("1992-04-10?") == ("1992-04-10", "1992-04-10")
    assert day_bounds("1988-05/1989-02") == ("1988-05-01", "1989-02-28")


def spellings(row) -> list[str]:
    return [v.strip() for v in row["variants"].split("|") if v.strip()]


@pytest.fixture(scope="module")
def lpf(edition, meta, tmp_path_factory):
    context = Context(edition, meta, urls=PASSAGE_URLS, entity_urls=ENTITY_URLS)
    folder = tmp_path_factory.mktemp("lpf")
    written = places.write(context, folder)
    assert written == folder / "api" / "places.lpf.json"
    return json.loads(written.read_text(encoding="utf-8"))


def test_the_places_file_is_written_into_an_output_folder_not_yet_made(edition, meta, tmp_path):
    written = places.write(Context(edition, meta), tmp_path / "html")
    assert written == tmp_path / "html" / "api" / "places.lpf.json" and written.is_file()


def test_the_places_are_a_geojson_feature_collection_with_the_linked_places_context(lpf):
    assert lpf["type"] == "FeatureCollection"
    assert lpf["@context"].startswith("https://raw.githubusercontent.com/LinkedPasts/linked-places/")
    assert len(lpf["features"]) == len(LOCATED) == 20


def test_every_feature_validates_against_the_whg_schema(lpf):
    schema = json.loads((ROOT / "tests/schemas/whg/schema_lpf_v1.2.json").read_text(encoding="utf-8"))
    assert len(lpf["features"]) == 20
    for feature in lpf["features"]:
        jsonschema.validate(feature, schema)


def test_every_located_place_is_a_point_feature_with_its_index_name_classes_and_description(lpf):
    """One Feature per place of entities.csv with coordinates, in the table's order: a GeoJSON Point
    (longitude first), the classes of gazetteer.csv, the index name first among the names, then the
    received spellings (not the possessives)."""
    gazetteer = {row["entity"]: row for row in data_rows("gazetteer.csv")}
    assert len(lpf["features"]) == len(LOCATED) == 20
    for row, feature in zip(LOCATED, lpf["features"]):
        assert feature["@id"] == ENTITY_URLS[row["id"]]
        assert feature["type"] == "Feature"
        assert feature["properties"] == {
            "title": row["name"],
            "fclasses": gazetteer[row["id"]]["fclasses"].split("|"),
            "ccodes": gazetteer[row["id"]]["ccodes"].split("|"),
        }
        assert feature["geometry"] == {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]}
        received = [v for v in dict.fromkeys(spellings(row)) if not v.endswith(("'s", "'")) and v != row["name"]]
        assert [(name["toponym"], name["lang"]) for name in feature["names"]] == [
            (row["name"], "en"),
            *((spelling, "en") for spelling in received),
        ]
        assert all(name["citations"] for name in feature["names"][1:]), row["id"]
        assert feature["descriptions"] == [{"value": row["description"], "lang": "en"}]


def test_a_place_names_its_received_spellings_once_and_leaves_out_the_possessives(lpf):
    pakistan = next(f for f in lpf["features"] if f["@id"] == ENTITY_URLS["pakistan"])
    assert [name["toponym"] for name in pakistan["names"]] == ["Pakistan", "pakistan"]
    soviet = next(f for f in lpf["features"] if f["@id"] == ENTITY_URLS["soviet-union"])
    assert [name["toponym"] for name in soviet["names"]] == ["Soviet Union", "soviet union", "ussr", "soviet"]
    united_states = next(f for f in lpf["features"] if f["@id"] == ENTITY_URLS["united-states"])  # a plural possessive
    assert [name["toponym"] for name in united_states["names"]] == [
        "United States",
        "united state",
        "united state america",
    ]


# Places named by words of their own: one-word spellings that no other entry of the index uses, so
# that the passages naming them are the passages holding one of those words.
OWN_WORD_PLACES = [
    "pakistan",
    "russia",
    "washington",
    "india",
    "mazar-i-sharif",
    "bagram",
    "parwan",
    "panjshir",
    "badakhshan",
]


def own_word_places() -> dict[str, set[str]]:
    out = {}
    for row in LOCATED:
        words = spellings(row)
        others = {w for other in ENTITIES if other["id"] != row["id"] for v in spellings(other) for w in v.split()}
        if all(len(w.split()) == 1 for w in words) and not set(words) & others:
            out[row["id"]] = set(words)
    return out


def test_every_place_named_by_words_of_its_own_links_the_passages_that_name_it_and_spans_their_events(lpf):
    """``links``: each passage that names the place (subjectOf, its address), in the order of the
    text; ``when``: from the first day of the earliest to the last day of the latest event of the
    chronology in those passages, and no ``when`` when none of them is dated."""
    places_by_word = own_word_places()
    assert list(places_by_word) == OWN_WORD_PLACES
    events = data_rows("events.csv")
    by_id = {f["@id"]: f for f in lpf["features"]}
    undated = []
    for place, words in places_by_word.items():
        named = [
            row["id"] for row in PASSAGES if words & set(TOKENS[int(row["first_token"]) : int(row["last_token"]) + 1])
        ]
        feature = by_id[ENTITY_URLS[place]]
        assert named and feature["links"] == [{"type": "subjectOf", "identifier": PASSAGE_URLS[pid]} for pid in named]
        bounds = [day_bounds(event["date"]) for event in events if event["passage"] in named]
        if bounds:
            start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
            assert feature["when"]["timespans"] == [{"start": {"in": start}, "end": {"in": end}}], place
            assert feature["when"]["label"]
        else:
            assert "when" not in feature, place
            undated.append(place)
    assert undated == ["washington", "panjshir"]


def test_a_place_of_two_feature_classes_lists_both(tmp_path, meta):
    """LPF's ``fclasses`` is a list: gazetteer.csv separates the classes with |."""
    data = data_copy(tmp_path)

    def two_classes(rows):
        (bagram,) = [row for row in rows if row["entity"] == "bagram"]
        bagram["fclasses"] = "S|P"

    edit_rows(data / "gazetteer.csv", two_classes)
    context = Context(load_edition(data), meta, urls=PASSAGE_URLS, entity_urls=ENTITY_URLS)
    bagram = next(f for f in places.collection(context)["features"] if f["@id"] == ENTITY_URLS["bagram"])
    assert bagram["properties"]["fclasses"] == ["S", "P"]


# --- passages.json ---------------------------------------------------------------------------------

# A made-up placing: 1.1 and 1.2 on the lead's page, 2.1 on the background's; the rest unplaced.
PAGES = {
    "1.1": ("chapters/01-lead", "chapters/01-lead.html"),
    "1.2": ("chapters/01-lead", "chapters/01-lead.html"),
    "2.1": ("chapters/02-background", "chapters/02-background.html"),
}
# An address whose last segment ends in a letter other than the slash ("volume-X/").
VOLUME = "https://example.org/volume-X/"
CITATIONS = {
    "1.2": {
        "text": "The editors, ¶ 1.2.",
        "bibtex": "@incollection{p12, title={¶ 1.2}}",
        "csl": {"id": "p1.2", "type": "chapter"},
        "forms": {"apa": {"text": "not carried"}},
        "url": VOLUME + "chapters/01-lead.html#p-1.2",
    }
}
# Two retired ids: one whose successor is placed, one whose successor is not.
RETIRED = pd.DataFrame(
    [("1.2a", "1.2", "Merged back into 1.2."), ("3.1a", "3.1", "Merged back into 3.1.")],
    columns=["id", "successor", "note"],
)


@pytest.fixture(scope="module")
def passages_file(edition, tmp_path_factory):
    folder = tmp_path_factory.mktemp("passages")
    written = passages_json.write(
        dataclasses.replace(edition, retired=RETIRED),
        folder,
        title="A made-up title",
        version="9.9.9",
        pages=PAGES,
        base=VOLUME,
        citations=CITATIONS,
    )
    assert written == folder / "passages.json"
    return json.loads(written.read_text(encoding="utf-8"))


def test_passages_json_names_the_edition_its_version_and_its_token_count(passages_file):
    assert passages_file["edition"] == "A made-up title" and passages_file["version"] == "9.9.9"
    assert passages_file["token_count"] == len(TOKENS)


def test_passages_json_has_a_record_of_every_passage_with_its_section_kind_and_texts(passages_file):
    renderings = {row["passage"]: row["rendering"] for row in data_rows("renderings.csv")}
    records = passages_file["passages"]
    assert [record["id"] for record in records] == PASSAGE_IDS
    for row, record in zip(PASSAGES, records):
        assert record["section"] == int(row["section"]) and record["section_title"] == SECTION_TITLES[row["section"]]
        assert record["kind"] == row["kind"] and record["diplomatic"] == DIPLOMATIC[row["id"]]
        assert record["rendering"] == renderings[row["id"]], row["id"]
        assert record["urn"].endswith(":" + row["id"])
        assert isinstance(record["alternatives"], list) and record["reading"]


def test_a_placed_passage_has_its_page_and_its_address_and_an_unplaced_one_has_none(passages_file):
    records = {record["id"]: record for record in passages_file["passages"]}
    assert len(records) == 199
    assert {k: records["1.2"][k] for k in ("chapter", "url", "absolute_url")} == {
        "chapter": "chapters/01-lead",
        "url": "chapters/01-lead.html#p-1.2",
        "absolute_url": "https://example.org/volume-X/chapters/01-lead.html#p-1.2",
    }
    assert records["2.1"]["absolute_url"] == "https://example.org/volume-X/chapters/02-background.html#p-2.1"
    unplaced = [pid for pid in PASSAGE_IDS if pid not in PAGES]
    assert len(unplaced) == 196
    for pid in unplaced:
        assert (records[pid]["chapter"], records[pid]["url"], records[pid]["absolute_url"]) == (None, None, None)


def test_a_passage_record_carries_the_text_bibtex_and_csl_of_its_citation_and_no_other_form(passages_file):
    records = {record["id"]: record for record in passages_file["passages"]}
    assert records["1.2"]["citation"] == {
        "text": "The editors, ¶ 1.2.",
        "bibtex": "@incollection{p12, title={¶ 1.2}}",
        "csl": {"id": "p1.2", "type": "chapter"},
    }
    assert [pid for pid, record in records.items() if record["citation"] is not None] == ["1.2"]


def test_a_retired_id_is_listed_with_its_successor_and_the_address_its_old_anchor_lands_on(passages_file):
    assert passages_file["retired"] == [
        {
            "id": "1.2a",
            "status": "retired",
            "successor": "1.2",
            "note": "Merged back into 1.2.",
            "url": "chapters/01-lead.html#p-1.2a",
        },
        {"id": "3.1a", "status": "retired", "successor": "3.1", "note": "Merged back into 3.1.", "url": None},
    ]


# --- FAIR Signposting ------------------------------------------------------------------------------

CSL = "application/vnd.citationstyles.csl+json"  # IANA
TEI = "application/tei+xml"  # RFC 6129
DOWNLOADS = [
    ("item", "edition.tei.xml", TEI),
    ("item", "exports/diplomatic.txt", "text/plain"),
    ("item", "exports/reading.txt", "text/plain"),
    ("item", "exports/diplomatic.md", "text/markdown"),  # RFC 7763
    ("item", "exports/reading.md", "text/markdown"),
]


def test_a_chapter_signposts_its_address_records_licence_type_chapter_and_downloads(meta, base, published):
    page = base + "chapters/04-jalalabad.html"
    found = signposting.links(meta, page, "chapters/04-jalalabad", "api/dts/document/4.xml")
    expected = [
        ("cite-as", page, None),
        ("describedby", base + "api/cite/04-jalalabad.json", CSL),
        ("describedby", base + "edition.tei.xml", TEI),
        ("license", published.licence_url, None),
        ("type", "https://schema.org/Chapter", None),
        ("item", base + "api/dts/document/4.xml", TEI),
        *((rel, base + path, kind) for rel, path, kind in DOWNLOADS),
    ]
    assert len(found) == len(expected) and set(found) == set(expected)


def test_the_home_page_signposts_the_book_and_citation_cff(meta, base, published):
    found = signposting.links(meta, base, None)
    expected = [
        ("cite-as", base, None),
        ("describedby", base + "api/cite/edition.json", CSL),
        ("describedby", base + "edition.tei.xml", TEI),
        ("describedby", base + "CITATION.cff", "application/yaml"),  # RFC 9512
        ("license", published.licence_url, None),
        ("type", "https://schema.org/Book", None),
        *((rel, base + path, kind) for rel, path, kind in DOWNLOADS),
    ]
    assert len(found) == len(expected) and set(found) == set(expected)


ITEMS = [{"csl": {"id": "p4.1", "type": "chapter"}, "text": "¶ 4.1"}, {"csl": {"id": "p4.2", "type": "chapter"}}]


@pytest.fixture(scope="module")
def signposts(meta, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signposting")
    return folder, signposting.write(meta, {"chapters/04-jalalabad": ITEMS}, folder, ROOT)


def test_signposting_writes_a_record_per_page_and_a_copy_of_citation_cff_and_returns_them(signposts):
    folder, written = signposts
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    assert len(written) == len(set(written)) == 3 and sorted(written) == files
    assert (folder / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes()


def edition_item_is_the_published_edition(item, base, published):
    year, month, day = (int(part) for part in published.date.split("-"))
    assert item["type"] == "book" and item["title"] == published.title and item["version"] == published.version
    assert item["URL"] == base and item["issued"] == {"date-parts": [[year, month, day]]}


def test_each_page_describedby_record_is_the_edition_followed_by_the_pages_passages(signposts, meta, base, published):
    folder, _ = signposts
    records = {}
    for docname in (None, "chapters/04-jalalabad"):
        (href,) = [h for rel, h, kind in signposting.links(meta, base, docname) if kind == CSL]
        assert href.startswith(base)
        records[docname] = json.loads((folder / href[len(base) :]).read_text(encoding="utf-8"))
    (whole,) = records[None]
    edition_item_is_the_published_edition(whole, base, published)
    assert records["chapters/04-jalalabad"] == [whole, *(item["csl"] for item in ITEMS)]


# --- text exports ----------------------------------------------------------------------------------

LAYERS = ("diplomatic", "reading", "rendering")
MARKDOWN_SPECIAL = set("\\`*_[]<>#|")


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def unescaped_specials(markdown: str) -> list[str]:
    """The characters Markdown would read as markup that are not backslash-escaped."""
    return [c for c in re.sub(r"\\.", "", markdown) if c in MARKDOWN_SPECIAL]


@pytest.fixture(scope="module")
def exports(edition, meta, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return folder, text.write(Context(edition, meta), folder)


def read_txt(path) -> dict[str, str]:
    rows = {}
    for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
        number, text_ = line.split("\t")
        assert number.startswith("¶ ") and number[2:] not in rows
        rows[number[2:]] = text_
    return rows


def test_the_exports_are_each_layer_as_text_and_markdown(exports):
    folder, written = exports
    expected = {folder / "exports" / f"{layer}.{suffix}" for layer in LAYERS for suffix in ("txt", "md")}
    assert len(written) == 6 and set(written) == expected == {p for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_writes_the_exports_again_over_those_of_the_last_build(edition, meta, tmp_path):
    """A rebuild writes into the output folder of the last build, where exports/ already is."""
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "diplomatic.txt").write_text("the last build's export\n", encoding="utf-8")
    text.write(Context(edition, meta), tmp_path)
    assert (tmp_path / "exports" / "diplomatic.txt").read_text(encoding="utf-8").startswith("¶ 1.1\t")


def test_the_diplomatic_text_export_is_every_passage_with_its_number_and_its_received_tokens(exports):
    folder, _ = exports
    assert (folder / "exports/diplomatic.txt").read_text(encoding="utf-8") == "".join(
        f"¶ {pid}\t{DIPLOMATIC[pid]}\n" for pid in PASSAGE_IDS
    )


def test_the_diplomatic_markdown_has_a_heading_per_section_and_a_numbered_paragraph_per_passage(exports, published):
    folder, _ = exports
    lines = (folder / "exports/diplomatic.md").read_text(encoding="utf-8").split("\n")
    assert lines[0] == f"# {published.title}: diplomatic text (the source tokens as received)" and lines[1] == ""
    assert published.version in lines[2] and published.date in lines[2] and published.editors in lines[2]
    body = []
    for section, title in SECTION_TITLES.items():
        body += [f"## {section} · {title}", ""]
        body += [
            line
            for row in PASSAGES
            if row["section"] == section
            for line in (f"**¶ {row['id']}** {DIPLOMATIC[row['id']]}", "")
        ]
    assert len(SECTION_TITLES) == 11 and not unescaped_specials("".join(SECTION_TITLES.values()))
    assert lines[lines.index("## 1 · Lead") :] == body


def test_the_reading_export_marks_the_editors_interventions_with_the_sigla(exports):
    """1.1: 'after' supplied after token 13 (A001, certainty high) and 'wa' read 'was'
    (regularisation_rules.csv); 2.9: a gap before token 244 (A008)."""
    folder, _ = exports
    reading = read_txt(folder / "exports/reading.txt")
    assert list(reading) == PASSAGE_IDS
    assert reading["1.1"] == (
        "article cover afghan history soviet withdrawal afghanistan 15 february 1989 27 april 1992 day ⟨after⟩ "
        "proclamation peshawar accord proclaiming interim afghan government was supposed start serving 28 april 1992"
    )
    assert (
        reading["2.9"] == "year […] 1⁄2 2 million afghan killed million displaced large number fled neighboring country"
    )
    markdown = (folder / "exports/reading.md").read_text(encoding="utf-8").split("\n")
    assert (
        "**¶ 2.9** year \\[…\\] 1⁄2 2 million afghan killed million displaced large number fled neighboring country"
        in markdown
    )


def test_the_rendering_export_is_each_rendering_of_renderings_csv_on_one_line(exports):
    folder, _ = exports
    renderings = {row["passage"]: " ".join(row["rendering"].split()) for row in data_rows("renderings.csv")}
    assert list(read_txt(folder / "exports/rendering.txt").items()) == [
        (pid, renderings[pid]) for pid in PASSAGE_IDS if renderings.get(pid)
    ]
    heading = (folder / "exports/rendering.md").read_text(encoding="utf-8").split("\n")[0]
    assert heading.endswith(": rendering (the editors' plain English)")


def test_every_markdown_paragraph_is_its_plain_text_with_the_markdown_characters_escaped(exports):
    folder, _ = exports
    escaped = 0
    for layer in LAYERS:
        plain = read_txt(folder / f"exports/{layer}.txt")
        paragraphs = {}
        for line in (folder / f"exports/{layer}.md").read_text(encoding="utf-8").split("\n"):
            if line.startswith("**¶ "):
                number, _, markdown = line[len("**¶ ") :].partition("** ")
                paragraphs[number] = markdown
        assert list(paragraphs) == list(plain), layer
        for pid, markdown in paragraphs.items():
            assert unescape(markdown) == plain[pid] and not unescaped_specials(markdown), (layer, pid)
            escaped += markdown != plain[pid]
    assert escaped >= 20  # the gaps […] of the reading text and of the renderings


# --- write_all ---------------------------------------------------------------------------------------


def test_write_all_returns_every_file_it_writes_and_nothing_else(edition, meta, tmp_path):
    context = Context(edition, meta, urls=PASSAGE_URLS, notes=NOTES, notes_html=NOTES_HTML, entity_urls=ENTITY_URLS)
    written = write_all(context, tmp_path)
    assert len(written) == len(set(written)) and all(written)
    assert set(written) == {path for path in tmp_path.rglob("*") if path.is_file()}
    names = {path.relative_to(tmp_path).as_posix() for path in written}
    assert {
        "edition.tei.xml",
        "annotations.jsonld",
        "api/places.lpf.json",
        *(f"exports/{layer}.{suffix}" for layer in LAYERS for suffix in ("txt", "md")),
    } <= names
    assert any(name.startswith("api/") and name != "api/places.lpf.json" for name in names)  # the DTS API
