"""A chart page of the book against the same chart in Altair's stock HTML, in one run.

(a) ``chapters/figures/equipment.html`` as built in ``_build/html``: a static SVG drawn at build
    time, then ``_static/edition-charts.js`` (Vega, Vega-Lite and Vega-Embed in one ES module)
    makes it interactive;
(b) the same chart written by ``chart.save(..., format="html")``: an empty page that loads vega,
    vega-lite and vega-embed from cdn.jsdelivr.net and draws the chart in the browser. No host but
    this one is reachable here, so those CDN URLs are answered from the very files jsdelivr would
    serve, fetched once from the npm registry with ``npm pack`` into ``benchmarks/.cache/``.

Both pages come from one local HTTP server; every run is a fresh browser context with the cache
off. Measured per page: time from navigation start to the first chart pixels, time until the
chart is interactive, bytes of all response bodies and the number of requests.

By default the browser is a desktop one (1280×900). With ``--phone`` it is a simulated phone: a
390×844 screen at device scale 3, touch, and the CPU slowed down 4× (as Lighthouse's mobile preset
does); the reader's first intent on the book's chart is then a tap. The network is not throttled
(a throttled one would favour the page with fewer bytes, the book's).

    .venv/bin/python benchmarks/chart_page.py [--runs 7] [--phone]      (or: make bench)
"""

from __future__ import annotations

import argparse
import ast
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from playwright.sync_api import Browser, Route, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CACHE = ROOT / "benchmarks" / ".cache"
BOOK_PAGE = "chapters/figures/equipment.html"
STOCK_PREFIX = "/_stock/"  # where the server answers from CACHE/stock instead of the site
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
CDN = re.compile(r"^https://cdn\.jsdelivr\.net/npm/(?P<name>(?:@[^/@]+/)?[^/@]+)@(?P<spec>[^/]+)(?P<path>/.*)?$")
OTHER_HOSTS = re.compile(r"^(?!http://127\.0\.0\.1[:/])")
TARGET = 0.5  # the book's first chart pixels in at most half the stock page's time
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
PHONE_CPU_SLOWDOWN = 4

CHAPTER = ROOT / "chapters" / "figures" / "equipment.md"  # the notebook that draws the book's chart

# Runs in the page before any of its scripts. First pixels: polled once per frame with
# requestAnimationFrame, since a frame is where painting happens (a page whose parser is blocked
# by a script runs no frames). Interactive: recorded when it happens, not at the next frame.
PROBE = """
(() => {
  if (window !== window.top) return;
  const probe = window.__bench = {};
  const chartSelector = %(selector)s;
  function poll() {
    for (const node of document.querySelectorAll(chartSelector)) {
      const box = node.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) { probe.firstPixels = performance.now(); return; }
    }
    requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
  // The reader's first intent (the book loads its chart module then).
  for (const type of ["pointerover", "pointerdown", "touchstart", "focusin"]) {
    document.addEventListener(type, () => { if (probe.intent === undefined) probe.intent = performance.now(); },
                              { capture: true, passive: true });
  }
  // The book: the hydrating code sets data-state="interactive" on the figure.
  new MutationObserver(() => {
    if (probe.interactive === undefined && document.querySelector('figure.edition-chart[data-state="interactive"]')) {
      probe.interactive = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  // The stock page: vega-embed's UMD bundle assigns window.vegaEmbed; wrap it so that the moment
  // its promise resolves (the view is built and rendered) is recorded.
  let embed;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return embed; },
    set(original) {
      embed = Object.assign(function (...args) {
        const result = original.apply(this, args);
        result.then(() => { if (probe.interactive === undefined) probe.interactive = performance.now(); });
        return result;
      }, original);
    },
  });
})();
"""


@dataclass
class Page:
    name: str
    url: str
    chart_selector: str  # what counts as chart pixels
    routes: dict[str, bytes] = field(default_factory=dict)  # CDN URL -> local file contents
    intent: bool = False  # interactive only after the reader's first intent (the book)


@dataclass
class Run:
    first_pixels: float  # ms from navigation start
    interactive: float  # ms from the reader's first intent (book) or from navigation start (stock)
    bytes: int  # response bodies as sent here (the local server does not compress)
    gzip_bytes: int  # the same bodies gzipped: roughly what a compressing host would send
    requests: int
    blocked: list[str]  # requests to other hosts that nothing answered
    before_bytes: int = 0  # the bodies loaded before any interaction (the stock page: all of them)
    before_gzip_bytes: int = 0


# --- the two pages ---------------------------------------------------------------------------------


def ensure_site() -> None:
    """The benchmark reads the built book; build it the usual way when it is missing."""
    if not (SITE / BOOK_PAGE).exists():
        subprocess.run(["make", "book"], cwd=ROOT, check=True)


def write_stock_page() -> Path:
    """The same chart with Altair's standard HTML output (vega, vega-lite, vega-embed from the CDN)."""
    sys.path.insert(0, str(ROOT))
    from edition import charts, load_edition

    edition = load_edition()
    frame = charts.figures_frame(edition, ["equipment"])
    chart = charts.quantity_chart(frame, **chart_arguments())
    check_same_chart(chart.to_dict())
    path = CACHE / "stock" / "equipment.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    chart.save(str(path), format="html")
    return path


def chart_arguments() -> dict:
    """The keyword arguments of the chapter's ``charts.quantity_chart(...)`` call, read from its
    source, so that the stock page draws the chart the book draws even when the wording changes."""
    for cell in code_cells(CHAPTER.read_text(encoding="utf-8")):
        for node in ast.walk(ast.parse(cell)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "quantity_chart"
            ):
                return {keyword.arg: ast.literal_eval(keyword.value) for keyword in node.keywords}
    sys.exit(f"no charts.quantity_chart(...) call in {CHAPTER.relative_to(ROOT)}")


def code_cells(markdown: str) -> list[str]:
    """The code of each MyST code cell, without its ``:option:`` lines."""
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", markdown, re.S)
    return [re.sub(r"\A(?:[ \t]*:[\w-]+:.*\n)+", "", cell) for cell in cells]


def check_same_chart(spec: dict) -> None:
    """Stop if the recreated chart is not the one the built page embeds (e.g. the page changed)."""
    page = (SITE / BOOK_PAGE).read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/json" class="chart-spec">(.*?)</script>', page, re.S)
    if not embedded or json.loads(embedded.group(1).replace("<\\/", "</")) != spec:
        sys.exit(f"the chart recreated here differs from the one in {BOOK_PAGE}: rebuild the book (make book)")


def cdn_urls(html: str) -> list[str]:
    return re.findall(r'src="(https://cdn\.jsdelivr\.net/[^"]+)"', html)


def local_copy(url: str) -> Path:
    """The file jsdelivr serves for ``url``, from the npm package of the same name and version."""
    match = CDN.match(url)
    if not match:
        sys.exit(f"not a jsdelivr npm URL: {url}")
    name, spec, path = match["name"], match["spec"], match["path"]
    package = unpack(f"{name}@{spec}")
    if path:
        return package / path.lstrip("/")
    # With no file named, jsdelivr serves the file package.json names for it (else unpkg's, main).
    manifest = json.loads((package / "package.json").read_text())
    browser = manifest.get("browser") if isinstance(manifest.get("browser"), str) else None
    return package / (manifest.get("jsdelivr") or manifest.get("unpkg") or browser or manifest["main"])


def unpack(spec: str) -> Path:
    """``npm pack`` the package once (a range such as vega@6 resolves as jsdelivr resolves it: to
    the highest matching version) and keep it unpacked under benchmarks/.cache/npm/."""
    folder = CACHE / "npm" / spec.replace("/", "__")
    if not (folder / "package" / "package.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run(
            ["npm", "pack", spec, "--json", "--pack-destination", str(folder)],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = folder / json.loads(packed.stdout)[0]["filename"]
        with tarfile.open(tarball) as archive:
            archive.extractall(folder, filter="data")
        tarball.unlink()
    return folder / "package"


def package_version(url: str) -> str:
    package = local_copy(url).relative_to(CACHE / "npm").parts[0]
    manifest = json.loads((CACHE / "npm" / package / "package" / "package.json").read_text())
    return f"{manifest['name']}@{manifest['version']}"


# --- serving and measuring -------------------------------------------------------------------------


class Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus the stock page under /_stock/; quiet."""

    def translate_path(self, path: str) -> str:
        if path.startswith(STOCK_PREFIX):
            return str(CACHE / "stock" / path[len(STOCK_PREFIX) :].split("?")[0])
        return super().translate_path(path)

    def log_message(self, *args) -> None:
        pass


def start_server() -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def uncached_page(context):
    """A page with the HTTP cache off (through CDP) that records its finished requests."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    return page, finished


def measure(browser: Browser, page_spec: Page, phone: bool = False) -> Run:
    """One load of one page in a fresh context with the HTTP cache off (on a simulated phone: its
    screen, touch and a 4× slower CPU)."""
    context = browser.new_context(**(PHONE if phone else DESKTOP))
    context.add_init_script(PROBE % {"selector": json.dumps(page_spec.chart_selector)})
    blocked: list[str] = []

    def answer(route: Route) -> None:
        url = route.request.url
        if url in page_spec.routes:
            route.fulfill(
                status=200,
                body=page_spec.routes[url],
                headers={"content-type": "application/javascript; charset=utf-8", "access-control-allow-origin": "*"},
            )
        else:  # nothing else is reachable; say so rather than wait for a time-out
            blocked.append(url)
            route.abort()

    # Only requests to other hosts are routed: a routed request makes a round trip through this
    # Python process (some 10 ms each here), which the pages' own requests should not pay.
    context.route(OTHER_HOSTS, answer)
    page, finished = uncached_page(context)
    if phone:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
    page.goto(page_spec.url, wait_until="load")
    page.wait_for_function("window.__bench && window.__bench.firstPixels !== undefined", timeout=60_000)
    page.wait_for_load_state("networkidle")
    before = [request.response().body() for request in finished if request.response()]
    if page_spec.intent:  # the book: the chart module comes on the reader's first intent (pointer or tap)
        chart = page.locator("figure.edition-chart").first
        if phone:
            chart.tap()
        else:
            chart.hover()
    page.wait_for_function("window.__bench.interactive !== undefined", timeout=60_000)
    page.wait_for_load_state("networkidle")  # count requests made after the chart, too
    times = page.evaluate("window.__bench")
    bodies = [request.response().body() for request in finished if request.response()]
    context.close()
    interactive = times["interactive"] - (times["intent"] if page_spec.intent else 0)
    return Run(
        first_pixels=times["firstPixels"],
        interactive=interactive,
        bytes=sum(len(b) for b in bodies),
        gzip_bytes=sum(len(gzip.compress(b, 6)) for b in bodies),
        requests=len(finished) + len(blocked),
        blocked=blocked,
        before_bytes=sum(len(b) for b in before),
        before_gzip_bytes=sum(len(gzip.compress(b, 6)) for b in before),
    )


# --- report ----------------------------------------------------------------------------------------


def spread(values: list[float], unit: str) -> str:
    fmt = (lambda v: f"{v:,.0f}") if unit == "B" else (lambda v: f"{v:.0f}")
    if min(values) == max(values):
        return fmt(values[0])
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def report(results: dict[str, list[Run]], versions: list[str], runs: int, phone: bool = False) -> bool:
    book, stock = results["book"], results["stock"]
    metrics = [
        ("first chart pixels, ms", "first_pixels", "ms"),
        ("chart interactive, ms *", "interactive", "ms"),
        ("bytes before interaction, gz", "before_gzip_bytes", "B"),
        ("bytes before interaction", "before_bytes", "B"),
        ("bytes (bodies as sent)", "bytes", "B"),
        ("bytes if gzipped", "gzip_bytes", "B"),
        ("requests", "requests", "n"),
    ]
    device = (
        f"a simulated phone (390×844, scale 3, touch, CPU slowed {PHONE_CPU_SLOWDOWN}×)"
        if phone
        else "a desktop browser (1280×900)"
    )
    print(f"\nChart page in {device}, median (min–max) of {runs} runs; stock libraries: {', '.join(versions)}\n")
    print(f"{'':30} {'book':>26} {'stock Altair HTML':>26} {'book/stock':>11}")
    for label, attribute, unit in metrics:
        a = [getattr(r, attribute) for r in book]
        b = [getattr(r, attribute) for r in stock]
        ratio = statistics.median(a) / statistics.median(b)
        print(f"{label:30} {spread(a, unit):>26} {spread(b, unit):>26} {ratio:>11.2f}")
    print(
        f"* book: from the reader's first intent ({'a tap on' if phone else 'a pointer over'} the chart); "
        "stock: from navigation start"
    )
    ratio = statistics.median(r.first_pixels for r in book) / statistics.median(r.first_pixels for r in stock)
    met = ratio <= TARGET
    print(
        f"\nTarget: the book's first chart pixels in at most {TARGET:.0%} of the stock page's time: "
        f"{ratio:.0%}, {'met' if met else 'NOT met'}."
    )
    for label, attribute in (
        ("chart interactive", "interactive"),
        ("bytes before interaction (gzipped)", "before_gzip_bytes"),
    ):
        r = statistics.median(getattr(x, attribute) for x in book) / statistics.median(
            getattr(x, attribute) for x in stock
        )
        print(f"Target: {label} at most 1.0× the stock page's: {r:.2f}×, {'met' if r <= 1.0 else 'NOT met'}.")
        met = met and r <= 1.0
    blocked = sorted({url for r in book + stock for url in r.blocked})
    if blocked:
        print("Requests to other hosts, aborted:", *blocked, sep="\n  ")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="loads of each page (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="unrecorded loads of each page first (default 1)")
    parser.add_argument("--phone", action="store_true", help="a simulated phone instead of a desktop browser")
    args = parser.parse_args()

    ensure_site()
    stock_path = write_stock_page()
    urls = cdn_urls(stock_path.read_text(encoding="utf-8"))
    routes = {url: local_copy(url).read_bytes() for url in urls}  # read once: no disk in the timing
    versions = [package_version(url) for url in urls]

    # Timings mean little on a busy machine (e.g. a build or test suite alongside): say so.
    load = os.getloadavg()[0]
    print(
        f"load average {load:.2f} on {os.cpu_count()} cores" + ("  (busy: timings will be noisy)" if load > 0.5 else "")
    )
    server, base = start_server()
    pages = {
        "book": Page(
            "book", f"{base}/{BOOK_PAGE}", "figure.edition-chart svg, figure.edition-chart canvas", intent=True
        ),
        "stock": Page("stock", f"{base}{STOCK_PREFIX}{stock_path.name}", "#vis svg, #vis canvas", routes),
    }
    results: dict[str, list[Run]] = {name: [] for name in pages}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for index in range(args.warmup + args.runs):
                # Alternate the pages so that any drift in the machine's load falls on both alike.
                for name in ("book", "stock") if index % 2 == 0 else ("stock", "book"):
                    run = measure(browser, pages[name], phone=args.phone)
                    if index >= args.warmup:
                        results[name].append(run)
                        print(
                            f"run {index - args.warmup + 1} {name:5}: first pixels {run.first_pixels:6.0f} ms,"
                            f" interactive {run.interactive:6.0f} ms, {run.bytes:>9,} B, {run.requests} requests"
                        )
            browser.close()
    finally:
        server.shutdown()
    report(results, versions, args.runs, phone=args.phone)


if __name__ == "__main__":
    main()
