"""What several test modules share that is not a fixture: the checkout's path, the chart pages, a
static server, copies of the data and of the book, and a Jupyter application on 127.0.0.1.

Nothing here writes into the checkout: copies go to the folder a test is given (``tmp_path``)."""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from edition import EditionDataError, charts, load_edition  # noqa: E402

# Every page that draws charts, the locator map included.
CHART_PAGES = sorted(set(charts.CHART_PAGES.values()) | {charts.TIMELINE_PAGE, "chapters/figures/map"})
# The pages that draw charts: "Aid, time and distance" has no two figures of one kind, so it states
# its figures in a table and draws none (issue 22: no chart of a single point).
PAGES_WITH_CHARTS = [page for page in CHART_PAGES if page != "chapters/figures/aid"]
# The figures a reader sees: a chart drawn in several layouts (the map) shows one of them.
VISIBLE_CHART = "figure.edition-chart:visible"
JUPYTER_BOOK = str(Path(sys.executable).parent / "jupyter-book")
STRICT = ["-n", "-W", "--keep-going"]


def point_at_a_chart(page):
    """The reader's first intent: the chart module is loaded only then (until then the static SVG
    is the chart)."""
    page.locator(VISIBLE_CHART).first.hover()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def examples(full: int) -> int:
    """``full`` examples under the whole suite's hypothesis profile (100 examples a test), as many fewer
    under a lighter one (``--hypothesis-profile=fast``: 10)."""
    from hypothesis import settings

    return max(1, full * settings.default.max_examples // 100)


# --- expected values from the book's own files (never from the code under test) ----------------------


def data_rows(name: str) -> list[dict]:
    """The rows of ``data/<name>`` as the csv module reads them: an expected count or set of ids that
    does not come from the edition's loader."""
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def toc_docnames(caption: str | None = None) -> list[str]:
    """The documents _toc.yml lists, in its order: the root and every chapter, or only the chapters of
    the part with this caption."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    parts = [part for part in toc["parts"] if caption in (None, part["caption"])]
    assert parts, f"no part {caption!r} in _toc.yml"
    return ([toc["root"]] if caption is None else []) + [
        chapter["file"] for part in parts for chapter in part["chapters"]
    ]


def toc_pages() -> set[str]:
    """The HTML page of every document of the table of contents: what a loop over ``pages`` must cover."""
    return {f"{docname}.html" for docname in toc_docnames()}


# --- copies of the data and of the book -----------------------------------------------------------------


def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def edit_rows(path, change):
    """Rewrite a CSV with ``change(rows)`` applied to its list of dict rows."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def load_error(data) -> str:
    with pytest.raises(EditionDataError) as caught:
        load_edition(data)
    return str(caught.value)


def book_files() -> list[str]:
    """The book's own files: what git tracks (and what is about to be committed), without tests and
    benchmarks."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout.split("\n")
    return sorted(
        {name for name in listed if name and not name.startswith(("tests/", "benchmarks/")) and (ROOT / name).is_file()}
    )


def book_copy(tmp_path: Path, name: str = "book") -> Path:
    """The book's own files in a folder of ``tmp_path``, with their times (make compares them)."""
    book = tmp_path / name
    for file in book_files():
        (book / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / file, book / file)
    return book


def seed_vendor_cache(build_dir: Path) -> None:
    """The pinned Thebe tarball that a build of the checkout already fetched (``_build/.vendor``), so
    that a build into another folder need not run ``npm pack`` again; read, never written."""
    cached = ROOT / "_build" / ".vendor"
    if cached.is_dir():
        shutil.copytree(cached, build_dir / ".vendor", dirs_exist_ok=True)


# --- TEI ----------------------------------------------------------------------------------------------

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
# what is not a source token: editorial additions, readings, notes, the section headings the
# editors give and the descriptions of gaps
LEFT_OUT = {"supplied", "reg", "corr", "expan", "ex", "note", "rdg", "head", "desc"}


def local(tag) -> str:
    from lxml import etree

    return etree.QName(tag).localname if isinstance(tag, str) else ""


def source_tokens(element) -> list[str]:
    """The text of an element leaving out LEFT_OUT (their tails stay)."""
    parts = []

    def walk(node):
        if local(node.tag) in LEFT_OUT:
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts).split()


# --- Jupyter -----------------------------------------------------------------------------------------


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
