"""The build's state, in one place: the loaded edition and what each output was made from.

- :func:`edition_of` is the one getter of the loaded :class:`~edition.model.edition.Edition`
  (loaded once, at ``builder-inited``, validated unless the very same inputs were validated by the
  last build). Directives, roles, generated pages and writers all ask it.
- :func:`fingerprint` is a number that changes exactly when something the pages are made from
  changes: every file of the configured data folder and of the code that makes pages
  (``edition/model``, ``checks``, ``sphinxext``, ``charts``, recursively) and ``CITATION.cff``.
  The stylesheets, the scripts and the web step are not in it: changing them re-runs only the web
  step at the end of the build.
- :func:`made_from` is the one record of "what was this output made from": a key per output and
  builder in ``_build/.edition-made-from.json`` (``edition.web.records``). The data validation, the
  notebooks' execution cache, ``passages.json``, the exports, the chart module, the search index and
  the web step's caches (trimmed stylesheets, subset fonts, the vendored Thebe client) all use it.
- ``env-get-outdated``: when the fingerprint differs from the one the environment was read with,
  every page is read again (Sphinx cannot otherwise know that the pages depend on the tables).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.util import logging

from edition.model.edition import Edition, EditionDataError, load_edition
from edition.model.files import CHECKOUT, PACKAGE
from edition.web.records import for_site

logger = logging.getLogger(__name__)
PAGE_CODE = ("model", "checks", "sphinxext", "charts")  # the code the pages are made from
NOTEBOOK_CODE = ("model", "checks", "charts")  # the code the notebooks' outputs are made from


def edition_of(app) -> Edition:
    """The edition this build loaded (see :func:`load_data`)."""
    return app.edition


def data_root(app) -> Path:
    return (Path(app.confdir) / app.config.edition_data).resolve()


def fingerprint(data: Path, code: tuple[str, ...] = PAGE_CODE) -> str:
    """A digest of every file under ``data`` and under the given subpackages of ``edition``, and of
    ``CITATION.cff``: their paths (relative) and their bytes."""
    digest = hashlib.sha256()
    files = [(f"data/{path.relative_to(data).as_posix()}", path) for path in data.rglob("*")]
    files += [
        (path.relative_to(PACKAGE).as_posix(), path) for folder in code for path in (PACKAGE / folder).rglob("*.py")
    ]
    files += [("CITATION.cff", CHECKOUT / "CITATION.cff")]
    for name, path in sorted(files):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def page_fingerprint(app) -> str:
    cached = getattr(app, "_edition_fingerprint", None)
    if cached is None:
        cached = app._edition_fingerprint = fingerprint(data_root(app))
    return cached


def made_from(app, output: str, key: str, *, file: bool = True):
    """Whether ``output`` was made from ``key`` by an earlier build of this builder (then it need not
    be made again), and the function that records that it now is. ``file=False`` for a record that
    is not a file of the site (e.g. "the data were validated"). The record: ``edition.web.records``."""
    records = for_site(Path(app.outdir))
    exists = (Path(app.outdir) / output).exists() if file else True
    return exists and records.current(output, key), lambda: records.set(output, key)


def load_data(app):
    """Load the data; validate it unless these very inputs were validated by the last build."""
    key = page_fingerprint(app)
    already_valid, record = made_from(app, "validated data", key, file=False)
    try:
        app.edition = load_edition(data_root(app), validate=not already_valid)
    except EditionDataError as error:
        stop_on_bad_data(error)
    record()


def stop_on_bad_data(error: EditionDataError):
    """Bad data ends the build cleanly: each problem logged as an error, then exit status 1.

    Not an exception: Jupyter Book prints a traceback for any exception a build raises, and the
    reader of the log needs the file, the row and the problem, nothing else.
    """
    for line in error.problems:
        logger.error(line, type="edition", subtype="data")
    raise SystemExit("the edition's data is not valid (see above): the build stops")


def forget_stale_executions(app, config):
    """Clear myst-nb's execution cache when the data or the code the charts are drawn with changed.

    The cache keys a notebook on its own cells only; the charts also depend on the data tables
    and on ``edition.charts`` and the model, so a change there must re-run them.
    """
    if "nb_execution_cache_path" not in config:
        return  # no myst-nb, no notebooks
    key = fingerprint((Path(app.confdir) / config.edition_data).resolve(), NOTEBOOK_CODE)
    current, record = made_from(app, "notebook outputs", key, file=False)
    if current:
        return
    cache = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if cache.exists():
        shutil.rmtree(cache)
    record()


def outdated_pages(app, env, added, changed, removed):
    """Every page is read again when the pages' inputs changed since the environment was read."""
    key = page_fingerprint(app)
    if getattr(env, "edition_fingerprint", None) == key:
        return []
    env.edition_fingerprint = key
    return sorted(env.found_docs - set(added) - set(changed))


def citation_metadata() -> dict:
    """The edition's version and editors come from CITATION.cff, the one place they are written."""
    import yaml

    path = CHECKOUT / "CITATION.cff"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def setup_state(app) -> None:
    app.add_config_value("edition_data", "data", "env")
    app.connect("config-inited", forget_stale_executions)
    app.connect("builder-inited", load_data)
    app.connect("env-get-outdated", outdated_pages)
