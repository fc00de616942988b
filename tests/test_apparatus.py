"""The apparatus: every intervention attached to a real token, rule-made regularisations complete,
and the reading text of a few passages exactly as an editor expects it."""

import json

import jsonschema
import pytest
import yaml
from helpers import ROOT, data_copy, data_rows, edit_rows, load_error

from edition.model.edited import reading_text


def test_every_entry_attaches_to_a_token_inside_its_passage(edition):
    by_hand = edition.apparatus[edition.apparatus["evidence"] != "rule"]
    assert sorted(by_hand["id"]) == sorted(row["id"] for row in data_rows("apparatus.csv"))
    assert len(edition.apparatus) - len(by_hand) > 50  # and the regularisations the rules make
    for entry in edition.apparatus.to_dict("records"):
        passage = edition.by_id[entry["passage"]]
        assert passage.first_token <= entry["token"] <= entry["last_token"] <= passage.last_token, entry["id"]


def test_types_subtypes_and_certainties_are_from_the_conventions(edition):
    assert (
        {"supplied", "gap", "regularisation"}
        <= set(edition.apparatus["type"])
        <= {"supplied", "gap", "regularisation", "none"}
    )
    assert set(edition.apparatus["certainty"]) <= {"high", "medium", "low"}
    supplied = edition.apparatus[edition.apparatus["type"] == "supplied"]
    assert (supplied["reading"] != "").all()
    assert (edition.apparatus.loc[edition.apparatus["type"] == "gap", "reading"] == "").all()


@pytest.mark.parametrize("artifact, reading", [("wa", "was"), ("ha", "has"), ("le", "less"), ("doe", "does")])
def test_the_rules_regularise_every_occurrence_of_a_lemmatiser_artifact(edition, artifact, reading):
    where = [i for i, token in enumerate(edition.tokens) if token == artifact]
    assert where, artifact
    regularised = edition.apparatus[
        (edition.apparatus["type"] == "regularisation") & (edition.apparatus["reading"] == reading)
    ]
    assert set(where) <= set(regularised["token"]), artifact


def test_every_split_thousand_is_rejoined(edition):
    splits = [
        i for i, token in enumerate(edition.tokens) if token.startswith("000") and edition.tokens[i - 1].isdigit()
    ]
    assert len(splits) == 9  # 75 000, 4 000, 40 000, 10 000, 3 000, 12 000–15 000, 10 000, 230 000, 20 000
    for i in splits:
        assert (
            (edition.apparatus["token"] <= i - 1)
            & (edition.apparatus["last_token"] >= i)
            & (edition.apparatus["subtype"] == "number")
        ).any(), i


def test_the_negations_that_invert_the_sense_are_supplied(edition):
    negations = edition.apparatus[edition.apparatus["subtype"] == "negation"]
    assert len(negations) >= 10
    for pid in ("4.22", "4.20", "8.24", "3.4"):
        assert pid in set(negations["passage"]), pid


READINGS = {
    # a supplied name (Dostum), a regularisation (was) and a rejoined number (40,000)
    "3.10": "abdul rashid ⟨Dostum⟩ militia officially called 53rd infantry division was effective pro government "
    "dra militia numbering 40,000 men drawn uzbek minority order directly najibullah strategic reserve",
    # a supplied negation that restores the sense, and a supplied surname
    "4.22": "word brigadier general mohammed ⟨Yousaf⟩ officer isi jihad ⟨never⟩ recovered jalalabad",
    # gaps where the numbers of tanks and of artillery pieces were lost
    "3.6": "1989 army pro government militia […] tank 828 armoured personnel carrier […] artillery piece 126 modern "
    "fighter bomber 14 attack helicopter",
    # a supplied first part of a place name, joined to the word it completes
    "8.5": "general abdul rashid ⟨Dostum⟩ afghan national army defected ⟨that same?⟩ day allied hezb wahdat jamiat islami "
    "mujahideen force control ⟨Mazar-i-⟩sharif",
    "8.24": "putschists deputy defense minister mohammad nabi azimi appeared afghanistan national television assure "
    "countryman peace future ⟨no⟩ war anymore",
}


@pytest.mark.parametrize("pid", sorted(READINGS))
def test_reading_text_of_sample_passages(edition, pid):
    assert reading_text(edition, edition.by_id[pid]) == READINGS[pid]


def test_the_reading_view_of_the_site_matches(pages, site):
    payload = json.loads((site / "passages.json").read_text(encoding="utf-8"))
    readings = {r["id"]: r["reading"] for r in payload["passages"]}
    for pid, expected in READINGS.items():
        assert readings[pid] == expected
        page, anchor = next(r["url"] for r in payload["passages"] if r["id"] == pid).split("#")
        shown = pages[page].find(id=anchor).select_one(".reading")
        for note in shown.select(".siglum-note, .siglum-alt, .edition-sr"):
            note.decompose()
        assert shown.get_text() == expected


def test_every_hand_made_entry_is_listed_in_its_chapter_and_on_the_apparatus_page(edition, pages, placed):
    hand = edition.apparatus[edition.apparatus["evidence"] != "rule"]
    assert len(hand) > 50
    everything = pages["chapters/apparatus.html"]
    for entry in hand.to_dict("records"):
        chapter = pages[f"{placed[entry['passage']]}.html"]
        assert chapter.select_one(f"#chapter-apparatus #app-{entry['id']}"), entry["id"]
        assert everything.find(id=f"app-{entry['id']}"), entry["id"]


def test_a_gap_with_a_reading_is_refused(tmp_path):
    data = data_copy(tmp_path)
    gap = lambda rows: next(r for r in rows if r["type"] == "gap")  # noqa: E731
    edit_rows(data / "apparatus.csv", lambda rows: gap(rows).update(reading="1568"))
    assert "a gap has no reading" in load_error(data)


def test_an_unknown_type_is_refused(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", lambda rows: rows[0].update(type="conjecture"))
    message = load_error(data)
    assert "data/apparatus.csv, row 1" in message and "column 'type'" in message


def test_evidence_must_be_a_work_a_witness_or_the_context(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", lambda rows: rows[0].update(evidence="smith1999"))
    assert "evidence 'smith1999' is not a references.bib key" in load_error(data)


def test_citation_cff_is_valid_and_gives_the_version_the_site_shows(site):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text())
    jsonschema.validate(json.loads(json.dumps(citation, default=str)), schema)
    payload = json.loads((site / "passages.json").read_text(encoding="utf-8"))
    assert payload["version"] == str(citation["version"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**json.loads(json.dumps(citation, default=str)), "version": None}, schema)
