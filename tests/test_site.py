"""The built book: the strict build, every passage once with its source text, nothing broken on any page."""

import json
import re

import yaml
from helpers import ROOT, data_rows, toc_pages


def test_the_strict_build_succeeds_without_warnings(build):
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    log = build.stdout + build.stderr
    assert "build succeeded" in log
    # The Jupyter kernel's own log line about its local TCP transport is not a warning of the build.
    warnings = [line for line in log.splitlines() if "WARNING" in line and not line.startswith("[IPKernelApp]")]
    assert warnings == []


def passage_boxes(pages):
    for name, soup in pages.items():
        for box in soup.select("div.passage[id^=p-]"):
            yield name, box


def test_every_passage_anchor_appears_exactly_once_across_the_site(edition, pages):
    anchors = {}
    for name, soup in pages.items():
        for element in soup.find_all(id=re.compile(r"^p-")):
            anchors.setdefault(element["id"], []).append(name)
    expected = {p.anchor for p in edition.passages}
    assert set(anchors) == expected
    assert all(len(where) == 1 for where in anchors.values()), {a: w for a, w in anchors.items() if len(w) > 1}


def test_each_passage_shows_exactly_its_source_tokens(edition, pages):
    checked = 0
    for name, box in passage_boxes(pages):
        passage = edition.by_id[box["id"][2:]]
        shown = box.select_one(".passage-text .diplomatic").get_text(" ")
        assert shown.split() == passage.text.split(), passage.id
        assert box.select_one(".passage-number")["href"] == f"#{passage.anchor}"
        checked += 1
    assert checked == len(edition.passages)


def reading_order():
    """Pages in the order of the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    return [f"{name}.html" for name in files]


def test_the_pages_together_reproduce_the_whole_source_in_order(edition, pages):
    shown = []
    for name in reading_order():
        shown += [box.select_one(".diplomatic").get_text(" ") for box in pages[name].select("div.passage[id^=p-]")]
    assert " ".join(shown).split() == edition.tokens


def test_no_page_contains_a_traceback_or_error_output(pages):
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        text = soup.get_text(" ")
        assert "Traceback (most recent call last)" not in text, name
        assert not soup.select(".output.traceback, .output.error, .output.stderr, div.system-message"), name
        for marker in ("Exception occurred", "ERROR:", "WARNING:"):
            assert marker not in text, (name, marker)


def test_passages_json_resolves_every_passage_to_its_anchor(edition, site, pages):
    payload = json.loads((site / "passages.json").read_text(encoding="utf-8"))
    records = payload["passages"]
    assert [r["id"] for r in records] == [p.id for p in edition.passages]
    assert len(records) == len(data_rows("passages.csv"))
    for record in records:
        page, anchor = record["url"].split("#")
        assert pages[page].find(id=anchor) is not None, record["url"]
        assert record["diplomatic"] == edition.by_id[record["id"]].text
