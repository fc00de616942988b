"""JSON that is safe inside an HTML ``<script>`` element.

Every JSON a page embeds (chart specs, the edition's metadata, citation data) goes through
``script_json``. It escapes ``<``, ``>`` and ``&`` (so no ``</script>``, ``<!--`` or ``<script>``
from the data can end, comment out or open a script) and the line separators U+2028 and U+2029
(which older JavaScript parsers treat as line ends). The result is still valid JSON and parses
to the same value.
"""

from __future__ import annotations

import json

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value, **dumps_options) -> str:
    """``json.dumps(value)`` with the characters that could break a ``<script>`` escaped."""
    text = json.dumps(value, ensure_ascii=False, **dumps_options)
    return "".join(_ESCAPES.get(character, character) for character in text)


__all__ = ["script_json"]
