"""Shared fixtures: the loaded edition, ONE strict build of the book, the site served on 127.0.0.1,
and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT))

from edition import charts, load_edition  # noqa: E402

# Every page that draws charts, the locator map included.
CHART_PAGES = sorted(set(charts.CHART_PAGES.values()) | {charts.TIMELINE_PAGE, "chapters/figures/map"})
# The pages that draw charts: "Aid, time and distance" has no two figures of one kind, so it states
# its figures in a table and draws none (issue 22: no chart of a single point).
PAGES_WITH_CHARTS = [page for page in CHART_PAGES if page != "chapters/figures/aid"]
# The figures a reader sees: a chart drawn in several layouts (the map) shows one of them.
VISIBLE_CHART = "figure.edition-chart:visible"


def point_at_a_chart(page):
    """The reader's first intent: the chart module is loaded only then (until then the static SVG
    is the chart)."""
    page.locator(VISIBLE_CHART).first.hover()


@pytest.fixture(scope="session")
def edition():
    return load_edition(ROOT / "data")


@pytest.fixture(scope="session")
def build():
    """The strict build (-n -W --keep-going), run once for the whole suite; incremental if built before."""
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(ROOT),
        "--builder",
        "html",
        "-n",
        "-W",
        "--keep-going",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    return result


@pytest.fixture(scope="session")
def site(build):
    assert build.returncode == 0, "the strict build failed:\n" + build.stdout[-3000:] + build.stderr[-3000:]
    return SITE


@pytest.fixture(scope="session")
def pages(site):
    from bs4 import BeautifulSoup

    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("*.html"))
        if "_static" not in path.parts and "_sources" not in path.parts
    }


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


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


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter_app(program: str, root: Path, token: str, log: Path, env: dict, *flags: str):
    """A Jupyter application (``jupyter-lab``, ``jupyter-server``) on 127.0.0.1 serving ``root``,
    from the test environment; yields its base URL once it answers, and stops it afterwards."""
    import time
    import urllib.request

    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / program),
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--allow-root",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            *flags,
        ],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        if process.poll() is not None:
            pytest.fail(f"{program} stopped: " + log.read_text()[-2000:])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
