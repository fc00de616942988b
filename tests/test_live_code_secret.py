"""No secret in the site: a token configured for the live-code server (``edition_live_code: {server:
URL, token: …}``) is ignored with a warning, so a strict build stops on it, and it is written into no
file of the site, of the single-page build the PDF is printed from, of the PDF, or of the archive
bundle. The page asks the reader for the token instead (tests/test_live_code.py).

A small Sphinx project with the edition's extension and one notebook page (its code cell gets the
Live code button and livecode.js), built in ``tmp_path``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile

import pytest
from helpers import ROOT, seed_vendor_cache

from edition.web.livecode import TOKEN_IGNORED, live_code_options

SLOW = pytest.mark.slow  # two Sphinx builds of a small project (the fixture), and a PDF printed by Chromium
TOKEN = "edition-secret-token-5f0c2a9e"
SERVER = "https://jupyter.example.org/class-2026"
NOTEBOOK = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    # A chart page

    ```{code-cell} ipython3
    print("a cell the reader can run live")
    ```
    """)


def sphinx_build(source, out, builder, *flags):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *flags, str(source), str(out)],
        capture_output=True,
        text=True,
        cwd=source,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    work = tmp_path_factory.mktemp("secret")
    source = work / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        textwrap.dedent(f"""
        extensions = ["myst_nb", "edition"]
        edition_data = {str(ROOT / "data")!r}
        nb_execution_mode = "off"
        exclude_patterns = ["_build"]
        edition_live_code = {{"server": {SERVER!r}, "token": {TOKEN!r}}}
    """),
        encoding="utf-8",
    )
    (source / "index.md").write_text("# Test\n\n```{toctree}\nchart\n```\n", encoding="utf-8")
    (source / "chart.md").write_text(NOTEBOOK, encoding="utf-8")
    seed_vendor_cache(work / "build")  # the Thebe tarball, beside the outputs (the extension's cache)
    strict = sphinx_build(source, work / "build" / "html", "html", "-n", "-W", "--keep-going")
    single = sphinx_build(source, work / "build" / "singlehtml", "singlehtml")
    return dict(
        work=work, strict=strict, single=single, html=work / "build" / "html", singlehtml=work / "build" / "singlehtml"
    )


def files_with_token(folder):
    files = [path for path in sorted(folder.rglob("*")) if path.is_file()]
    assert len(files) > 20, f"{folder} holds only {len(files)} files"
    return [path.relative_to(folder).as_posix() for path in files if TOKEN.encode() in path.read_bytes()]


@SLOW
def test_a_configured_token_is_ignored_with_a_warning_that_stops_a_strict_build(project):
    strict, single = project["strict"], project["single"]
    # (the small project places no passage: those warnings are expected, and the token's is the one other)
    warnings = [
        line
        for line in (strict.stdout + strict.stderr).splitlines()
        if "WARNING" in line and "is never placed: no chapter has a passage directive for it" not in line
    ]
    assert strict.returncode != 0 and len(warnings) == 1 and TOKEN_IGNORED in warnings[0], strict.stderr[-2000:]
    assert single.returncode == 0 and TOKEN_IGNORED in single.stderr, single.stderr[-2000:]
    assert TOKEN not in strict.stdout + strict.stderr + single.stdout + single.stderr


@SLOW
def test_the_page_is_told_to_ask_for_the_token(project):
    settings = json.loads((project["html"] / "_static" / "live-code.json").read_text(encoding="utf-8"))
    assert settings["server"] == {
        "baseUrl": SERVER + "/",
        "wsUrl": "wss://jupyter.example.org/class-2026/",
        "askToken": True,
    }
    page = (project["html"] / "chart.html").read_text(encoding="utf-8")
    assert 'class="live-code"' in page and "livecode.js" in page


@SLOW
def test_no_file_of_the_site_or_the_single_page_build_holds_the_token(project):
    assert files_with_token(project["html"]) == []
    assert files_with_token(project["singlehtml"]) == []


@SLOW
def test_neither_the_archive_bundle_nor_the_pdf_holds_the_token(project):
    from edition.outputs.publish import make_dist, make_pdf

    bundle = make_dist(project["html"], project["work"] / "bundle.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert any(name.endswith("site/_static/live-code.json") for name in names)
        assert [name for name in names if TOKEN.encode() in archive.read(name)] == []
    pdf = make_pdf(project["singlehtml"], project["work"] / "pdf" / "edition.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "A chart page" in text  # the page was printed
    assert TOKEN not in text and TOKEN.encode() not in pdf.read_bytes()


def test_the_options_never_carry_a_token():
    with_token = live_code_options({}, {"server": "http://127.0.0.1:8888", "token": TOKEN})
    assert TOKEN not in json.dumps(with_token) and with_token["server"]["askToken"] is True
    assert live_code_options({}, {"server": "http://127.0.0.1:8888", "ask_token": False})["server"]["askToken"] is False
