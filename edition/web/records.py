"""The one record of what each output of a build was made from: a JSON file of keys, one per output.

``edition.sphinxext.state.made_from`` keeps it for the build's outputs (the validated data, the
notebooks' outputs, passages.json, the exports, the chart module, the search index); the web step
keeps its own outputs in it too (the trimmed stylesheets, the subset icon fonts, the vendored Thebe
client). An output is made again when its key, a digest of what it is made from, has changed.
"""

from __future__ import annotations

import json
from pathlib import Path

FILE = ".edition-made-from.json"  # in _build/, beside the builders' folders


class Records:
    def __init__(self, path: Path, prefix: str = ""):
        self.path, self.prefix = Path(path), prefix

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, name: str) -> str | None:
        return self._read().get(self.prefix + name)

    def current(self, name: str, key: str) -> bool:
        return self.get(name) == key

    def set(self, name: str, key: str) -> None:
        records = self._read()
        records[self.prefix + name] = key
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")


def for_site(site: Path) -> Records:
    """The records of a built site (``_build/html`` → ``_build/.edition-made-from.json``, names
    prefixed with the builder's folder)."""
    return Records(Path(site).parent / FILE, f"{Path(site).name}:")
