"""Live code: the chart pages' cells run on a kernel, in the page itself (Thebe).

Nothing of Thebe is loaded until the reader presses "Live code". The client is thebe 0.9.3
(BSD-3-Clause) from the npm registry, pinned by version and integrity here, vendored into the built
site (``_static/thebe/``: its ``lib/`` scripts, which load their chunks relative to themselves, and
its CSS; no source maps), never fetched from a CDN. The page's own small script
(``static/livecode.js``) starts it with explicit options read from ``_static/live-code.json``,
which this module writes from the book's configuration:

- by default Binder, from ``launch_buttons.binderhub_url`` and ``repository`` in ``_config.yml``;
- or a Jupyter server named by ``edition_live_code: {server: URL}`` (sphinx config). Such a server
  needs a token, and a token is a secret: it is never written into the site. The page asks the reader
  for it when they press the button (``askToken``; ``ask_token: false`` for a server that needs
  none) and keeps it in the tab's ``sessionStorage`` only. A ``token`` in the configuration is
  ignored, with a warning (``without_token``), so a strict build (``-W``) stops on it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlparse

from edition.web.records import for_site

THEBE_VERSION = "0.9.3"
THEBE_INTEGRITY = "sha512-Rb/7kVhtlffXra3kIe7OuIGE7awsm2/fGWxw21DiNfnWLnUQiDl9AWqYdshPwZPG/5DzLpsJRPix2xtCPtJmQQ=="
THEBE_DIR = "thebe"  # under the site's _static/
CONFIG_FILE = "live-code.json"  # under the site's _static/


# The button and its status line, written into the page before its first code cell (so that nothing
# moves when the script arrives; livecode.js only wires them up). Without scripting the stylesheet
# hides them, since the button needs the script.
BAR = (
    '<div class="live-code"><button type="button" class="live-code-button" aria-describedby="live-code-status">'
    'Live code</button><p id="live-code-status" class="live-code-status" role="status" data-state="idle">'
    "Run this page\u2019s code on a live Python kernel: its cells become editable.</p></div>"
)


def place_bar(doctree) -> bool:
    """Put ``BAR`` before the first code cell that shows its code; False if the page has none."""
    from docutils import nodes

    def shows_code(node) -> bool:
        return (
            isinstance(node, nodes.container)
            and "cell" in node["classes"]
            and node.next_node(lambda n: isinstance(n, nodes.Element) and "cell_input" in n.get("classes", []))
            is not None
        )

    first = next(doctree.findall(shows_code), None)
    if first is None:
        return False
    first.parent.insert(first.parent.index(first), nodes.raw("", BAR, format="html"))
    return True


class VendorError(RuntimeError):
    """The Thebe client could not be vendored (no npm, no registry, a tarball that does not match)."""


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def thebe_tarball(cache: Path) -> Path:
    """The pinned thebe tarball, from the cache or from the npm registry (``npm pack``), checked."""
    tarball = cache / f"thebe-{THEBE_VERSION}.tgz"
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        if shutil.which("npm") is None:
            raise VendorError(
                "npm is needed once to fetch the live-code client (thebe "
                f"{THEBE_VERSION}); install Node.js and npm, or put {tarball.name} in {cache}"
            )
        result = subprocess.run(
            [
                "npm",
                "pack",
                f"thebe@{THEBE_VERSION}",
                "--pack-destination",
                str(cache),
                "--silent",
                "--no-audit",
                "--no-fund",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not tarball.exists():
            raise VendorError(f"npm pack thebe@{THEBE_VERSION} failed: {result.stderr.strip()[-500:]}")
    found = integrity(tarball.read_bytes())
    if found != THEBE_INTEGRITY:
        tarball.unlink()
        raise VendorError(f"{tarball.name} does not match its pinned integrity ({found} != {THEBE_INTEGRITY})")
    return tarball


def vendor_thebe(cache: Path, static: Path) -> list[str]:
    """Unpack thebe's scripts and CSS (not its source maps) into ``static/thebe/``; the names written."""
    target = static / THEBE_DIR
    records = for_site(static.parent)
    if target.is_dir() and records.current(THEBE_DIR, THEBE_INTEGRITY):
        return sorted(p.name for p in target.iterdir())
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written = []
    with tarfile.open(thebe_tarball(cache)) as archive:
        for member in archive.getmembers():
            name = Path(member.name)
            if member.isfile() and name.parent.as_posix() == "package/lib" and name.suffix in (".js", ".css", ".txt"):
                (target / name.name).write_bytes(archive.extractfile(member).read())
                written.append(name.name)
    (target / "NOTICE.txt").write_text(
        f"thebe {THEBE_VERSION}, from the npm registry (https://www.npmjs.com/package/thebe), "
        "licensed BSD-3-Clause (see its package.json and https://github.com/jupyter-book/thebe).\n"
        "The *.LICENSE.txt files list the licences of the code bundled into it.\n",
        encoding="utf-8",
    )
    records.set(THEBE_DIR, THEBE_INTEGRITY)
    return sorted(written + ["NOTICE.txt"])


TOKEN_IGNORED = (
    "edition_live_code: the token in the configuration is ignored. A token is a secret and the "
    "site never carries one: the page asks the reader for it when they press \u201cLive code\u201d. "
    "Remove it from the configuration (see README.md, \u201cLive code\u201d)"
)


def without_token(settings: dict | None) -> tuple[dict, bool]:
    """The live-code settings without any token, and whether one was configured."""
    settings = dict(settings or {})
    return {key: value for key, value in settings.items() if key != "token"}, "token" in settings


def live_code_options(theme_options: dict, settings: dict | None) -> dict:
    """What ``livecode.js`` passes to ``thebe.bootstrap``: a Jupyter server if the book names one,
    else Binder from the launch-button settings. Kernel and cell paths are the notebooks'. Never a
    token: the page asks the reader for it (``askToken``)."""
    settings, _ = without_token(settings)
    options = {"kernelName": settings.get("kernel", "python3"), "path": settings.get("path", "chapters/figures")}
    if settings.get("server"):
        base = settings["server"].rstrip("/") + "/"
        ws = urlparse(base)._replace(scheme="wss" if base.startswith("https") else "ws").geturl()
        options["server"] = {"baseUrl": base, "wsUrl": ws, "askToken": bool(settings.get("ask_token", True))}
        return options
    launch = theme_options.get("launch_buttons", {}) or {}
    repository = urlparse(theme_options.get("repository_url", "") or "")
    binder_url = launch.get("binderhub_url", "")
    if not (binder_url and repository.netloc == "github.com" and repository.path.strip("/")):
        options["unavailable"] = "this book names neither a Jupyter server nor a Binder repository"
        return options
    options["binder"] = {
        "binderUrl": binder_url.rstrip("/"),
        "repo": repository.path.strip("/"),
        "ref": theme_options.get("repository_branch", "main"),
        "repoProvider": "github",
    }
    return options


def write_config(static: Path, options: dict) -> None:
    static.mkdir(parents=True, exist_ok=True)
    (static / CONFIG_FILE).write_text(json.dumps(options, indent=1) + "\n", encoding="utf-8")


__all__ = [
    "THEBE_VERSION",
    "TOKEN_IGNORED",
    "VendorError",
    "live_code_options",
    "vendor_thebe",
    "without_token",
    "write_config",
]
