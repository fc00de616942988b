"""Tests written for issue 26 after the second sampled mutation run (seed 2727): bad rows of the tables
that the load must refuse, each with every line of its message written out, as the editor reads them
(file, row, id, problem). Each edits one table of a copy of data/ and loads it afresh."""

import pytest
from helpers import data_copy, edit_rows, load_error

HEAD = "the edition's data is not valid:"


def row_with(rows, key, value):
    (found,) = [r for r in rows if r[key] == value]
    return found


def insert_after_first_two(rows):
    rows.insert(2, dict(rows[1], version=rows[1]["version"] + "0"))  # 0.2.00: another spelling of 0.2.0


def two_regularisations_of_token_21(rows):
    """ "wa" (token 21, ¶ 1.1) read two ways by hand: the second row (A900) meets the first (A901)."""
    for entry, reading in (("A900", "is"), ("A901", "was")):
        rows.insert(
            1,
            dict(
                rows[0],
                id=entry,
                passage="1.1",
                token="21",
                position="replace",
                type="regularisation",
                subtype="word",
                reading=reading,
                evidence="context",
            ),
        )


CASES = {
    "a place with a latitude and no longitude": (
        "entities.csv",
        lambda rows: row_with(rows, "id", "jalalabad").update(lon=""),
        [
            "data/entities.csv, row 87 (id jalalabad): a place needs both lat and lon, or neither",
            "data/gazetteer.csv, row 13 (id jalalabad): not a place of entities.csv with coordinates",
        ],
    ),
    "a spelling claimed by two entries of the index": (
        "entities.csv",
        lambda rows: row_with(rows, "id", "pakistan").update(variants="pakistan|pakistan's|kabul"),
        ["data/entities.csv, row 85 (id kabul): variant 'kabul' also belongs to pakistan"],
    ),
    "a person without the name the index sorts by": (
        "entities.csv",
        lambda rows: row_with(rows, "id", "massoud").update(sort_as=""),
        [
            "data/entities.csv, row 1 (id massoud): a person needs sort_as, the name as the index sorts it "
            "(surname first)"
        ],
    ),
    "a reading that supplies nothing, with a reading": (
        "apparatus.csv",
        lambda rows: row_with(rows, "id", "A432").update(reading="not"),
        ["data/apparatus.csv, row 76 (id A432): type 'none' supplies nothing: leave 'reading' empty"],
    ),
    "a supplied word that replaces its token": (
        "apparatus.csv",
        lambda rows: row_with(rows, "id", "A001").update(position="replace"),
        ["data/apparatus.csv, row 1 (id A001): regularisations, and only they, replace their token"],
    ),
    "two hand-made regularisations of one token": (
        "apparatus.csv",
        two_regularisations_of_token_21,
        ["data/apparatus.csv, row 3 (id A900): token 21 is already replaced by A901"],
    ),
    "a numeral that is not the token it names": (
        "numerals.csv",
        lambda rows: rows[0].update(as_written="16"),
        ["data/numerals.csv, row 1: token 7 is '15', not '16'"],
    ),
    "a numeral at a token without a digit": (
        "numerals.csv",
        lambda rows: rows[0].update(token="8", as_written="february"),
        [
            "data/numerals.csv, row 1: token 8 ('february') contains no digit",
            "data/numerals.csv: the digit-bearing token 7 ('15') is missing",
        ],
    ),
    "a figure stated in digits that has none": (
        "figures.csv",
        lambda rows: row_with(rows, "id", "F002").update(status="stated"),
        [
            "data/figures.csv, row 2 (id F002): status 'stated' but 'hundred' has no digits",
            "data/figures.csv, row 2 (id F002): low 100 is not a number written in 'hundred' (it says none)",
            "data/figures.csv, row 2 (id F002): status 'stated', but the rule of the introduction gives "
            "'stated_in_words' (the value is written in words)",
        ],
    ),
    "a figure stated in words that has no number word": (
        "figures.csv",
        lambda rows: row_with(rows, "id", "F009").update(status="stated_in_words"),
        [
            "data/figures.csv, row 9 (id F009): status 'stated_in_words' but 'group' has no number word",
            "data/figures.csv, row 9 (id F009): status 'stated_in_words', but the rule of the introduction "
            "gives 'lost' (A011 supplies the number at medium certainty with a competing reading)",
        ],
    ),
    "a figure in digits called lost": (
        "figures.csv",
        lambda rows: row_with(rows, "id", "F003").update(status="lost"),
        [
            "data/figures.csv, row 3 (id F003): a lost number has no value: leave low, best and high empty",
            "data/figures.csv, row 3 (id F003): status 'lost', but the rule of the introduction gives 'stated' "
            "(the value is written in digits)",
        ],
    ),
    "a best value below the low one": (
        "figures.csv",
        lambda rows: row_with(rows, "id", "F002").update(low="100", best="50", high=""),
        ["data/figures.csv, row 2 (id F002): best lies outside low..high"],
    ),
    "an event whose span runs backwards": (
        "events.csv",
        lambda rows: rows[0].update(first_token="10"),
        [
            "data/events.csv, row 1 (id E001): span 10..9 runs backwards",
            "data/numerals.csv, row 1: token 7 lies outside the span 10..9 of E001",
            "data/numerals.csv, row 2: token 9 lies outside the span 10..9 of E001",
        ],
    ),
    "a release that is another spelling of the one before": (
        "releases.csv",
        insert_after_first_two,
        [
            "data/releases.csv, row 3 (id 0.2.00): release 0.2.00 (2026-12-01) does not follow 0.2.0 "
            "(2026-12-01): list the releases oldest first"
        ],
    ),
    "an alternative of an apparatus row that does not exist": (
        "alternatives.csv",
        lambda rows: rows[0].update(entry="A999"),
        [
            'data/alternatives.csv, row 1 (id V101): for "entry": values "A999" not found in the lookup table '
            '"apparatus" as "id"',
            "data/alternatives.csv, row 1 (id V101): entry 'A999' is not an id of data/apparatus.csv: an "
            "alternative is another reading of the span of a hand-made apparatus row",
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_row_is_refused_with_every_line_of_its_message(tmp_path, case):
    table, change, lines = CASES[case]
    data = data_copy(tmp_path)
    edit_rows(data / table, change)
    assert load_error(data).split("\n  ") == [HEAD, *lines]


# --- the files themselves ----------------------------------------------------------------------------


def empty_descriptor(data):
    (data / "datapackage.json").write_text("", encoding="utf-8")


def descriptor_edit(change):
    def edit(data):
        import json

        package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        change(package)
        (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

    return edit


def sections_with_an_extra_column(data):
    lines = (data / "sections.csv").read_text(encoding="utf-8").splitlines()
    (data / "sections.csv").write_text(
        "\n".join([lines[0] + ",extra", *(line + "," for line in lines[1:])]) + "\n", encoding="utf-8"
    )


def unnamed_first_field(package):
    (resource,) = [r for r in package["resources"] if r["path"] == "sections.csv"]
    resource["schema"]["fields"][0] = {"type": "string"}


FILES = {
    "an empty descriptor": (empty_descriptor, "data/datapackage.json: the file is empty"),
    "a descriptor without resources": (
        descriptor_edit(lambda package: package.pop("resources")),
        "data/datapackage.json: has no list of resources",
    ),
    "a resource with a field without a name": (
        descriptor_edit(unnamed_first_field),
        "data/datapackage.json: the resource sections.csv has no schema with named fields",
    ),
    "a table no resource describes": (
        descriptor_edit(
            lambda package: package.update(resources=[r for r in package["resources"] if r["path"] != "sections.csv"])
        ),
        "data/datapackage.json: no resource describes sections.csv",
    ),
    "a column the descriptor does not describe": (
        sections_with_an_extra_column,
        "data/sections.csv, line 1: the header has the column 'extra', which datapackage.json does not describe",
    ),
}


@pytest.mark.parametrize("case", list(FILES))
def test_a_bad_file_is_refused_in_one_line(tmp_path, case):
    change, line = FILES[case]
    data = data_copy(tmp_path)
    change(data)
    assert load_error(data).split("\n  ") == [HEAD, line]


# --- what the model makes by rule ----------------------------------------------------------------------


def test_a_number_split_at_its_thousands_separator_is_rejoined_by_a_generated_regularisation(edition):
    """The source has "75 000" at tokens 178–179 (¶ 2.4); the model adds a regularisation by rule."""
    assert edition.tokens[178:180] == ["75", "000"]
    (row,) = [r for r in edition.apparatus.to_dict("records") if r["id"] == "R0178"]
    assert row == {
        "id": "R0178",
        "passage": "2.4",
        "token": 178,
        "last_token": 179,
        "position": "replace",
        "type": "regularisation",
        "subtype": "number",
        "reading": "75,000",
        "certainty": "high",
        "evidence": "rule",
        "note": "A number split at its thousands separator, rejoined.",
    }


def test_the_work_and_a_passage_have_their_cts_urns():
    from edition.model.citation import cts_urn

    work = "urn:cts:digitaleditions:wikipedia.afghanCivilWar19891992.dse"  # as the citations print it
    assert cts_urn() == cts_urn(None) == work
    assert cts_urn("4.22") == f"{work}:4.22"


def test_a_bad_event_date_is_reported_and_the_events_after_it_are_still_checked():
    import pandas as pd

    from edition.checks.layers import check_event_dates

    events = pd.DataFrame(
        [("E1", "spring 1989", "Something."), ("E2", "1989-03", "Fighting began on 5 April 1989.")],
        columns=["id", "date", "event"],
    )
    first, second = check_event_dates(events)
    assert first.startswith("data/events.csv, row 1 (id E1): date: ")
    assert second == (
        "data/events.csv, row 2 (id E2): the event's text names 5 April 1989, outside its date 1989-03 "
        "(1989-03-01 to 1989-03-31)"
    )


def test_an_explanation_cites_the_work_a_reading_rests_on(edition):
    """A009 (¶ 2.10) rests on Cordovez and Harrison, and has no competing reading."""
    from edition.model.edited import explain, units

    (unit,) = [
        u for u in units(edition, {p.id: p for p in edition.passages}["2.10"]) if u.entry and u.entry["id"] == "A009"
    ]
    assert not unit.competing
    assert "Evidence: <cordovez1995>." in explain(unit, edition.tokens, cite=lambda key: f"<{key}>", words=str)


def test_a_title_holding_the_passage_number_twice_is_rendered_whole_in_every_style():
    """The styles render a chapter's item once with a stand-in for the passage number; a title that
    holds the number twice cannot come back with one stand-in, so its item is rendered as it is."""
    from edition.model.citation import STYLES, styled_forms

    item = {"id": "x", "type": "webpage", "title": "Notes on 4.2, again 4.2", "URL": "https://example.org/a"}
    forms = styled_forms(item, "4.2")
    assert sorted(forms) == sorted(STYLES) and len(forms) == 4
    for name, form in forms.items():
        assert "notes on 4.2, again 4.2" in form["text"].lower() and "https://example.org/a" in form["text"], name


def test_a_word_cut_by_the_lemmatiser_is_regularised_by_rule(edition):
    """ "wa" at token 21 (¶ 1.1) is read "was": a row the model makes from the rules, never hand-written."""
    assert edition.tokens[21] == "wa"
    (row,) = [r for r in edition.apparatus.to_dict("records") if r["id"] == "R0021"]
    assert row == {
        "id": "R0021",
        "passage": "1.1",
        "token": 21,
        "last_token": 21,
        "position": "replace",
        "type": "regularisation",
        "subtype": "lemma",
        "reading": "was",
        "certainty": "high",
        "evidence": "rule",
        "note": 'The lemmatiser cut the final s of "was" as if it were a plural.',
    }


def test_a_figure_with_no_number_written_or_supplied_is_lost_and_says_why():
    import pandas as pd

    from edition.checks.layers import figure_status

    nothing = pd.DataFrame(columns=["id", "token", "type", "subtype", "certainty"])
    assert figure_status({"first_token": "3", "last_token": "4", "value_as_written": "group"}, nothing, set()) == (
        "lost",
        "no number is written or supplied",
    )


def test_the_readings_check_names_an_alternative_of_an_unknown_row_by_its_entry():
    """Called on its own (the load meets the schema's foreign key first): the entry is named."""
    import pandas as pd

    from edition.checks.readings import check_alternatives

    alternatives = pd.DataFrame(
        [("V1", "A999", "none", "", "", "medium", "context", "")],
        columns=["id", "entry", "type", "subtype", "reading", "certainty", "evidence", "note"],
    )
    apparatus = pd.DataFrame(columns=["id", "passage", "token", "position", "type", "reading"])
    assert check_alternatives(alternatives, apparatus, set()) == [
        "data/alternatives.csv, row 1 (id V1): entry 'A999' is not an id of data/apparatus.csv: an alternative "
        "is another reading of the span of a hand-made apparatus row"
    ]
