"""Publishing: the site under a sub-path with no broken link, search, the PDF, the archive bundle,
reproducible builds, and the deployment files."""

import datetime
import re
import subprocess
import sys
import urllib.request
import zipfile
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT, STRICT, point_at_a_chart, serve
from helpers import book_copy as copy_of_the_book

SUB_PATH = urlparse(yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]).path.strip("/")


@pytest.fixture(scope="module")
def sub_path_server(site, tmp_path_factory):
    """The built site served under the published sub-path, from a folder of its own."""
    root = tmp_path_factory.mktemp("host")
    (root / SUB_PATH).symlink_to(site, target_is_directory=True)
    httpd = serve(root)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{SUB_PATH}/"
    httpd.shutdown()


def status(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_crawl_under_a_sub_path_finds_no_broken_link_anchor_or_asset(site, sub_path_server):
    start = sub_path_server
    pages, queue, broken, checked = {}, [start + "index.html"], [], set()
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        code, body = status(url)
        if code != 200:
            broken.append(("page", url, code))
            continue
        pages[url] = BeautifulSoup(body, "html.parser")
        for tag in pages[url].find_all(["a", "link", "script", "img"]):
            target = tag.get("href") or tag.get("src")
            if not target or target.startswith(("mailto:", "data:", "javascript:")) or urlparse(target).netloc:
                continue
            absolute, _ = urldefrag(urljoin(url, target))
            if absolute.endswith(".html") and absolute.startswith(start):
                queue.append(absolute)
            elif absolute not in checked:
                checked.add(absolute)
                if status(absolute)[0] != 200:
                    broken.append(("asset", url, target))
    for url, soup in pages.items():
        for a in soup.find_all("a", href=True):
            absolute, fragment = urldefrag(urljoin(url, a["href"]))
            if fragment and absolute in pages and not pages[absolute].find(id=fragment):
                broken.append(("anchor", url, a["href"]))
    print(f"crawled {len(pages)} pages and {len(checked)} other files under /{SUB_PATH}/")
    assert len(pages) >= 30
    assert broken == []


def test_every_page_loads_under_the_sub_path_without_errors_or_other_hosts(browser, sub_path_server, site):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on("console", lambda m: problems.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "request",
        lambda r: problems.append(f"other host: {r.url}")
        if "127.0.0.1" not in r.url and not r.url.startswith(("data:", "blob:"))
        else None,
    )
    names = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )
    for name in names:
        page.goto(sub_path_server + name)
        page.wait_for_load_state("load")
    context.close()
    assert problems == []


@pytest.mark.parametrize(
    "query, chapter", [("hekmatyar", "04-jalalabad"), ("dostum", "03-participants"), ("mazar", "08-fall")]
)
def test_search_finds_passages_by_source_or_restored_words(browser, sub_path_server, query, chapter):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{sub_path_server}search.html?q={query}")
    page.wait_for_selector("ol.search li a", timeout=20000)
    page.wait_for_timeout(1500)
    hrefs = page.eval_on_selector_all("ol.search li a", "links => links.map(a => a.getAttribute('href'))")
    context.close()
    assert any(f"chapters/{chapter}.html" in href for href in hrefs), hrefs


def rendering_only_word(edition, pages, placed):
    """A word that only the editors' renderings have: its stem is in neither the source nor the reading
    view of any passage, nor in the narrative page's own words. Returns it with its chapter page."""
    from sphinx.search.en import SearchEnglish

    from edition.model.edited import reading_text

    english = SearchEnglish({})
    narrative = BeautifulSoup(str(pages["chapters/narrative.html"].select_one("article")), "html.parser")
    for rendering in narrative.select(".narrative-passage"):
        rendering.decompose()
    damaged = " ".join(
        [" ".join(edition.tokens), narrative.get_text(" ")] + [reading_text(edition, p) for p in edition.passages]
    )
    elsewhere = {english.stem(w) for w in re.findall(r"\w+", damaged.lower())}
    for passage in edition.passages:
        for word in re.findall(r"[a-z]{5,}", edition.rendering_of(passage.id).lower()):
            if english.stem(word) not in elsewhere and word not in english.stopwords:
                return word, placed[passage.id] + ".html"
    pytest.fail(
        "no rendering has a word that neither the source nor the reading view has: are the renderings "
        "plain English yet?"
    )


def test_search_finds_a_word_only_the_renderings_have(browser, sub_path_server, edition, pages, placed):
    word, chapter = rendering_only_word(edition, pages, placed)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{sub_path_server}search.html?q={word}")
    page.wait_for_selector("ol.search li a", timeout=20000)
    page.wait_for_timeout(1500)
    hrefs = page.eval_on_selector_all("ol.search li a", "links => links.map(a => a.getAttribute('href'))")
    context.close()
    # a word that only the renderings have finds a passage of its chapter: the renderings are searched
    # (each passage's record carries its plain English; edition/web/search.py)
    assert any(chapter in href and "#p-" in href for href in hrefs), (word, hrefs)


@pytest.fixture(scope="module")
def pdf(site, build_output, jupyter_book, tmp_path_factory):
    """What `make pdf` does, into the session's build folder (beside its html, sharing its doctrees),
    not into the checkout's _build/."""
    from edition.outputs.publish import make_pdf

    single = subprocess.run(
        [jupyter_book, "build", str(ROOT), "--builder", "singlehtml", *STRICT, "--path-output", str(build_output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert single.returncode == 0, single.stdout[-2000:] + single.stderr[-2000:]
    return make_pdf(build_output / "_build" / "singlehtml", tmp_path_factory.mktemp("pdf") / "edition.pdf")


def test_make_pdf_prints_the_strict_singlehtml_build():
    """The fixture above does what `make pdf` does: the same builder, flags and printer."""
    recipe = re.search(r"^pdf:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert (
        "jupyter-book build . --builder singlehtml $(BUILD_FLAGS)" in recipe
        and "-m edition.outputs.publish pdf" in recipe
    )
    assert re.search(r"^BUILD_FLAGS := " + re.escape(" ".join(STRICT)) + "$", (ROOT / "Makefile").read_text(), re.M)


def test_the_pdf_keeps_passage_numbers_and_vector_charts(pdf, edition):
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for pid in ("1.1", "4.22", "8.24", edition.passages[-1].id):
        assert f"¶ {pid}" in text, pid
    # the editors' renderings are printed, labelled, beside each passage's text (and in the narrative)
    flat = " ".join(text.split())
    assert "EDITORS' RENDERING" in flat.upper()
    for pid in ("1.1", "4.22", "8.24"):
        assert " ".join(edition.rendering_of(pid).split()) in flat, pid
    # chart labels are text in the PDF, so the chart was printed as vector graphics, not as a picture
    assert "Army and militia equipment" in text
    assert text.count("number lost") >= (edition.figures["status"] == "lost").sum()  # each lost figure's label
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert not [line for line in images.splitlines()[2:] if int(line.split()[3]) > 600 and int(line.split()[4]) > 300]


def pdf_pages(pdf, first=1, last=None) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    command = ["pdftotext", "-layout", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split("\f")


def test_the_pdf_opens_with_a_title_page_worth_citing(pdf):
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
    released = datetime.date.fromisoformat(str(cff["date-released"]))
    title_page = " ".join(pdf_pages(pdf, 1, 1)[0].split())
    assert title_page.startswith(cff["title"])
    assert f"Version: {cff['version']}" in title_page
    assert cff["authors"][0]["name"] in title_page  # the editors
    assert f"Released: {released.day} {released:%B %Y}" in title_page  # the date in words
    assert "CC BY-SA 4.0" in title_page and base in title_page
    assert "How to cite this book" in title_page and "Chicago" in title_page and "APA" in title_page
    assert "page 1" not in title_page  # the title page carries neither page number nor running title


def test_every_page_of_the_pdf_has_its_number_and_the_running_title(pdf):
    import yaml

    title = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["title"]
    pages = [page for page in pdf_pages(pdf) if page.strip()]
    assert len(pages) > 100
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0].startswith(title), (number, lines[0])
        assert lines[-1].endswith(f"page {number}"), (number, lines[-1])


def test_the_pdf_carries_no_notice_for_the_screen_and_no_path_of_the_machine(pdf):
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "opened from disk" not in text and "http.server" not in text
    assert str(ROOT) not in text and "file://" not in text and "/_build/" not in text


def test_the_archive_bundle_unzips_serves_and_shows_a_chart(site, browser, tmp_path):
    sys.path.insert(0, str(ROOT))
    from edition.outputs.publish import make_dist

    bundle = make_dist(site, tmp_path / "bundle.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unzipped")
    top = tmp_path / "unzipped" / "afghan-civil-war-edition"
    for needed in (
        "README.txt",
        "CITATION.cff",
        "data/datapackage.json",
        "data/source/afghan-civil-war-1989-1992.txt",
        "notebooks/equipment.md",
        "site/index.html",
        "site/passages.json",
    ):
        assert (top / needed).exists(), needed
    assert make_dist(site, tmp_path / "again.zip").read_bytes() == bundle.read_bytes()
    httpd = serve(top / "site")
    context = browser.new_context()
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/chapters/figures/equipment.html")
    point_at_a_chart(page)  # the chart module loads on the reader's first intent
    page.wait_for_function("document.querySelector('figure.edition-chart').dataset.state === 'interactive'")
    context.close()
    httpd.shutdown()
    assert foreign == [] and len(names) > 100


# Files that differ between two clean builds for reasons that cannot be avoided (see README).
def test_the_deployment_files_parse_and_build_as_ci_does():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make book" in ci and "make test" in ci
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "make book" in commands and "make test" in commands
    assert any("_build/.jupyter_cache" in str(step.get("with", {}).get("path", "")) for step in steps)
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in steps)
    readthedocs = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert readthedocs["version"] == 2
    assert any("-n -W --keep-going" in command for command in readthedocs["build"]["commands"])


def test_make_book_starts_no_build_when_nothing_changed_and_one_when_anything_did(tmp_path):
    """`make book`'s no-op is make's own: it runs jupyter-book only when a file of the book, or the
    environment, is newer than its last successful build. What is tested is make's decision, so it runs
    in a copy of the book with a stand-in environment whose jupyter-book records how it was called and
    writes the page make checks for (the real build is the session's, with the same command)."""
    import os
    import time

    book = copy_of_the_book(tmp_path)  # not the book_copy fixture: nothing here builds the book
    for folder in ("tests", "benchmarks"):  # as in the checkout (a new folder would change the book's own)
        (book / folder).mkdir()
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    calls = tmp_path / "jupyter-book.log"
    stand_in = venv / "bin" / "jupyter-book"
    stand_in.write_text(
        f'#!/bin/sh\necho "Running Jupyter-Book"\necho "$*" >> {calls}\n'
        'mkdir -p _build/html && echo "<html></html>" > _build/html/index.html\n'
    )
    stand_in.chmod(0o755)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / ".installed").touch()  # newer than requirements.txt and pyproject.toml (copied with their times)

    def make_book(*arguments) -> str:
        result = subprocess.run(
            ["make", "--no-print-directory", "book", f"VENV={venv}", *arguments],
            cwd=book,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        return result.stdout

    assert "Running Jupyter-Book" in make_book()  # the copy was never built
    assert calls.read_text().splitlines() == [f"build . --builder html {' '.join(STRICT)}"]
    assert (book / "_build" / ".edition-book-built").exists()
    assert "Running Jupyter-Book" not in make_book(), "a second `make book` with nothing changed built again"
    for changed in (
        book / "data" / "figures.csv",
        book / "_toc.yml",
        book / "edition" / "charts" / "__init__.py",
        book / "chapters" / "figures" / "map.md",
        venv / ".installed",
    ):
        time.sleep(0.01)
        now = time.time()  # later than the record of the last build
        os.utime(changed, (now, now))
        assert "Running Jupyter-Book" in make_book(), f"{changed} changed and no build ran"
        assert "up to date" in make_book()
    for unchanged in ("tests/test_new.py", "benchmarks/new.py", "_build/html/new.html"):
        (book / unchanged).write_text("new\n")  # newer than the last build, and no part of the book
        assert "up to date" in make_book(), f"{unchanged} is not part of the book, yet a build ran"
    assert "Running Jupyter-Book" in make_book("FORCE=1")
    assert len(calls.read_text().splitlines()) == 7
