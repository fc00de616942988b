"""The plain-text and Markdown exports, tested against the TEI: the diplomatic text is the TEI's
source text, the reading text is the TEI read with the book's sigla; both keep the ¶ numbers, are
in the site and the bundle, and are linked from the introduction."""

import re
import zipfile

import pandas as pd
from helpers import NS, ROOT, local, source_tokens
from lxml import etree


def reading_from_tei(block) -> str:
    """The reading text as the TEI encodes it: ⟨supplied⟩ (⟨…?⟩ when its cert is below high or it is
    the lem of an app, i.e. another reading is recorded), […] for a gap, the reg of a choice, the lem
    of an app; the source tokens otherwise."""
    parts = []

    def walk(node):
        name = local(node.tag)
        if name == "supplied":
            competing = local(node.getparent().tag) == "lem"
            parts.append(f"⟨{node.text}{'?' if node.get('cert') != 'high' or competing else ''}⟩")
        elif name == "gap":
            parts.append("[…]")
        elif name == "choice":
            parts.append(node.find("t:reg", NS).text)
        elif name in ("rdg", "note"):
            pass
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

    walk(block)
    return " ".join("".join(parts).split())


def exported(path) -> dict[str, str]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        number, text = line.split("\t")
        assert number.startswith("¶ ")
        rows[number[2:]] = text
    return rows


def test_the_text_exports_match_the_tei(site, edition):
    blocks = etree.parse(str(site / "edition.tei.xml")).xpath("//t:body//t:ab", namespaces=NS)
    diplomatic, reading = exported(site / "exports/diplomatic.txt"), exported(site / "exports/reading.txt")
    assert list(diplomatic) == list(reading) == [b.get("n") for b in blocks] == [p.id for p in edition.passages]
    for block in blocks:
        assert diplomatic[block.get("n")].split() == source_tokens(block)
        assert reading[block.get("n")] == reading_from_tei(block), block.get("n")
    markdown = (site / "exports/reading.md").read_text(encoding="utf-8")
    for block in blocks:
        line = next(row for row in markdown.splitlines() if row.startswith(f"**¶ {block.get('n')}** "))
        assert re.sub(r"\\(.)", r"\1", line.split("** ", 1)[1]) == reading_from_tei(block)
    assert markdown.count("\n## ") == len(edition.sections)


def test_renderings_are_exported_when_the_edition_has_them(edition, tmp_path):
    from edition.model.citation import edition_meta
    from edition.outputs import Context, text

    class WithRenderings:
        def __init__(self, base, rows):
            self._base = base
            self.renderings = pd.DataFrame(rows, columns=["passage", "rendering", "note"])

        def __getattr__(self, name):
            return getattr(self._base, name)

    plain = [dict(passage=p.id, rendering=f"Plain words of {p.id}.", note="") for p in edition.passages]
    text.write(Context(WithRenderings(edition, []), edition_meta(ROOT)), tmp_path / "without")
    assert not (tmp_path / "without/exports/rendering.txt").exists()
    text.write(Context(WithRenderings(edition, plain), edition_meta(ROOT)), tmp_path / "with")
    rows = exported(tmp_path / "with/exports/rendering.txt")
    assert list(rows) == [p.id for p in edition.passages] and rows["4.16"] == "Plain words of 4.16."
    assert "**¶ 4.16** Plain words of 4.16." in (tmp_path / "with/exports/rendering.md").read_text(encoding="utf-8")


def test_the_introduction_links_the_exports_and_the_bundle_holds_them(site, pages, tmp_path):
    links = {a["href"] for a in pages["chapters/introduction.html"].find_all("a", href=True)}
    for target in ("../edition.tei.xml", "../api/dts.json", "../exports/diplomatic.txt", "../exports/reading.txt"):
        assert target in links and (site / target[3:]).is_file(), target
    from edition.outputs.publish import make_dist

    with zipfile.ZipFile(make_dist(site, tmp_path / "bundle.zip")) as archive:
        names = set(archive.namelist())
    for needed in (
        "edition.tei.xml",
        "exports/reading.txt",
        "exports/diplomatic.md",
        "site/edition.tei.xml",
        "site/api/dts.json",
    ):
        assert f"afghan-civil-war-edition/{needed}" in names, needed


def test_the_html_reading_view_and_the_tei_say_the_same_words_with_the_same_marks(site, pages, edition):
    """One edited text: every passage's reading view in the pages reads, word for word and mark for
    mark, as its TEI block does (the HTML's tooltips and ‡ markers aside)."""
    blocks = {b.get("n"): b for b in etree.parse(str(site / "edition.tei.xml")).xpath("//t:body//t:ab", namespaces=NS)}
    assert len(blocks) == len(edition.passages) == 199
    seen = {}
    for name, soup in pages.items():
        for box in soup.select("div.passage[id^=p-]"):
            reading = box.select_one("p.reading")
            for extra in reading.select(".siglum-note, sup.siglum-alt, .edition-sr"):
                extra.decompose()
            seen[box["id"][2:]] = " ".join(reading.get_text().split())
    assert sorted(seen) == sorted(blocks)
    for pid, block in blocks.items():
        assert seen[pid] == reading_from_tei(block), pid
