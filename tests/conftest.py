"""Shared fixtures: the loaded edition, ONE strict build of the book (into a fresh folder outside the
checkout, so that every warning of every page is seen), the site served on 127.0.0.1, and Debian's
Chromium driven by Playwright.

The suite is in tiers (markers, registered in pyproject.toml): ``build`` (needs the book's build),
``browser`` (drives Chromium) and ``slow``. A test is marked ``build`` or ``browser`` here, from the
fixtures it uses (``pytest_collection_modifyitems``), so none can be forgotten: every test that builds
the book or a copy of it asks for ``jupyter_book``, ``book_copy`` or the session build. ``make
test-fast`` runs what is none of the three; ``make test`` runs everything."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import helpers
import pytest
from helpers import JUPYTER_BOOK, ROOT, STRICT, seed_vendor_cache, serve
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

from edition import load_edition  # noqa: E402  (helpers puts the checkout first on sys.path)

# --- hypothesis: its examples database and its other files outside the checkout ---------------------------

HYPOTHESIS_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "edition-tests" / "hypothesis"
set_hypothesis_home_dir(str(HYPOTHESIS_HOME))
DATABASE = DirectoryBasedExampleDatabase(str(HYPOTHESIS_HOME / "examples"))
# "full" (the default: `make test`) runs hypothesis's usual 100 examples; "fast" (`make test-fast`,
# `--hypothesis-profile=fast`) a tenth of them, enough to meet a regression the database remembers.
settings.register_profile(
    "full",
    database=DATABASE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("fast", parent=settings.get_profile("full"), max_examples=10)
settings.load_profile("full")


# --- tiers -------------------------------------------------------------------------------------------------

# A test that uses one of these needs the book built (by the session, or in a copy of its own).
BUILD_FIXTURES = {"build", "site", "pages", "server", "jupyter_book", "book_copy"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if "browser" in used:
            item.add_marker(pytest.mark.browser)


# --- the data and the book ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def edition():
    return load_edition(ROOT / "data")


@pytest.fixture(scope="session")
def published():
    """The edition's facts as a reader of its files finds them (CITATION.cff and _config.yml, parsed
    here), the expected values of the citation, Zotero and TEI tests: never from edition_meta(), the
    function under test."""
    from types import SimpleNamespace

    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    (editors,) = cff["authors"]
    return SimpleNamespace(
        title=cff["title"],
        version=str(cff["version"]),
        date=str(cff["date-released"]),
        editors=editors["name"],
        base_url=config["html"]["baseurl"],
        config_title=config["title"],
        source_title=cff["references"][0]["title"],
        licence_url={"CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}[cff["license"]],
    )


@pytest.fixture(scope="session")
def placed():
    """Where each passage is placed: {passage id: docname}, read from the chapters the table of
    contents lists (their ```{passage} S.N``` blocks), not computed by the edition's code."""
    import re

    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    where = {}
    for docname in [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]:
        for passage_id in re.findall(
            r"^```\{passage\} (\S+)\s*$", (ROOT / f"{docname}.md").read_text(encoding="utf-8"), re.M
        ):
            assert passage_id not in where, f"{passage_id} is placed in {where.get(passage_id)} and {docname}"
            where[passage_id] = docname
    return where


@pytest.fixture(scope="session")
def jupyter_book():
    """The jupyter-book of the test environment: a test that runs it builds a book (tier ``build``)."""
    return JUPYTER_BOOK


@pytest.fixture
def book_copy(tmp_path):
    """The book's own files (what git lists, without tests and benchmarks) in ``tmp_path / "book"``."""
    book = helpers.book_copy(tmp_path)
    seed_vendor_cache(book / "_build")
    return book


@pytest.fixture(scope="session")
def build_output(tmp_path_factory):
    """The folder the session's build writes into (``--path-output``): new in every session, outside
    the checkout. Its ``_build/`` holds ``html``, ``.doctrees``, the notebooks' cache and the rest."""
    output = tmp_path_factory.mktemp("book-build")
    seed_vendor_cache(output / "_build")
    return output


@pytest.fixture(scope="session")
def build(jupyter_book, build_output):
    """The strict build (-n -W --keep-going), run once for the whole suite, from scratch: no page is
    read from an earlier build's environment, so every warning of every page is in its log."""
    import subprocess

    command = [jupyter_book, "build", str(ROOT), "--builder", "html", *STRICT, "--path-output", str(build_output)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="session")
def site(build, build_output):
    assert build.returncode == 0, "the strict build failed:\n" + build.stdout[-3000:] + build.stderr[-3000:]
    return build_output / "_build" / "html"


@pytest.fixture(scope="session")
def pages(site):
    from bs4 import BeautifulSoup

    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("*.html"))
        if "_static" not in path.parts and "_sources" not in path.parts
    }


@pytest.fixture(scope="session")
def server(site):
    httpd = serve(site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


# A page of the book starts its scripts after its first frame (edition/web/scripts.py), which can be
# after the `load` event: the page has settled when <html data-scripts="run"> says they have all run
# (or when the page runs no script: <head>'s inline script sets data-mode on every page of the book).
SETTLED = """() => !document.querySelector("script[data-after-first-frame]")
                   || document.documentElement.dataset.scripts === "run"
                   || document.documentElement.dataset.mode === undefined"""


def settle(page):
    page.wait_for_function(SETTLED, timeout=15000)


def waits_for_the_pages_scripts(page_class):
    """Page.goto that waits for the load event also waits for the page's scripts (a page without the
    book's loader, such as JupyterLab's, is settled at once). Tests of what a reader sees before the
    scripts have run use ``wait_until="commit"`` or ``"domcontentloaded"``."""
    goto = page_class.goto
    if getattr(goto, "settles", False):
        return

    def goto_and_settle(self, url, **kwargs):
        response = goto(self, url, **kwargs)
        if kwargs.get("wait_until", "load") in ("load", "networkidle"):
            settle(self)
        return response

    goto_and_settle.settles = True
    page_class.goto = goto_and_settle


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Debian's chromium is not installed: run `make test` as root, or `apt-get install chromium`")
    from playwright.sync_api import Page, sync_playwright

    waits_for_the_pages_scripts(Page)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class PageWatch:
    """A page with everything that went wrong on it recorded: errors, console errors, foreign requests."""

    def __init__(self, page, origin):
        self.page, self.errors, self.foreign = page, [], []
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: self.errors.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None,
        )
        page.on(
            "request",
            lambda request: self.foreign.append(request.url)
            if not request.url.startswith((origin, "data:", "blob:", "about:"))
            else None,
        )


@pytest.fixture
def watched(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield PageWatch(page, server)
    context.close()
