"""Lighthouse on four pages of the book, side by side with stock Jupyter Book pages of the same content.

- Lighthouse is the npm package pinned in ``benchmarks/package.json`` (and ``package-lock.json``),
  installed into ``benchmarks/node_modules`` with ``npm ci`` when missing; it drives Debian's
  Chromium (``CHROME_PATH=/usr/bin/chromium``, ``--headless=new --no-sandbox`` and the flags of
  ``tests/conftest.py``).
- Pages: the index, a long text chapter, the heaviest chart page and an index page. For each, a stock
  Jupyter Book 1 project with one page of the same content is built in a temporary folder with this
  ``.venv``'s jupyter-book (``page_weight.build_stock``). A stock chart page loads vega, vega-lite and
  vega-embed from cdn.jsdelivr.net; no other host is reachable here, so those URLs are rewritten to
  ``/_cdn/npm/…`` on the same local server, answered from the very files jsdelivr serves (``npm
  pack``, as in ``chart_page.py``). That spares the stock page the connection to another origin.
- Everything is served by ``gzip_server.py`` (text gzipped, as GitHub Pages does).
- Both presets (mobile, the default: a simulated slow 4G phone; desktop), ``--runs`` runs each
  (default 3), book and stock alternately; the medians are printed, with book/stock ratios.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--page chapters/08-fall.html ...]
    .venv/bin/python benchmarks/lighthouse.py --book-only --preset mobile --page "search.html?q=Dostum"

``--book-only`` measures the book's pages alone (no stock page: the search page with a query has no
stock counterpart), ``--preset`` one preset only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from chart_page import SITE, ensure_site, local_copy  # noqa: E402
from gzip_server import serve  # noqa: E402
from page_weight import build_stock  # noqa: E402

PAGES = ["index.html", "chapters/08-fall.html", "chapters/figures/timeline.html", "chapters/index-persons.html"]
PRESETS = ("mobile", "desktop")
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CDN_PREFIX = "/_cdn/npm/"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # label: (audit id, unit)
    "LCP": ("largest-contentful-paint", "ms"),
    "FCP": ("first-contentful-paint", "ms"),
    "TBT": ("total-blocking-time", "ms"),
    "CLS": ("cumulative-layout-shift", ""),
    "bytes": ("total-byte-weight", "B"),
}
TARGETS = {"mobile": 95, "desktop": 99}


def chromium_flags() -> str:
    from conftest import CHROMIUM_FLAGS  # the browser tests' flags

    return " ".join(["--headless=new", "--no-sandbox", *[f for f in CHROMIUM_FLAGS if f != "--no-sandbox"]])


def ensure_lighthouse() -> str:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def stock_site(book_page: str, folder: Path) -> Path:
    """The stock project of one page, built; its CDN addresses pointed at this server's copies."""
    folder.mkdir(parents=True)
    site = build_stock(book_page, folder)
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if "https://cdn.jsdelivr.net/npm/" in text:
            html.write_text(text.replace("https://cdn.jsdelivr.net/npm/", CDN_PREFIX), encoding="utf-8")
    return site


def from_cdn(rest: str) -> Path | None:
    return local_copy("https://cdn.jsdelivr.net/npm/" + rest)


def lighthouse(url: str, preset: str, output: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={chromium_flags()}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROME})
    if result.returncode != 0 or not output.exists():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(output.read_text())
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    values = {label: report["audits"][audit]["numericValue"] for label, (audit, _) in METRICS.items()}
    blocking = report["audits"].get("render-blocking-resources", {}).get("details", {}).get("items", [])
    return {
        **scores,
        **values,
        "render-blocking": len(blocking),
        "runtime-error": (report.get("runtimeError") or {}).get("code"),
    }


def fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value / 1000:.2f} s"
    if unit == "B":
        return f"{value / 1024:,.0f} KiB"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", help="a page of the book (default: the four above)")
    parser.add_argument("--book-only", action="store_true", help="no stock page to compare with")
    parser.add_argument("--preset", choices=PRESETS, action="append", help="one preset (default: both)")
    args = parser.parse_args()
    pages = args.page or PAGES
    presets = tuple(args.preset or PRESETS)

    ensure_site()
    version = ensure_lighthouse()
    chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, {chromium}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="lighthouse-stock-") as temp:
        roots = {"/": SITE}
        for page in [] if args.book_only else pages:
            key = Path(page).stem
            roots[f"/_stock/{key}/"] = stock_site(page, Path(temp) / key)
        server, base = serve(roots, {CDN_PREFIX: from_cdn})
        out = Path(temp) / "reports"
        out.mkdir()
        results: dict[tuple[str, str, str], list[dict]] = {}
        try:
            for run in range(args.runs):
                for page in pages:
                    for preset in presets:
                        sides = ("book", "stock") if run % 2 == 0 else ("stock", "book")
                        sides = ("book",) if args.book_only else sides
                        for side in sides:
                            url = f"{base}/{page}" if side == "book" else f"{base}/_stock/{Path(page).stem}/page.html"
                            name = re.sub(r"[^\w.-]+", "_", page)
                            result = lighthouse(url, preset, out / f"{side}-{name}-{preset}-{run}.json")
                            results.setdefault((page, preset, side), []).append(result)
                            print(
                                f"run {run + 1} {preset:7} {side:5} {page:34} perf {result['performance']:3}"
                                f"  LCP {result['LCP'] / 1000:5.2f} s  CLS {result['CLS']:.3f}"
                                f"  {result['bytes'] / 1024:7,.0f} KiB",
                                flush=True,
                            )
        finally:
            server.shutdown()
        keep = HERE / ".cache" / "lighthouse"
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(out, keep)
    if args.book_only:
        book_report(results, pages, presets, args.runs)
    else:
        report(results, pages, args.runs)


def book_report(results, pages, presets, runs) -> None:
    print(f"\nLighthouse, median of {runs} runs, the book's pages alone\n")
    print("| page | preset | Performance | LCP | CLS | TBT | bytes | A11y, BP, SEO |")
    print("|---|---|---|---|---|---|---|---|")
    for page in pages:
        for preset in presets:
            book = results[(page, preset, "book")]
            print(
                f"| {page} | {preset} | **{median(book, 'performance'):.0f}** | {fmt(median(book, 'LCP'), 'ms')}"
                f" | {median(book, 'CLS'):.3f} | {fmt(median(book, 'TBT'), 'ms')} | {fmt(median(book, 'bytes'), 'B')}"
                f" | {median(book, 'accessibility'):.0f}, {median(book, 'best-practices'):.0f},"
                f" {median(book, 'seo'):.0f} |"
            )


def median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def report(results, pages, runs) -> None:
    print(f"\nLighthouse, median of {runs} runs; stock = a stock Jupyter Book 1 page of the same content\n")
    print(
        "| page | preset | Performance book / stock | LCP book / stock | CLS book | TBT book | bytes book / stock (ratio)"
        " | A11y, BP, SEO book | render-blocking book / stock |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    missed = []
    for page in pages:
        for preset in PRESETS:
            book, stock = results[(page, preset, "book")], results[(page, preset, "stock")]
            perf = median(book, "performance")
            bytes_ratio = median(book, "bytes") / median(stock, "bytes")
            print(
                f"| {page} | {preset} | **{perf:.0f}** / {median(stock, 'performance'):.0f}"
                f" | {fmt(median(book, 'LCP'), 'ms')} / {fmt(median(stock, 'LCP'), 'ms')}"
                f" | {median(book, 'CLS'):.3f} | {fmt(median(book, 'TBT'), 'ms')}"
                f" | {fmt(median(book, 'bytes'), 'B')} / {fmt(median(stock, 'bytes'), 'B')} ({bytes_ratio:.2f})"
                f" | {median(book, 'accessibility'):.0f}, {median(book, 'best-practices'):.0f}, {median(book, 'seo'):.0f}"
                f" | {median(book, 'render-blocking'):.0f} / {median(stock, 'render-blocking'):.0f} |"
            )
            if perf < TARGETS[preset]:
                missed.append(f"{page} {preset}: Performance {perf:.0f} < {TARGETS[preset]}")
            if preset == "mobile" and median(book, "LCP") > 2500:
                missed.append(f"{page} mobile: LCP {median(book, 'LCP') / 1000:.2f} s > 2.5 s")
            if median(book, "CLS") > 0.02:
                missed.append(f"{page} {preset}: CLS {median(book, 'CLS'):.3f} > 0.02")
            for category in ("accessibility", "best-practices", "seo"):
                if median(book, category) < 100:
                    missed.append(f"{page} {preset}: {category} {median(book, category):.0f} < 100")
            if bytes_ratio > 0.5:
                missed.append(f"{page} {preset}: bytes {bytes_ratio:.2f}× the stock page (target ≤ 0.50×)")
    print("\nTargets " + ("all met." if not missed else "NOT met:\n  " + "\n  ".join(missed)))


if __name__ == "__main__":
    main()
