"""The theme contract (edition/web/theme.py), checked without a browser: every theme and extension
detail the book relies on still exists in the installed packages. A failure lists what is missing."""

import importlib
import importlib.util
from pathlib import Path

from edition.web import theme


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin, f"{name} is not installed"
    return Path(spec.origin).parent


def package_text(name: str) -> str:
    """Every template, stylesheet, script and module of a package, as one text."""
    root = package_dir(name)
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for pattern in ("*.html", "*.css", "*.js", "*.py")
        for path in root.rglob(pattern)
        if path.stat().st_size < 3_000_000
    )


def static_files(name: str) -> set[str]:
    """The package's static files, by their path under a ``static`` folder (as the site names them)."""
    found = set()
    for folder in [*package_dir(name).rglob("static"), *package_dir(name).rglob("_static")]:
        if folder.is_dir():
            found |= {path.relative_to(folder).as_posix() for path in folder.rglob("*")}
    return found


def test_every_theme_detail_the_book_names_still_exists():
    assert len(theme.CLASSES) == 17 and len(theme.UNUSED_ASSETS) == 4 and len(theme.CODE_ASSETS) == 5
    missing = []
    for name in theme.PACKAGES:
        if importlib.util.find_spec(name) is None:
            missing.append(f"package {name}")
    for (package, template), macros in theme.TEMPLATES.items():
        files = list(package_dir(package).rglob(Path(template).name))
        if not files:
            missing.append(f"template {template} of {package}")
        for macro in macros:
            if not any(f"macro {macro}" in path.read_text(encoding="utf-8") for path in files):
                missing.append(f"macro {macro} in {template} of {package}")
    for package, assets in theme.THEME_ASSETS.items():
        present = static_files(package)
        missing += [f"asset {asset} of {package}" for asset in assets if asset not in present]
    for asset, package in {**theme.UNUSED_ASSETS, **theme.CODE_ASSETS}.items():
        # a static file may be a Sphinx template of it (copybutton.js_t becomes copybutton.js)
        if not any(Path(path).name in (asset, f"{asset}_t") for path in static_files(package)):
            missing.append(f"asset {asset} of {package}")
    for name, (start, package) in theme.INLINE_SCRIPTS.items():
        if start.rstrip(".") not in package_text(package):
            missing.append(f"inline script {name} ({start!r}) of {package}")
    texts = package_text("pydata_sphinx_theme") + package_text("sphinx_book_theme")
    missing += [f"class {name}" for name in theme.CLASSES if name not in texts]
    for option, package in theme.THEME_OPTIONS.items():
        if not any(
            f"{option} =" in path.read_text(encoding="utf-8") for path in package_dir(package).rglob("theme.conf")
        ):
            missing.append(f"theme option {option} of {package}")
    missing += [
        f"header button {name}" for name, package in theme.HEADER_BUTTONS.items() if name not in package_text(package)
    ]
    for module, name in theme.PRIVATE:
        if not hasattr(importlib.import_module(module), name):
            missing.append(f"{module}.{name}")
    assert missing == [], "the installed theme or extensions no longer have: " + ", ".join(missing)
