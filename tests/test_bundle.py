"""The archive bundle, made from a small stand-in site (fast tier; the bundle of the real site is
unzipped, served and read in a browser by tests/test_publishing.py). What a reader of the zip relies
on: everything under one folder named after the edition, the site whole, the scholars' formats also at
the top, every table of the data package, the chart notebooks, an offline README with the version,
and entries that carry no build time, so that two bundles of the same site are the same bytes."""

import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from edition.outputs.publish import make_dist

TOP = "afghan-civil-war-edition"


@pytest.fixture(scope="module")
def stand_in_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    for name, text in {
        "index.html": "<p>home</p>",
        "chapters/04-jalalabad.html": "<p>4</p>",
        "edition.tei.xml": "<TEI/>",
        "exports/reading.txt": "¶ 1.1 …",
        "api/dts.json": "{}",
        "chapters/figures/.ipynb_checkpoints/equipment-checkpoint.md": "a notebook's autosave",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def bundle(stand_in_site, tmp_path_factory) -> Path:
    return make_dist(stand_in_site, tmp_path_factory.mktemp("dist") / "bundle.zip")


def test_the_bundle_holds_the_site_the_formats_the_data_and_the_notebooks_under_one_folder(bundle):
    data = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file())
    notebooks = sorted(f"notebooks/{p.name}" for p in (ROOT / "chapters" / "figures").glob("*.md"))
    assert "data/source/afghan-civil-war-1989-1992.txt" in data and "notebooks/equipment.md" in notebooks
    expected = {
        "README.txt",
        "CITATION.cff",
        "site/index.html",
        "site/chapters/04-jalalabad.html",
        "site/edition.tei.xml",
        "site/exports/reading.txt",
        "site/api/dts.json",
        "edition.tei.xml",
        "exports/reading.txt",
        *data,
        *notebooks,
    }
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
    assert sorted(names) == sorted(f"{TOP}/{name}" for name in expected)  # no autosave, nothing twice
    assert names[:2] == [f"{TOP}/README.txt", f"{TOP}/CITATION.cff"]


def test_every_entry_is_the_file_it_names_byte_for_byte(bundle, stand_in_site):
    with zipfile.ZipFile(bundle) as archive:
        assert archive.read(f"{TOP}/CITATION.cff") == (ROOT / "CITATION.cff").read_bytes()
        assert archive.read(f"{TOP}/data/passages.csv") == (ROOT / "data" / "passages.csv").read_bytes()
        assert archive.read(f"{TOP}/edition.tei.xml") == b"<TEI/>"
        assert archive.read(f"{TOP}/site/chapters/04-jalalabad.html") == b"<p>4</p>"
        assert archive.read(f"{TOP}/exports/reading.txt") == "¶ 1.1 …".encode()


def test_the_offline_readme_names_the_version_of_citation_cff(bundle):
    version = str(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"])
    with zipfile.ZipFile(bundle) as archive:
        readme = archive.read(f"{TOP}/README.txt").decode("utf-8")
    assert readme.splitlines()[0] == f"Afghan Civil War 1989–1992: A Digital Edition — version {version}"
    assert "python3 -m http.server -d site" in readme


def test_every_entry_is_compressed_readable_by_all_and_dated_1_november_2020(bundle):
    with zipfile.ZipFile(bundle) as archive:
        entries = archive.infolist()
    assert len(entries) > 30
    for entry in entries:
        assert entry.date_time == (2020, 11, 1, 0, 0, 0), entry.filename
        assert entry.compress_type == zipfile.ZIP_DEFLATED, entry.filename
        assert entry.external_attr >> 16 == 0o644, entry.filename


def test_two_bundles_of_the_same_site_are_the_same_bytes_each_where_it_was_asked_for(bundle, stand_in_site, tmp_path):
    again = make_dist(stand_in_site, tmp_path / "again.zip")
    assert again == tmp_path / "again.zip"
    assert again.read_bytes() == bundle.read_bytes()


def test_a_site_without_the_tei_gives_a_bundle_without_the_formats_at_the_top(tmp_path):
    site = tmp_path / "site"
    (site / "exports").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "exports" / "reading.txt").write_text("¶", encoding="utf-8")
    with zipfile.ZipFile(make_dist(site, tmp_path / "new" / "bundle.zip")) as archive:
        names = set(archive.namelist())
    assert f"{TOP}/site/exports/reading.txt" in names
    assert f"{TOP}/exports/reading.txt" not in names and f"{TOP}/edition.tei.xml" not in names
