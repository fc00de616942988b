"""Publishing the built book: a PDF printed by Debian's Chromium, and an archive bundle.

    python -m edition.outputs.publish pdf    # _build/singlehtml → _build/pdf/afghan-civil-war-edition.pdf
    python -m edition.outputs.publish dist   # _build/html + data + notebooks → _build/dist/….zip

Both are deterministic: the bundle's entries are sorted and carry a fixed timestamp.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from edition.model.files import CHECKOUT

ROOT = CHECKOUT
BUILD = ROOT / "_build"
NAME = "afghan-civil-war-edition"
FIXED_TIME = (2020, 11, 1, 0, 0, 0)  # zip entries carry no build time, so two bundles compare equal

OFFLINE_README = """\
Afghan Civil War 1989–1992: A Digital Edition — version {version}
=================================================================

This archive holds the whole edition, ready to read without a network connection:

  site/         the built book. It must be served: opened straight from disk (file://), the
                browser blocks the interactive charts, search and the cite control. In this
                folder, run the one command
                    python3 -m http.server -d site
                and visit http://127.0.0.1:8000/
  data/         the source text (byte-exact) and every table of the edition, described by
                data/datapackage.json (Frictionless Data)
  notebooks/    the chart notebooks (MyST Markdown; open them with Jupyter and jupytext)
  CITATION.cff  how to cite the edition
  edition.tei.xml  the whole edition in TEI P5 (also in site/, beside the DTS API in site/api/)
  exports/      the diplomatic text, the reading text and (when there is one) the rendering,
                as plain text (one passage per line, with its ¶ number) and as Markdown

Licence: CC BY-SA 4.0. The source text derives from the English Wikipedia article
"Afghan Civil War (1989–1992)" by its contributors (CC BY-SA).
"""


def version() -> str:
    return str(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"])


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("Debian's chromium is needed to print the PDF: apt-get install chromium")
    return found


def serve(folder: Path):
    """A local web server for ``folder`` on a free port of 127.0.0.1 (the page is printed as a reader
    sees it served, so no notice meant for a page opened from disk, with its path, is printed)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_pdf(site: Path = BUILD / "singlehtml", target: Path = BUILD / "pdf" / f"{NAME}.pdf") -> Path:
    """Print the single-page build with headless Chromium: text and charts stay vector. Chromium's own
    header and footer (the date, the address) are off; the book's stylesheet puts its running title
    and page numbers in the page margins (CSS page margin boxes), and the book opens with its title
    page (``edition.sphinxext.citations``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    try:
        print_page(f"http://127.0.0.1:{server.server_address[1]}/index.html", target)
    finally:
        server.shutdown()
    return target


def print_page(url: str, target: Path) -> None:
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=5000",
            f"--print-to-pdf={target}",
            url,
        ],
        check=True,
        capture_output=True,
    )


def add_tree(archive: zipfile.ZipFile, folder: Path, prefix: str, pattern: str = "*") -> None:
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and ".ipynb_checkpoints" not in path.parts:
            add_file(archive, path, f"{prefix}/{path.relative_to(folder).as_posix()}")


def add_file(archive: zipfile.ZipFile, path: Path, name: str) -> None:
    add_bytes(archive, path.read_bytes(), name)


def add_bytes(archive: zipfile.ZipFile, data: bytes, name: str) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def make_dist(site: Path = BUILD / "html", target: Path | None = None) -> Path:
    """One zip: the site, the data package, the notebooks, CITATION.cff and an offline README."""
    target = target or BUILD / "dist" / f"{NAME}-{version()}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        add_bytes(archive, OFFLINE_README.format(version=version()).encode("utf-8"), f"{NAME}/README.txt")
        add_file(archive, ROOT / "CITATION.cff", f"{NAME}/CITATION.cff")
        add_tree(archive, site, f"{NAME}/site")
        if (site / "edition.tei.xml").exists():  # the scholars' formats, also at the top of the bundle
            add_file(archive, site / "edition.tei.xml", f"{NAME}/edition.tei.xml")
            add_tree(archive, site / "exports", f"{NAME}/exports")
        add_tree(archive, ROOT / "data", f"{NAME}/data")
        add_tree(archive, ROOT / "chapters" / "figures", f"{NAME}/notebooks", "*.md")
    return target


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "pdf":
        print(make_pdf())
    elif action == "dist":
        print(make_dist())
    else:
        sys.exit("usage: python -m edition.outputs.publish pdf|dist")
