"""The witness: the source text is kept byte for byte."""

import hashlib

from helpers import ROOT

from edition.model.edition import SOURCE_SHA256
from edition.model.text import has_digit, tokenize

SOURCE = ROOT / "data" / "source" / "afghan-civil-war-1989-1992.txt"


def test_source_is_byte_exact():
    data = SOURCE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == "3cca21903cf4d1c9058723d0e08b68aeb5e89f568bcb8fe406a3ffcf023f2b21"
    assert SOURCE_SHA256 == hashlib.sha256(data).hexdigest()
    # 20,811 bytes are 20,777 characters: the en dashes and fraction slashes take three bytes each
    assert len(data) == 20_811 and len(data.decode("utf-8")) == 20_777
    assert data.endswith(b" ") and b"\n" not in data


def test_source_has_2710_tokens_160_with_digits():
    tokens = tokenize(SOURCE.read_text(encoding="utf-8"))
    assert len(tokens) == 2_710
    assert sum(has_digit(t) for t in tokens) == 160


def test_provenance_note_names_origin_licence_and_damage():
    note = (ROOT / "data" / "source" / "README.md").read_text(encoding="utf-8")
    for needed in ("Wikipedia", "CC BY-SA", "2020", "stop-words", "lemmatis", "3cca2190"):
        assert needed in note, needed
