"""The heaviest page of the built book against a stock Jupyter Book page of the same content.

1. Every HTML page of ``_build/html`` (not ``_static``, ``_sources``) is loaded once in headless
   Chromium and the bodies of all its responses are summed; the page with the most bytes is the
   heaviest (the top five are printed).
2. The same content is built as a stock Jupyter Book 1 project in a temporary folder: the default
   configuration (a title and, for a notebook, ``execute_notebooks: force``), one page
   (``root: page``), the edition's roles replaced by plain text. A chart notebook is copied with
   ``charts.enable()`` replaced by Altair's stock HTML renderer (vega, vega-lite and vega-embed from
   cdn.jsdelivr.net, answered from the local npm copies as in ``chart_page.py``); a text chapter is
   written out as its passages (``¶ id`` and the text, from ``edition.load_edition()``) and notes.
3. Both pages are served by one local server and loaded ``--runs`` times each, alternately, each in a
   fresh context with the HTTP cache off: bytes, requests, first contentful paint and, for chart
   pages, the first chart pixels (as ``chart_page.py`` defines them). Medians and book/stock ratios.

    .venv/bin/python benchmarks/page_weight.py [--runs 5] [--warmup 1]     (or: make bench)
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chart_page import (  # noqa: E402
    CDN,
    CHROMIUM,
    CHROMIUM_FLAGS,
    OTHER_HOSTS,
    PROBE,
    ROOT,
    SITE,
    STOCK_PREFIX,
    ensure_site,
    local_copy,
    package_version,
    spread,
    uncached_page,
)
from playwright.sync_api import Browser, Route, sync_playwright  # noqa: E402

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BOOK_CHART = "figure.edition-chart svg, figure.edition-chart canvas"
STOCK_CHART = '[id^="altair-viz"] svg, [id^="altair-viz"] canvas'  # Altair's HTML output div
STOCK_RENDERER = 'import altair as alt; alt.renderers.enable("html")'
PASSAGE_BLOCK = re.compile(r"^```\{passage\}[ \t]+(?P<id>\S+)[ \t]*\n(?P<notes>.*?)^```[ \t]*$", re.S | re.M)
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
FCP = "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"


@dataclass
class Load:
    bytes: int
    gzip_bytes: int
    requests: int
    fcp: float | None = None  # ms from navigation start
    first_pixels: float | None = None  # ms from navigation start; chart pages only
    blocked: list[str] = field(default_factory=list)


# --- the edition's roles as plain text -------------------------------------------------------------


def plain_roles(text: str) -> str:
    """{p}`4.7` → ¶ 4.7; {e}`x`, {e}`text <x>` → the text; {f}`F001` → F001; {cite:p}`k` → (k);
    any other role ({cite:t}, {doc}) → its text, so that a stock build meets no unknown role."""

    def plain(match: re.Match) -> str:
        role, body = match["role"], match["body"]
        shown = re.sub(r"\s*<[^<>]*>\s*$", "", body) or body
        if role == "p":
            return f"¶ {body}"
        if role == "cite:p":
            return f"({body})"
        return shown

    return ROLE.sub(plain, text)


# --- 1. the heaviest page --------------------------------------------------------------------------


def site_pages() -> list[str]:
    return sorted(
        path.relative_to(SITE).as_posix()
        for path in SITE.rglob("*.html")
        if path.relative_to(SITE).parts[0] not in ("_static", "_sources")
    )


def load(browser: Browser, url: str, chart: str | None = None, cdn: dict[str, bytes] | None = None) -> Load:
    """One load in a fresh context with the HTTP cache off. CDN requests are answered from the
    local npm copies when ``cdn`` is given (filled on first use); any other foreign request is
    aborted and listed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if chart:
        context.add_init_script(PROBE % {"selector": json.dumps(chart)})
    blocked: list[str] = []

    def answer(route: Route) -> None:
        url = route.request.url
        if cdn is not None and CDN.match(url):
            if url not in cdn:  # happens in the warm-up load only
                cdn[url] = local_copy(url.split("?")[0]).read_bytes()
            route.fulfill(
                status=200,
                body=cdn[url],
                headers={"content-type": "application/javascript; charset=utf-8", "access-control-allow-origin": "*"},
            )
        else:
            blocked.append(url)
            route.abort()

    context.route(OTHER_HOSTS, answer)  # only other hosts: the site's own requests go straight through
    page, finished = uncached_page(context)
    page.goto(url, wait_until="load")
    page.wait_for_function(
        f"{FCP} !== undefined" + (" && window.__bench.firstPixels !== undefined" if chart else ""), timeout=60_000
    )
    page.wait_for_load_state("networkidle")
    fcp = page.evaluate(FCP)
    first_pixels = page.evaluate("window.__bench.firstPixels") if chart else None
    bodies = [request.response().body() for request in finished if request.response()]
    context.close()
    return Load(
        bytes=sum(len(b) for b in bodies),
        gzip_bytes=sum(len(gzip.compress(b, 6)) for b in bodies),
        requests=len(finished) + len(blocked),
        fcp=fcp,
        first_pixels=first_pixels,
        blocked=blocked,
    )


def heaviest_page(browser: Browser, base: str) -> str:
    weights = {}
    for path in site_pages():
        context = browser.new_context()
        context.route(OTHER_HOSTS, lambda route: route.abort())
        page, finished = uncached_page(context)
        page.goto(f"{base}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        weights[path] = (sum(len(r.response().body()) for r in finished if r.response()), len(finished))
        context.close()
    ranked = sorted(weights, key=lambda p: weights[p][0], reverse=True)
    print(f"\nHeaviest of {len(weights)} pages (bytes of all response bodies, one load each):")
    for path in ranked[:5]:
        print(f"  {weights[path][0]:>11,} B  {weights[path][1]:>3} requests  {path}")
    return ranked[0]


# --- 2. the stock Jupyter Book page ----------------------------------------------------------------


def stock_page_source(book_page: str) -> tuple[str, bool]:
    """The content of the stock page (MyST) and whether it is a notebook."""
    source = ROOT / Path(book_page).with_suffix(".md")
    if not source.exists():
        sys.exit(f"no source {source.relative_to(ROOT)} for {book_page}")
    text = source.read_text(encoding="utf-8")
    if source.parent == ROOT / "chapters" / "figures":  # a chart notebook
        if not re.search(r"^charts\.enable\(\)[ \t]*$", text, re.M):
            sys.exit(f"no charts.enable() line in {source.relative_to(ROOT)}")
        text = re.sub(r"^charts\.enable\(\)[ \t]*$", STOCK_RENDERER, text, flags=re.M)
        cells = list(re.finditer(r"^```\{code-cell\}.*?^```[ \t]*$", text, re.S | re.M))
        out, last = [], 0  # roles are replaced in the prose only, never in code
        for cell in cells:
            out += [plain_roles(text[last : cell.start()]), cell.group(0)]
            last = cell.end()
        return "".join(out) + plain_roles(text[last:]), True
    if not PASSAGE_BLOCK.search(text):
        return built_article(book_page), False
    sys.path.insert(0, str(ROOT))
    from edition import load_edition

    edition = load_edition()

    def passage(match: re.Match) -> str:
        return f"**¶ {match['id']}** {edition.by_id[match['id']].text}\n\n{plain_roles(match['notes']).strip()}"

    return PASSAGE_BLOCK.sub(passage, plain_roles_outside(text)), False


def built_article(book_page: str) -> str:
    """Any other page (the index, an index of entities): its title as a heading and the rest of its
    built article as one raw HTML block, so the stock page carries the same content (not the
    edition's stylesheet or scripts). Blank lines would end the HTML block: they are dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((SITE / book_page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main")
    for element in article.select("script, a.headerlink, .view-switch"):
        element.decompose()
    heading = article.find("h1")
    title = heading.get_text(" ", strip=True) if heading else Path(book_page).stem
    if heading:
        heading.decompose()
    body = re.sub(r"\n\s*\n", "\n", "".join(str(child) for child in article.children)).strip()
    return f'# {title}\n\n<div class="stock-article">\n{body}\n</div>\n'


def plain_roles_outside(text: str) -> str:
    """Roles replaced outside the passage blocks (the notes inside are replaced with their passage)."""
    out, last = [], 0
    for block in PASSAGE_BLOCK.finditer(text):
        out += [plain_roles(text[last : block.start()]), block.group(0)]
        last = block.end()
    return "".join(out) + plain_roles(text[last:])


def build_stock(book_page: str, folder: Path) -> Path:
    """A stock Jupyter Book 1 project with the one page, built (not strictly) into ``folder``."""
    content, notebook = stock_page_source(book_page)
    title = re.search(r'^title:\s*"?(.*?)"?\s*$', (ROOT / "_config.yml").read_text(encoding="utf-8"), re.M)[1]
    config = f'title: "{title}"\n' + ("execute:\n  execute_notebooks: force\n" if notebook else "")
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    (folder / "page.md").write_text(content, encoding="utf-8")
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(folder)], cwd=folder, capture_output=True, text=True)
    page = folder / "_build" / "html" / "page.html"
    if result.returncode != 0 or not page.exists():
        sys.exit(f"stock build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line or "ERROR" in line]
    print(
        f"\nStock Jupyter Book project of {book_page} built in {folder} "
        f"({'notebook, executed' if notebook else 'text page'}; {len(warnings)} warnings)"
    )
    for line in warnings[:5]:
        print("  " + line)
    return folder / "_build" / "html"


class Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus the stock site under /_stock/; quiet."""

    stock_site: Path

    def translate_path(self, path: str) -> str:
        if path.startswith(STOCK_PREFIX):
            self.directory = str(self.stock_site)  # a handler serves one request
            path = "/" + path[len(STOCK_PREFIX) :]
        return super().translate_path(path)

    def log_message(self, *args) -> None:
        pass


def start_server(stock_site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("BothSites", (Handler,), {"stock_site": stock_site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- 3. side by side -------------------------------------------------------------------------------


def settle(limit: float = 1.0, most: int = 90) -> None:
    """Wait (at most ``most`` s) for the load of the stock build to fade before the timed loads."""
    waited = 0
    while os.getloadavg()[0] >= limit and waited < most:
        time.sleep(5)
        waited += 5
    print(f"load average {os.getloadavg()[0]:.2f} before the timed loads" + (f" (waited {waited} s)" if waited else ""))


def report(book_page: str, results: dict[str, list[Load]], runs: int, versions: list[str]) -> None:
    metrics = [
        ("bytes (bodies as sent)", "bytes", "B"),
        ("bytes if gzipped *", "gzip_bytes", "B"),
        ("requests", "requests", "n"),
        ("first contentful paint, ms", "fcp", "ms"),
    ]
    if results["book"][0].first_pixels is not None:
        metrics.append(("first chart pixels, ms", "first_pixels", "ms"))
    print(
        f"\n{book_page} against a stock Jupyter Book page of the same content, median (min–max) of {runs} runs"
        + (f"; stock libraries: {', '.join(versions)}" if versions else "")
        + "\n"
    )
    print(f"{'':28} {'book':>26} {'stock Jupyter Book':>26} {'book/stock':>11}")
    for label, attribute, unit in metrics:
        a = [getattr(r, attribute) for r in results["book"]]
        b = [getattr(r, attribute) for r in results["stock"]]
        ratio = statistics.median(a) / statistics.median(b)
        print(f"{label:28} {spread(a, unit):>26} {spread(b, unit):>26} {ratio:>11.2f}")
    ratio = statistics.median(r.gzip_bytes for r in results["book"]) / statistics.median(
        r.gzip_bytes for r in results["stock"]
    )
    print(
        f"* all bytes loaded before any interaction. Target: at most half the stock page's: {ratio:.2f}×, "
        f"{'met' if ratio <= 0.5 else 'NOT met'}."
    )
    blocked = sorted({url for loads in results.values() for r in loads for url in r.blocked})
    if blocked:
        print("Requests to other hosts, aborted:", *blocked, sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads of each page (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="unrecorded loads of each page first (default 1)")
    parser.add_argument(
        "--page",
        action="append",
        help="compare this page (e.g. chapters/04-jalalabad.html) instead of the heaviest; repeatable",
    )
    args = parser.parse_args()
    for book_page in args.page or [None]:
        compare(book_page, args)


def compare(book_page: str | None, args) -> None:
    ensure_site()
    load_average = os.getloadavg()[0]
    print(
        f"load average {load_average:.2f} on {os.cpu_count()} cores"
        + ("  (busy: timings will be noisy)" if load_average > 0.5 else "")
    )
    with tempfile.TemporaryDirectory(prefix="page-weight-stock-") as folder, sync_playwright() as playwright:
        server, base = start_server(Path(folder) / "_build" / "html")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            book_page = book_page or heaviest_page(browser, base)
            build_stock(book_page, Path(folder))
            chart = (ROOT / Path(book_page).with_suffix(".md")).parent == ROOT / "chapters" / "figures"
            cdn: dict[str, bytes] = {}
            pages = {
                "book": (f"{base}/{book_page}", BOOK_CHART if chart else None),
                "stock": (f"{base}{STOCK_PREFIX}page.html", STOCK_CHART if chart else None),
            }
            settle()
            results: dict[str, list[Load]] = {name: [] for name in pages}
            for index in range(args.warmup + args.runs):
                # Alternate the pages so that any drift in the machine's load falls on both alike.
                for name in ("book", "stock") if index % 2 == 0 else ("stock", "book"):
                    url, selector = pages[name]
                    run = load(browser, url, selector, cdn)
                    if index >= args.warmup:
                        results[name].append(run)
                        print(
                            f"run {index - args.warmup + 1} {name:5}: {run.bytes:>10,} B, {run.requests:>3} requests,"
                            f" FCP {run.fcp:5.0f} ms"
                            + (f", first chart pixels {run.first_pixels:5.0f} ms" if chart else "")
                        )
        finally:
            browser.close()
            server.shutdown()
        versions = [package_version(url.split("?")[0]) for url in cdn]
        report(book_page, results, args.runs, versions)


if __name__ == "__main__":
    main()
