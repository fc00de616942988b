"""One build state: an incremental build after a writer edits a chapter, a data table and a chart
notebook, and then puts them back, gives the same site as the clean build of the same files."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.build]
KEPT = ("_build", ".venv", ".git", "tests", "benchmarks", ".pytest_cache", ".hypothesis", "node_modules")


def build(book: Path) -> None:
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(book),
        "--builder",
        "html",
        "-n",
        "-W",
        "--keep-going",
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=book)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def snapshot(site: Path) -> dict[str, bytes]:
    """What readers and tools get: every page, the exports, the API and passages.json."""
    files = [
        *site.rglob("*.html"),
        site / "edition.tei.xml",
        site / "passages.json",
        *site.glob("exports/*"),
        *site.rglob("api/**/*.json"),
    ]
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in files
        if path.is_file() and "_sources" not in path.parts
    }


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_an_incremental_build_after_edits_put_back_equals_the_clean_build(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(*KEPT))
    site = book / "_build" / "html"
    build(book)
    clean = snapshot(site)
    assert len(clean) > 40 and "chapters/04-jalalabad.html" in clean and "edition.tei.xml" in clean

    chapter, table, notebook = (
        book / "chapters/04-jalalabad.md",
        book / "data/renderings.csv",
        book / "chapters/figures/aid.md",
    )
    originals = {
        chapter: edit(chapter, "is the chief town of eastern Afghanistan", "is the main town of eastern Afghanistan"),
        table: edit(table, "This article covers Afghan history", "This article treats Afghan history"),
        notebook: edit(notebook, "\n```{code-cell}", "\nAn added sentence.\n\n```{code-cell}"),
    }
    build(book)
    edited = snapshot(site)
    assert b"the main town of eastern Afghanistan" in edited["chapters/04-jalalabad.html"]
    assert b"This article treats Afghan history" in edited["chapters/01-lead.html"]
    assert b"An added sentence." in edited["chapters/figures/aid.html"]

    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    build(book)
    again = snapshot(site)
    differing = sorted(name for name in clean.keys() | again.keys() if clean.get(name) != again.get(name))
    assert differing == []
