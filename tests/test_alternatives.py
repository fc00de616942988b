"""Competing readings, the evidence vocabulary and the corrections table: the loader's rules, each
with the bad input it refuses (file, row, id and problem named), and the data as it stands."""

import csv
import re
from urllib.parse import unquote

import pytest
from helpers import data_copy as full_copy
from helpers import data_rows, edit_rows, load_error, toc_docnames

JALALABAD = "https://encyclopedia.datana.cloud/content/wikipedia_en_all_mini_2024-04/A/Battle_of_Jalalabad_(1989)"
THIS = "http://w.owiki.org/wiki/Afghan_Civil_War_%281989%E2%80%931992%29"


# The bad-input tests work on a copy of the data whose alternatives and corrections tables hold one
# known row each (the editors' own rows change from release to release; the rules do not).
FIXTURE_ALTERNATIVE = (
    "V001,A101,none,word,,medium,context,"
    "No negation: the tokens also read 'defended the north-east of the country against Taliban control'."
)
FIXTURE_CORRECTION = (
    "C001,A046,apparatus,evidence witness; certainty high,evidence parallel; certainty medium,"
    "A copy of a different article is a parallel text.,0.2.0"
)


def data_copy(tmp_path):
    """The data with one known row first in alternatives.csv (the editors' own rows follow: a preferred
    reading of type none needs its alternatives) and one known row alone in corrections.csv."""
    data = full_copy(tmp_path)
    alternatives = (data / "alternatives.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "alternatives.csv").write_text(
        alternatives[0] + FIXTURE_ALTERNATIVE + "\n" + "".join(alternatives[1:]), encoding="utf-8"
    )
    header = (data / "corrections.csv").read_text(encoding="utf-8").splitlines()[0]
    (data / "corrections.csv").write_text(f"{header}\n{FIXTURE_CORRECTION}\n", encoding="utf-8")
    return data


def unmark_never(data):
    """With A101 made a preferred reading of type none, its rendering no longer marks ⟨never?⟩."""

    def change(rows):
        for row in rows:
            if row["passage"] == "9.7":
                assert "⟨never?⟩" in row["rendering"]
                row["rendering"] = row["rendering"].replace("⟨never?⟩", "never")

    edit_rows(data / "renderings.csv", change)


def row_number(path, row_id):
    with open(path, encoding="utf-8", newline="") as handle:
        return next(n for n, row in enumerate(csv.DictReader(handle), start=1) if row["id"] == row_id)


def update(row_id, **cells):
    def change(rows):
        next(r for r in rows if r["id"] == row_id).update(cells)

    return change


def append_row(**cells):
    def change(rows):
        rows.append({key: "" for key in rows[0]} | cells)

    return change


# --- the data as it stands ---------------------------------------------------------------------------


def test_the_9_7_negation_has_a_recorded_alternative(edition):
    readings = edition.alternatives_for("A101")
    assert readings and {r["reading"] for r in readings} == {"against"}
    preferred = edition.apparatus.set_index("id").loc["A101"]
    assert preferred["reading"] == "never" and preferred["certainty"] != "high"


def test_no_copy_of_another_article_is_cited_as_a_witness(edition):
    by_hand = edition.apparatus[edition.apparatus["evidence"] != "rule"]
    assert sorted(by_hand["id"]) == sorted(row["id"] for row in data_rows("apparatus.csv"))
    assert len(edition.alternatives) == len(data_rows("alternatives.csv")) > 0
    assert {e.split(":")[0] for e in edition.apparatus["evidence"]} >= {"witness", "parallel"}  # both rules apply
    for frame in (edition.apparatus, edition.alternatives):
        for record in frame.to_dict("records"):
            if record["evidence"].startswith("witness:"):
                assert "Afghan_Civil_War_(1989–1992)" in unquote(record["evidence"]), record["id"]
            if record["evidence"].startswith("parallel:"):
                assert record["certainty"] != "high", record["id"]


def test_every_correction_resolves(edition):
    """Each row names a row of the data or a page of the table of contents (read here from the CSV files
    and _toc.yml, not from the loader)."""
    known = set(toc_docnames())
    for name in ("passages", "retired_ids", "apparatus", "alternatives", "events", "figures", "entities"):
        known |= {row["id"] for row in data_rows(f"{name}.csv")}
    rows = data_rows("corrections.csv")
    assert len(edition.corrections) == len(rows) >= 8
    assert set(edition.corrections["target"]) >= {"A046", "A070", "A101", "A106"}
    for row in rows:
        assert row["target"] in known, (row["id"], row["target"])


# --- alternatives.csv ----------------------------------------------------------------------------------


def test_an_alternative_of_an_unknown_entry(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "alternatives.csv", update("V001", entry="A999"))
    assert (
        "data/alternatives.csv, row 1 (id V001): entry 'A999' is not an id of data/apparatus.csv: an alternative "
        "is another reading of the span of a hand-made apparatus row"
    ) in load_error(data)


def test_an_alternative_of_a_rule_made_regularisation(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "alternatives.csv", update("V001", entry="R0123"))
    message = load_error(data)
    assert (
        "data/alternatives.csv, row 1 (id V001): entry 'R0123' is a rule-made regularisation, not a hand-made apparatus row"
        in message
    )


def test_an_alternative_that_repeats_the_preferred_reading(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "alternatives.csv", update("V001", type="supplied", subtype="negation", reading="Never"))
    assert (
        "data/alternatives.csv, row 1 (id V001): the alternative is the same reading ('Never') as its preferred "
        "reading A101"
    ) in load_error(data)


def test_two_alternatives_that_repeat_each_other(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(
        data / "alternatives.csv",
        append_row(
            id="V002", entry="A101", type="none", subtype="word", certainty="low", evidence="context", note="Again."
        ),
    )
    row = row_number(data / "alternatives.csv", "V002")
    assert (
        f"data/alternatives.csv, row {row} (id V002): the alternative repeats V001 (nothing supplied) for A101"
        in load_error(data)
    )


@pytest.mark.parametrize("column, value", [("type", "conjecture"), ("subtype", "verb"), ("certainty", "likely")])
def test_an_alternative_with_an_unknown_type_subtype_or_certainty(tmp_path, column, value):
    data = data_copy(tmp_path)
    edit_rows(data / "alternatives.csv", update("V001", **{column: value}))
    message = load_error(data)
    assert f"data/alternatives.csv, row 1 (id V001): column '{column}'" in message and value in message


def test_a_supplied_alternative_needs_its_words_and_a_none_has_none(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "alternatives.csv", update("V001", type="supplied", reading=""))
    assert "data/alternatives.csv, row 1 (id V001): a supplied reading needs its words" in load_error(data)
    edit_rows(data / "alternatives.csv", update("V001", type="none", reading="against"))
    assert "data/alternatives.csv, row 1 (id V001): a none reading has no words" in load_error(data)


def test_two_apparatus_rows_competing_for_one_span(tmp_path):
    data = data_copy(tmp_path)
    row = row_number(data / "apparatus.csv", "A060")
    # A060 stands after token 1291; moving it before that token puts it on A059's span.
    edit_rows(data / "apparatus.csv", update("A060", position="before"))
    assert (
        f"data/apparatus.csv, row {row} (id A060): A060 and A059 compete for the same span (passage 4.24, before "
        "token 1291): only one reading is preferred; keep it here and record the other in data/alternatives.csv "
        "with entry A059"
    ) in load_error(data)


def test_rows_in_sequence_at_one_gap_between_words_do_not_compete(edition):
    """¶ 8.14: ⟨Dostum⟩ after `rashid` and the lost party name before `islami` touch the same gap, in sequence."""
    rows = edition.apparatus.set_index("id")
    assert (rows.loc["A084", "position"], rows.loc["A085", "position"]) == ("after", "before")
    assert rows.loc["A085", "token"] == rows.loc["A084", "token"] + 1


def test_a_none_entry_without_alternatives(tmp_path):
    data = data_copy(tmp_path)
    row = row_number(data / "apparatus.csv", "A058")
    edit_rows(data / "apparatus.csv", update("A058", type="none", reading=""))
    assert (
        f"data/apparatus.csv, row {row} (id A058): type 'none' (nothing supplied) is only the preferred reading of "
        "a span that has alternatives, and data/alternatives.csv has none for A058"
    ) in load_error(data)


def test_a_none_entry_with_alternatives_loads_and_shows_only_the_marker(tmp_path):
    from edition import load_edition
    from edition.model.edited import explain, reading_text, units

    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", update("A101", type="none", reading="", certainty="medium", evidence="context"))
    unmark_never(data)
    edit_rows(
        data / "alternatives.csv",
        update(
            "V001",
            type="supplied",
            subtype="negation",
            reading="never",
            evidence="parallel:https://eswikiai.wiki/wiki/Guerra_civil_afgana_(1989-1992)",
        ),
    )
    edition = load_edition(data)
    passage = edition.by_id["9.7"]
    assert reading_text(edition, passage).endswith("country taliban control")
    marked = [u for u in units(edition, passage) if u.entry and u.entry["id"] == "A101"]
    assert [(u.siglum, u.kind) for u in marked] == [("", "none")] and "“never”" in explain(marked[0], edition.tokens)


# --- the evidence vocabulary ----------------------------------------------------------------------------


def test_a_copy_of_another_article_cited_as_a_witness(tmp_path):
    data = data_copy(tmp_path)
    row = row_number(data / "apparatus.csv", "A046")
    edit_rows(data / "apparatus.csv", update("A046", evidence=f"witness:{JALALABAD}", certainty="medium"))
    assert (
        f"data/apparatus.csv, row {row} (id A046): evidence 'witness:{JALALABAD}' is a copy of another article "
        "(Battle of Jalalabad (1989)), not a witness of this one"
    ) in load_error(data)


def test_a_parallel_alone_cannot_carry_high_certainty(tmp_path):
    data = data_copy(tmp_path)
    row = row_number(data / "apparatus.csv", "A046")
    edit_rows(data / "apparatus.csv", update("A046", certainty="high"))
    assert (
        f"data/apparatus.csv, row {row} (id A046): a parallel text (a copy of another article) alone cannot carry "
        "'high' certainty"
    ) in load_error(data)


def test_a_copy_of_this_article_cited_as_a_parallel(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", update("A001", evidence=f"parallel:{THIS}", certainty="medium"))
    assert (
        f"data/apparatus.csv, row 1 (id A001): evidence 'parallel:{THIS}' is a copy of this article: cite it as 'witness:'"
        in load_error(data)
    )


@pytest.mark.parametrize(
    "evidence",
    ["witness:", "witness:ftp://example.org/x", "copy:https://example.org/Afghan_Civil_War_(1989–1992)", "Context"],
)
def test_evidence_outside_the_vocabulary(tmp_path, evidence):
    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", update("A001", evidence=evidence))
    message = load_error(data)
    assert "data/apparatus.csv, row 1 (id A001)" in message and "column 'evidence'" in message


def test_the_loader_itself_refuses_evidence_outside_the_vocabulary():
    """Beyond the schema's pattern: a bibliography-shaped key that is not in references.bib."""
    from edition.checks.evidence import evidence_problem

    assert evidence_problem("smith1999", "high", {"coll2004"}) == (
        "evidence 'smith1999' is not a references.bib key, 'rule', 'context', 'witness:URL', 'revision:URL' or "
        "'parallel:URL'"
    )
    assert evidence_problem("coll2004", "high", {"coll2004"}) is None
    assert evidence_problem(f"witness:{THIS}", "high", set()) is None
    assert evidence_problem(f"parallel:{JALALABAD}", "medium", set()) is None


def test_an_alternative_with_a_parallel_at_high_certainty(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "alternatives.csv", update("V001", evidence=f"parallel:{JALALABAD}", certainty="high"))
    assert (
        "data/alternatives.csv, row 1 (id V001): a parallel text (a copy of another article) alone cannot carry 'high'"
        in load_error(data)
    )


# --- corrections.csv ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["9.7", "A101", "V001", "E054", "F033", "massoud", "chapters/introduction", "chapters/figures/strength"]
)
def test_a_correction_may_name_a_passage_a_row_or_a_page(tmp_path, target):
    from edition import load_edition

    data = data_copy(tmp_path)
    edit_rows(data / "corrections.csv", update("C001", target=target))
    assert target in set(load_edition(data).corrections["target"])


@pytest.mark.parametrize("target", ["99.1", "A999", "chapters/nowhere", "chapters/../README", "introduction"])
def test_a_correction_whose_target_does_not_resolve(tmp_path, target):
    data = data_copy(tmp_path)
    edit_rows(data / "corrections.csv", update("C001", target=target))
    assert (
        f"data/corrections.csv, row 1 (id C001): target {target!r} is neither a passage id, an id of apparatus, "
        "alternatives, events, figures or entities, nor a page under chapters/"
    ) in load_error(data)


def test_a_correction_with_an_unknown_field(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "corrections.csv", update("C001", field="date"))
    message = load_error(data)
    assert "data/corrections.csv, row 1 (id C001): column 'field'" in message and "date" in message


def test_a_correction_without_its_reason(tmp_path):
    data = data_copy(tmp_path)
    edit_rows(data / "corrections.csv", update("C001", why=""))
    message = load_error(data)
    assert "data/corrections.csv, row 1 (id C001): column 'why'" in message


# --- the built site --------------------------------------------------------------------------------------


def test_the_reading_view_marks_a_place_with_competing_readings(edition, pages, placed):
    entries = set(edition.alternatives["entry"])
    assert entries and entries == {row["entry"] for row in data_rows("alternatives.csv")}
    for entry_id in entries:
        entry = edition.apparatus.set_index("id").loc[entry_id]
        page = pages[f"{placed[entry['passage']]}.html"]
        siglum = page.find(id=f"p-{entry['passage']}").select_one(f'.reading [aria-describedby^="note-{entry_id}-"]')
        assert siglum is not None and "has-alternatives" in siglum["class"], entry_id
        assert siglum.select_one("sup.siglum-alt").get_text() == "‡"
        note = page.find(id=siglum["aria-describedby"]).get_text()
        assert note.startswith(f"{1 + len(edition.alternatives_for(entry_id))} readings of this place")
        # every reading, the preferred first; the alternatives by their place, never by their row id
        assert note.index("Preferred:") < note.index("Alternative")
        labels = [line for line in note.splitlines() if re.match(r"Alternative( [0-9]+)?: ", line)]
        assert len(labels) == len(edition.alternatives_for(entry_id))
        assert not any(a["id"] in note for a in edition.alternatives_for(entry_id))
    # a siglum without alternatives has no marker
    plain = pages["chapters/04-jalalabad.html"].find(id="p-4.22").select(".siglum")
    assert plain and not any(s.select_one(".siglum-alt") for s in plain)


def test_the_apparatus_pages_list_every_reading_preferred_first(edition, pages, placed):
    alternatives = edition.alternatives.to_dict("records")
    assert len(alternatives) == len(data_rows("alternatives.csv")) > 0
    for alternative in alternatives:
        entry = edition.apparatus.set_index("id").loc[alternative["entry"]]
        for name in ("chapters/apparatus.html", f"{placed[entry['passage']]}.html"):
            item = pages[name].find(id=f"app-{alternative['entry']}")
            labels = [label.get_text() for label in item.select(".apparatus-readings .reading-label")]
            assert labels[0] == "Preferred reading", name
            assert "Alternative reading" in labels[1:], name
            assert item.find(id=f"app-{alternative['id']}") is not None, name


def test_passages_json_keeps_the_preferred_reading_and_lists_the_alternatives(site):
    import json

    records = {r["id"]: r for r in json.loads((site / "passages.json").read_text(encoding="utf-8"))["passages"]}
    assert "‡" not in "".join(r["reading"] for r in records.values())
    assert records["9.7"]["reading"].endswith("country ⟨never?⟩ taliban control")  # competing readings: "?"
    (place,) = records["9.7"]["alternatives"]
    assert place["entry"] == "A101" and [r["preferred"] for r in place["readings"]] == [True, False]
    assert place["readings"][1]["id"] == "V305" and place["readings"][1]["reading"] == "against"
    assert records["4.22"]["alternatives"] == []


def test_the_corrections_page_lists_every_row_under_its_passage(edition, pages):
    """Every row once, under its release (0.3.0, then 0.2.0) and its passage, in the order of the text."""
    page = pages["chapters/corrections.html"]
    items = page.select(".corrections-list > li")
    assert len(items) == len(edition.corrections) > 200
    releases = {
        "0.3.0": page.select_one("section#corrections-in-0-3-0"),
        "0.2.0": page.select_one("section#corrections-in-0-2-0"),
    }
    assert all(releases.values())
    for release, section in releases.items():
        assert len(section.select(".corrections-list > li")) == (edition.corrections["release"] == release).sum()
    # A046 belongs to passage 4.2: in 0.2.0 its entry follows the heading of ¶ 4.2 and links to the apparatus entry
    older = releases["0.2.0"]
    heading = next(h for h in older.select(".corrections-passage") if h.get_text() == "¶ 4.2")
    assert heading.find("a")["href"] == "04-jalalabad.html#p-4.2"
    first = heading.find_next("li")
    (a046,) = edition.corrections[edition.corrections["target"] == "A046"]["id"]
    assert first["id"] == f"correction-{a046}"
    assert first.select_one('a[href="apparatus.html#app-A046"]')
    texts = [part.get_text() for part in first.select(".correction-part")]
    assert texts[0].startswith("0.1.0 said: ") and texts[1].startswith("0.2.0 says: ") and texts[2].startswith("Why: ")
    newer = releases["0.3.0"].select_one(".correction-part").get_text()
    assert newer.startswith("0.2.0 said: ")
    # passages in the order of the text, within each release
    order = {p.id: p.order for p in edition.passages}
    for section in releases.values():
        shown = [h.get_text()[2:] for h in section.select(".corrections-passage") if h.get_text().startswith("¶ ")]
        assert shown and shown == sorted(shown, key=order.get)
    assert pages["chapters/how-to-cite.html"].select_one('a[href="corrections.html"]')


@pytest.mark.slow  # a Sphinx build of a small project, in a process of its own
def test_a_corrections_page_links_rows_passages_index_entries_and_pages(tmp_path):
    """Every kind of target resolves to a link in a strict Sphinx build of a small project."""
    import shutil
    import subprocess
    import sys
    import textwrap

    from helpers import ROOT

    data = data_copy(tmp_path)
    edit_rows(
        data / "corrections.csv",
        lambda rows: rows.extend(
            {**rows[0], "id": f"C9{k:02d}", "target": target}
            for k, target in enumerate(["6.11", "E054", "F033", "massoud", "chapters/apparatus"])
        ),
    )
    source = tmp_path / "src"
    (source / "chapters").mkdir(parents=True)
    for name in ("apparatus", "corrections", "index-persons"):
        shutil.copy(ROOT / "chapters" / f"{name}.md", source / "chapters")
    (source / "conf.py").write_text(
        textwrap.dedent(f"""
        extensions = ["myst_parser", "edition"]
        edition_data = {str(data)!r}
        myst_enable_extensions = ["substitution"]
    """)
    )
    (source / "index.md").write_text(
        "# Test\n\n```{toctree}\nchapters/apparatus\nchapters/corrections\nchapters/index-persons\n```\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    html = (tmp_path / "out" / "chapters" / "corrections.html").read_text(encoding="utf-8")
    assert 'href="apparatus.html#app-A046"' in html and 'href="index-persons.html#e-massoud"' in html
    assert 'href="apparatus.html"' in html
    # (passages, events and figures are not placed in this small project: their links are reported, not lost)
    assert "correction-C904" in html and "link to unknown" not in result.stderr


@pytest.mark.slow  # a Sphinx build of a small project, in a process of its own
def test_a_none_preferred_reading_shows_only_the_marker_in_the_page(tmp_path):
    import subprocess
    import sys

    from helpers import ROOT

    data = data_copy(tmp_path)
    edit_rows(data / "apparatus.csv", update("A101", type="none", reading="", evidence="context"))
    unmark_never(data)
    edit_rows(data / "alternatives.csv", update("V001", type="supplied", subtype="negation", reading="never"))
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(f"extensions = ['myst_parser', 'edition']\nedition_data = {str(data)!r}\n")
    (source / "index.md").write_text("# Test\n\n```{passage} 9.7\n```\n")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    from bs4 import BeautifulSoup

    page = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "html.parser")
    reading = page.find(id="p-9.7").select_one(".reading")
    marked = reading.select_one(".siglum.none.has-alternatives")
    assert marked.select_one(".siglum-alt").get_text() == "‡"
    note = marked.select_one(".siglum-note").extract().get_text()
    spoken = marked.select_one(".edition-sr").extract().get_text()
    assert (
        marked.get_text() == "‡"
        and "Preferred: Nothing supplied here" in note
        and "“never”" in note
        and "Alternative 1:" in note
    )
    assert spoken == "another reading recorded here"
    assert "negation" not in marked["class"]
    # the marker sticks to the word it stands before: "‡taliban control"
    assert reading.get_text().endswith("country ‡taliban control")
