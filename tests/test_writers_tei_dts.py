"""Tests written for issue 26 (mutation testing): the TEI P5 writer (``edition.tei.xml``) and the static
DTS 1.0 API written from it (``api/``), in the fast tier: both are written from the real edition and a
made-up Context into a temporary folder, and read back as a consumer reads them.

Expected values come from the data tables, CITATION.cff and _config.yml read here with the csv and
yaml modules, or are literals written from the TEI Guidelines and the DTS 1.0 specification; never
from the writers or their helpers."""

import hashlib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from helpers import NS, ROOT, data_rows, local, source_tokens
from lxml import etree
from uritemplate import URITemplate

from edition.model.citation import edition_meta
from edition.outputs import Context, dts, tei

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DTS_NS = "https://w3id.org/api/dts#"
URN = "urn:cts:digitaleditions:wikipedia.afghanCivilWar19891992.dse"
SOURCE = ROOT / "data" / "source" / "afghan-civil-war-1989-1992.txt"
RESOURCE = "afghan-civil-war-1989-1992"
# the editors' notes of the made-up Context: two passages with a note, one with an empty note
NOTES = {"1.1": "A made-up note on the first passage.", "4.2": "A made-up note on 4.2.", "2.3": ""}
URLS = {"1.1": "https://example.org/ed/chapters/lead.html#p-1.1"}


# --- what the test reads itself ----------------------------------------------------------------------


def tokens() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").split()


def passage_rows() -> list[dict]:
    return data_rows("passages.csv")


def passage_text(row: dict) -> list[str]:
    return tokens()[int(row["first_token"]) : int(row["last_token"]) + 1]


def bib_keys() -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "data" / "references.bib").read_text(encoding="utf-8"), re.M)


def witness_sigla(alternatives: list[dict] | None = None) -> dict[str, tuple[str, str]]:
    """URL → (kind, siglum): the copies named as evidence, numbered by kind in the order of
    data/apparatus.csv, then of the alternatives (data/alternatives.csv unless given)."""
    prefix = {"witness": "W", "revision": "Rev", "parallel": "Par"}
    counts, out = dict.fromkeys(prefix, 0), {}
    rivals = data_rows("alternatives.csv") if alternatives is None else alternatives
    for row in data_rows("apparatus.csv") + rivals:
        kind, _, url = row["evidence"].partition(":")
        if kind in prefix and url not in out:
            counts[kind] += 1
            out[url] = (kind, f"{prefix[kind]}{counts[kind]}")
    return out


def expected_units() -> list[tuple[str, str | None]]:
    """(identifier, parent) of every citable unit in document order: each section, then its passages."""
    rows = passage_rows()
    out = []
    for section in data_rows("sections.csv"):
        out.append((section["section"], None))
        out += [(row["id"], section["section"]) for row in rows if row["section"] == section["section"]]
    return out


def is_sentence(text: str) -> bool:
    """Prose as a reader expects it: opens with a word in sentence case, ends with a full stop, and has
    no run of three words in capitals."""
    return (
        bool(re.match(r"[A-Z][a-z]*\b", text))
        and text.rstrip().endswith(".")
        and not re.search(r"\b[A-Z]{2,}\W+[A-Z]{2,}\W+[A-Z]{2,}\b", text)
    )


def every(tree, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


@pytest.fixture(scope="module")
def context(edition):
    return Context(edition, edition_meta(ROOT), urls=URLS, notes=NOTES, notes_html={}, entity_urls={})


@pytest.fixture(scope="module")
def written(context, tmp_path_factory):
    """edition.tei.xml and the DTS API written into a fresh folder, as write_all writes them."""
    out = tmp_path_factory.mktemp("writers")
    document = tei.build(context)
    path = tei.write(document, out / tei.FILE)
    files = dts.write(context, document, out)
    return out, path, files


@pytest.fixture(scope="module")
def doc(written):
    return etree.parse(str(written[1]))


@pytest.fixture(scope="module")
def by_id(doc):
    return {e.get(XML_ID): e for e in doc.iter() if isinstance(e.tag, str) and e.get(XML_ID)}


# --- TEI: the file and the text ---------------------------------------------------------------------------


def test_the_tei_file_is_an_english_tei_document_in_utf8(written, doc):
    out, path, _ = written
    assert path == out / "edition.tei.xml"
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = doc.getroot()
    assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI" and root.get(XML_LANG) == "en"
    assert [local(child.tag) for child in root] == ["teiHeader", "standOff", "text"]
    assert [local(child.tag) for child in root.find("t:text", NS)] == ["body", "back"]


def test_the_body_is_the_source_token_for_token_in_sections_and_passages(doc):
    body = doc.find("t:text/t:body", NS)
    assert source_tokens(body) == tokens() and len(tokens()) == 2710
    sections = data_rows("sections.csv")
    divs = every(doc, "/t:TEI/t:text/t:body/t:div")
    assert [(d.get("type"), d.get("n")) for d in divs] == [("section", s["section"]) for s in sections]
    for div, section in zip(divs, sections):
        number = section["section"]
        assert div.get(XML_ID) == f"s-{number}" and div.get("corresp") == f"{URN}:{number}"
        assert div[0].tag == f"{{{NS['t']}}}head" and div[0].text == section["title"]
    rows = passage_rows()
    blocks = every(doc, "//t:body/t:div/t:ab")
    assert [b.get("n") for b in blocks] == [row["id"] for row in rows]
    for block, row in zip(blocks, rows):
        assert block.getparent().get("n") == row["section"], row["id"]
        assert block.get(XML_ID) == f"p-{row['id']}" and block.get("type") == row["kind"], row["id"]
        assert block.get("corresp") == f"{URN}:{row['id']}", row["id"]
        assert source_tokens(block) == passage_text(row), row["id"]


def test_every_passage_milestone_numbers_its_passage(doc):
    milestones = every(doc, "//t:body//t:milestone")
    assert len(milestones) == len(passage_rows())
    for milestone, row in zip(milestones, passage_rows()):
        assert (milestone.get("unit"), milestone.get("n")) == ("passage", row["id"])
        assert milestone.getparent().get("n") == row["id"] and milestone.getparent().index(milestone) == 0


def test_the_refs_decl_resolves_every_passage_to_its_number(doc):
    """A consumer reads refsDecl/citeStructure: section by @n of the matched div, passage by the
    ``use`` XPath on the matched ab, joined by ``delim``."""
    (section,) = every(doc, "//t:teiHeader/t:encodingDesc/t:refsDecl/t:citeStructure")
    assert (section.get("unit"), section.get("use")) == ("section", "@n")
    assert section.get("match") == "//text/body/div[@type='section']"
    (passage,) = section.findall("t:citeStructure", NS)
    assert (passage.get("unit"), passage.get("match"), passage.get("delim")) == ("passage", "ab", ".")
    in_tei = lambda path: re.sub(r"(?<![@\w(])([a-z]+)(?=[\[/]|$)", r"t:\1", path)  # noqa: E731
    refs = []
    for div in every(doc, in_tei(section.get("match"))):
        for block in div.xpath(in_tei(passage.get("match")), namespaces=NS):
            refs.append(
                div.xpath(f"string({section.get('use')})") + passage.get("delim") + block.xpath(passage.get("use"))
            )
    assert refs == [row["id"] for row in passage_rows()]


def test_every_apparatus_row_is_its_element_with_certainty_and_evidence(doc, by_id):
    """supplied reason="omitted", gap reason="lost", choice/orig/reg; @cert the row's certainty; the
    evidence: a copy of the article → @source its witness, a work → @source its bibl, context → internal."""
    rows = data_rows("apparatus.csv")
    competing = {row["entry"] for row in data_rows("alternatives.csv")}
    assert len(rows) == 141 and {r["type"] for r in rows} == {"supplied", "gap", "regularisation", "none"}
    witnesses = {w.find("t:ref", NS).get("target"): w.get(XML_ID) for w in every(doc, "//t:listWit/t:witness[t:ref]")}
    keys = set(bib_keys())
    checked = 0
    for row in rows:
        element = by_id.get(row["id"])
        if row["id"] in competing:
            assert local(element.tag) == "lem", row["id"]
            assert element.get("cert") == row["certainty"], row["id"]
            element = element[0] if len(element) else None
        if row["type"] == "none":
            assert element is None, row["id"]
            continue
        tag = {"supplied": "supplied", "gap": "gap", "regularisation": "choice"}[row["type"]]
        assert local(element.tag) == tag, row["id"]
        if row["type"] == "supplied":
            assert (element.text, element.get("reason")) == (row["reading"], "omitted"), row["id"]
        elif row["type"] == "gap":
            assert element.get("reason") == "lost" and element.findtext("t:desc", namespaces=NS), row["id"]
        else:
            assert [local(c.tag) for c in element] == ["orig", "reg"], row["id"]
            assert element[0].text == tokens()[int(row["token"])], row["id"]
            element = element[1]
            assert (element.text, element.get("type")) == (row["reading"], row["subtype"]), row["id"]
        assert element.get("cert") == row["certainty"], row["id"]
        kind, _, url = row["evidence"].partition(":")
        if kind in ("witness", "revision", "parallel"):
            expected = {"evidence": "external", "source": "#" + witnesses[url]}
        elif row["evidence"] in keys:
            expected = {"evidence": "external", "source": f"#bib-{row['evidence']}"}
        else:
            expected = {"evidence": {"context": "internal", "rule": "conjecture"}[row["evidence"]]}
        assert {k: element.get(k) for k in ("evidence", "source") if element.get(k)} == expected, row["id"]
        checked += 1
    assert checked == 139


def test_every_regularisation_by_rule_keeps_the_token_and_gives_the_rules_reading(doc):
    """Every token a rule of data/regularisation_rules.csv matches (after its ``previous`` token, when
    the rule names one) is a choice with the rule's reading; every number split at its thousands
    separator (a token ``000``) is rejoined with a comma; both certain, by rule (@evidence conjecture)."""
    from collections import Counter

    words, rules = tokens(), data_rows("regularisation_rules.csv")
    expected = Counter(
        (word, rule["reading"])
        for i, word in enumerate(words)
        for rule in rules
        if word == rule["token"] and rule["previous"] in ("", words[i - 1])
    )
    assert sum(expected.values()) == 75
    by_hand = {r["id"] for r in data_rows("apparatus.csv")}
    choices = [c for c in every(doc, "//t:body//t:choice") if c.get(XML_ID) not in by_hand]
    lemmas = [
        (c.find("t:orig", NS).text, c.find("t:reg", NS)) for c in choices if c.find("t:reg", NS).get("type") == "lemma"
    ]
    assert Counter((orig, reg.text) for orig, reg in lemmas) == expected
    numbers = [
        (c.find("t:orig", NS).text, c.find("t:reg", NS)) for c in choices if c.find("t:reg", NS).get("type") == "number"
    ]
    assert len(numbers) == words.count("000") and len(choices) == len(lemmas) + len(numbers)
    for orig, reg in numbers:
        assert reg.text == orig.replace(" 000", ",000"), orig
    for _, reg in lemmas + numbers:
        assert (reg.get("cert"), reg.get("evidence"), reg.get("source")) == ("high", "conjecture", None), reg.text


def test_every_alternative_is_a_rdg_of_its_entrys_app(doc, by_id):
    rows = data_rows("alternatives.csv")
    assert len(rows) == 22
    entries = {r["id"]: r for r in data_rows("apparatus.csv")}
    sigla = witness_sigla()

    def wit(row):
        kind, _, url = row["evidence"].partition(":")
        return "#wit-R" + (f" #wit-{sigla[url][1]}" if kind in ("witness", "revision") else "")

    apps = every(doc, "//t:body//t:app")
    assert sorted(a.get(XML_ID) for a in apps) == sorted({f"app-{r['entry']}" for r in rows})
    for app in apps:
        entry = entries[app.get(XML_ID)[len("app-") :]]
        lem, *readings = app
        assert local(lem.tag) == "lem" and lem.get(XML_ID) == entry["id"] and lem.get("wit") == wit(entry)
        rivals = [r for r in rows if r["entry"] == entry["id"]]
        assert [r.get(XML_ID) for r in readings] == [r["id"] for r in rivals], entry["id"]
        for reading, rival in zip(readings, rivals):
            assert local(reading.tag) == "rdg" and reading.get("wit") == wit(rival), rival["id"]
            assert (reading.get("cert"), reading.get("type")) == (rival["certainty"], rival["type"]), rival["id"]
            assert reading.get("source") is None and reading.get("evidence") is None  # context: no source
            content = [(local(c.tag), c.text, c.get(XML_ID)) for c in reading]
            expected = {"none": [], "gap": [("gap", None, None)], "supplied": [("supplied", rival["reading"], None)]}
            assert content == expected[rival["type"]], rival["id"]
            if rival["type"] != "none":
                assert reading[0].get("cert") == rival["certainty"] and reading[0].get("evidence") == "internal"


def test_a_rival_reading_names_its_copy_in_wit_and_its_evidence_in_source(edition):
    """A constructed alternatives table (the shape of data/alternatives.csv) whose rivals cite a
    revision, another article (one no apparatus row names) and a work of the bibliography, on an entry
    whose evidence is a copy of the article."""
    import dataclasses

    import pandas as pd

    entry = next(
        r for r in data_rows("apparatus.csv") if r["evidence"].startswith("witness:") and r["type"] == "supplied"
    )
    revision = next(r["evidence"] for r in data_rows("apparatus.csv") if r["evidence"].startswith("revision:"))
    other = "parallel:https://example.org/wiki/Another_article"
    rivals = [
        dict(id="V901", entry=entry["id"], type="supplied", subtype="word", reading="then", certainty="low",
             evidence=revision, note="A rival from an earlier revision."),
        dict(id="V902", entry=entry["id"], type="gap", subtype="word", reading="", certainty="low",
             evidence=other, note=""),
        dict(id="V903", entry=entry["id"], type="none", subtype="word", reading="", certainty="medium",
             evidence="maley2002", note="Nothing was lost."),
        dict(id="904", entry=entry["id"], type="none", subtype="word", reading="", certainty="low",
             evidence="context", note="An id that is not an XML name."),
    ]  # fmt: skip
    constructed = dataclasses.replace(edition, alternatives=pd.DataFrame(rivals))
    tree = etree.fromstring(ET.tostring(tei.build(Context(constructed, edition_meta(ROOT))).getroot()))
    sigla = {url: f"wit-{siglum}" for url, (_, siglum) in witness_sigla(rivals).items()}
    assert sigla[other.split(":", 1)[1]] == "wit-Par5"  # after the four other articles of the apparatus
    listed = tree.xpath("//t:listWit/t:witness[t:ref]", namespaces=NS)
    assert [(w.get(XML_ID), w.find("t:ref", NS).get("target")) for w in listed] == [(i, u) for u, i in sigla.items()]
    (app,) = tree.xpath("//t:app[@xml:id=$id]", namespaces=NS, id=f"app-{entry['id']}")
    lem, *readings = app
    assert lem.get("wit") == f"#wit-R #{sigla[entry['evidence'].split(':', 1)[1]]}"
    rev = sigla[revision.split(":", 1)[1]]
    assert [(r.get(XML_ID), r.get("wit"), r.get("source")) for r in readings] == [
        ("V901", f"#wit-R #{rev}", f"#{rev}"),
        ("V902", "#wit-R", "#wit-Par5"),
        ("V903", "#wit-R", "#bib-maley2002"),
        ("x-904", "#wit-R", None),  # an xml:id is an XML name: one that starts with a digit is prefixed
    ]
    assert readings[0][0].get("source") == f"#{rev}" and readings[1][0].get("source") == "#wit-Par5"
    notes = tree.xpath("//t:back//t:note[@type='alternative']", namespaces=NS)
    assert [(n.get("target"), n.get("n"), n.text) for n in notes] == [
        ("#V901", entry["passage"], rivals[0]["note"]),
        ("#V903", entry["passage"], rivals[2]["note"]),
        ("#x-904", entry["passage"], rivals[3]["note"]),
    ]
    assert tree.xpath("//t:listBibl/t:bibl[@xml:id='bib-maley2002']", namespaces=NS)


def test_the_witnesses_are_the_received_copy_then_every_copy_named_as_evidence(doc):
    sigla = witness_sigla()
    assert len(sigla) == 9
    listed = every(doc, "/t:TEI/t:standOff/t:listWit/t:witness")
    assert [(w.get(XML_ID), w.get("n")) for w in listed] == [("wit-R", "R")] + [
        (f"wit-{siglum}", siglum) for _, siglum in sigla.values()
    ]
    assert listed[0].text.startswith("The received text") and listed[0].find("t:ref", NS) is None
    opening = {
        "witness": "A copy of the article, checked against the received text, at ",
        "revision": "A copy of an earlier revision of the article, checked against the received text, at ",
        "parallel": "A copy of another article, cited as a parallel, at ",
    }
    for witness, (url, (kind, _)) in zip(listed[1:], sigla.items()):
        assert witness.text == opening[kind], url
        ref = witness.find("t:ref", NS)
        assert (ref.get("target"), ref.text) == (url, url)


# --- TEI: the header ----------------------------------------------------------------------------------------


def test_the_header_states_the_editions_title_editors_version_date_and_licence(doc, published):
    head = doc.find("t:teiHeader/t:fileDesc", NS)
    (title,) = head.findall("t:titleStmt/t:title", NS)
    assert (title.text, title.get("type")) == (published.title, "main")
    editors = head.findall("t:titleStmt/t:editor", NS)
    assert [[(local(c.tag), c.text) for c in e] for e in editors] == [[("orgName", published.editors)]]
    roles = head.findall("t:titleStmt/t:respStmt", NS)
    assert len(roles) == 2
    for role in roles:
        assert role.findtext("t:resp", namespaces=NS).endswith(" by")
        assert [(n.text, n.get("type")) for n in role.findall("t:name", NS)] == [(published.editors, "organisation")]
    edition = head.find("t:editionStmt/t:edition", NS)
    assert (edition.text, edition.get("n")) == (f"Version {published.version}", published.version)
    publication = head.find("t:publicationStmt", NS)
    assert publication.findtext("t:publisher", namespaces=NS) == published.editors
    date = publication.find("t:date", NS)
    assert (date.text, date.get("when"), date.get("type")) == (published.date, published.date, "release")
    idnos = [(i.get("type"), i.text) for i in publication.findall("t:idno", NS)]
    assert idnos == [("version", published.version), ("CTS-URN", URN), ("URL", published.base_url)]
    availability = publication.find("t:availability", NS)
    assert availability.get("status") == "free"
    licence = availability.find("t:licence", NS)
    assert licence.get("target") == published.licence_url
    assert licence.text.startswith("CC-BY-SA-4.0: ") and f"“{published.source_title}”" in licence.text
    ref = publication.find("t:pubPlace/t:ref", NS)
    assert (ref.text, ref.get("target")) == (published.base_url, published.base_url)


def test_the_header_describes_the_witness_as_citation_cff_names_it(doc, published):
    import yaml

    (source,) = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["references"]
    bibl = doc.find("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl", NS)
    assert bibl.get("type") == "witness"
    assert [a.text for a in bibl.findall("t:author", NS)] == [a["name"] for a in source["authors"]]
    titles = [(t.text, t.get("level")) for t in bibl.findall("t:title", NS)]
    assert titles == [(published.source_title, "a"), ("Wikipedia, The Free Encyclopedia", "m")]
    assert bibl.findtext("t:publisher", namespaces=NS) == source["publisher"]["name"]
    date = bibl.find("t:date", NS)
    when = re.search(r"of (late \d{4} or early \d{4})", source["notes"]).group(1)
    assert date.text == when and date.get("notBefore") == "2020-11-01" and date.get("notAfter") == "2021-12-31"
    sha = bibl.find("t:idno", NS)
    assert (sha.get("type"), sha.text) == ("sha256", hashlib.sha256(SOURCE.read_bytes()).hexdigest())
    notes = {n.get("type"): n.text for n in bibl.findall("t:note", NS)}
    assert set(notes) == {"provenance", "preprocessing"}
    assert f"one line of {len(tokens())} whitespace-separated tokens." in notes["provenance"]
    assert all(is_sentence(text) for text in notes.values()), notes


def test_the_encoding_description_states_the_conventions_in_sentences(doc):
    encoding = doc.find("t:teiHeader/t:encodingDesc", NS)
    assert [local(c.tag) for c in encoding] == ["projectDesc", "editorialDecl", "variantEncoding", "refsDecl"]
    decl = encoding.find("t:editorialDecl", NS)
    parts = ["normalization", "correction", "segmentation", "interpretation", "punctuation"]
    assert [local(c.tag) for c in decl] == parts
    paragraphs = [encoding.find("t:projectDesc", NS)] + list(decl)
    for part in paragraphs:
        (p,) = part
        assert local(p.tag) == "p" and is_sentence(p.text), (local(part.tag), p.text)
    correction = decl.find("t:correction/t:p", NS).text
    assert 'supplied reason="omitted"' in correction and 'gap reason="lost"' in correction  # what the body uses
    variant = encoding.find("t:variantEncoding", NS)
    assert (variant.get("method"), variant.get("location")) == ("parallel-segmentation", "internal")
    language = doc.find("t:teiHeader/t:profileDesc/t:langUsage/t:language", NS)
    assert language.get("ident") == "en" and language.text


def test_the_revision_description_lists_every_release_newest_first(doc):
    releases = data_rows("releases.csv")
    assert len(releases) >= 3
    changes = every(doc, "/t:TEI/t:teiHeader/t:revisionDesc/t:change")
    assert [(c.get("n"), c.get("when"), c.text) for c in changes] == [
        (r["version"], r["date"], f"Version {r['version']}: {r['summary']}") for r in reversed(releases)
    ]


# --- TEI: the index and the chronology in standOff ------------------------------------------------------------


def test_every_entity_is_in_its_list_with_its_id_name_and_description(doc):
    rows = sorted(data_rows("entities.csv"), key=lambda r: r["id"])
    shapes = {
        "person": ("listPerson", "person", "persName", "note"),
        "organisation": ("listOrg", "org", "orgName", "desc"),
        "place": ("listPlace", "place", "placeName", "desc"),
        "event": ("listEvent[@type='index']", "event", "label", "desc"),
    }
    assert {r["type"] for r in rows} == set(shapes)
    for kind, (listing, tag, name, description) in shapes.items():
        expected = [r for r in rows if r["type"] == kind]
        items = every(doc, f"/t:TEI/t:standOff/t:{listing}/t:{tag}")
        assert [i.get(XML_ID) for i in items] == [f"e-{r['id']}" for r in expected], kind
        for item, row in zip(items, expected):
            assert item.findtext(f"t:{name}", namespaces=NS) == row["name"], row["id"]
            assert item.findtext(f"t:{description}", namespaces=NS) == row["description"], row["id"]
            geo = item.findtext("t:location/t:geo", namespaces=NS)
            assert geo == (f"{row['lat']} {row['lon']}" if row["lat"] and row["lon"] else None), row["id"]


def test_every_name_in_the_text_points_at_its_entity_with_the_element_of_its_kind(doc):
    kinds = {r["id"]: r["type"] for r in data_rows("entities.csv")}
    element = {"person": "persName", "organisation": "orgName", "place": "placeName", "event": "name"}
    names = every(doc, "//t:body//*[@ref]")
    assert len(names) > 300 and {kinds[n.get("ref")[len("#e-") :]] for n in names} == set(element)
    for name in names:
        kind = kinds[name.get("ref")[len("#e-") :]]
        assert local(name.tag) == element[kind], name.get("ref")
        assert name.get("type") == ("event" if kind == "event" else None), name.get("ref")


def test_the_chronology_is_every_event_with_its_passage_and_dates(doc):
    def bounds(date):
        first, _, last = date.rstrip("?~%").partition("/")  # an uncertain date: its bounds
        last = last or first
        end = {4: last + "-12-31", 7: None, 10: last}[len(last)]
        if end is None:
            import calendar

            year, month = map(int, last.split("-"))
            end = f"{last}-{calendar.monthrange(year, month)[1]:02d}"
        return (first + "-01-01")[:10] if len(first) == 4 else (first + "-01")[:10], end

    rows = data_rows("events.csv")
    events = every(doc, "/t:TEI/t:standOff/t:listEvent[@type='chronology']/t:event")
    assert len(events) == len(rows) == 83
    for event, row in zip(events, rows):
        assert event.get(XML_ID) == row["id"] and event.get("corresp") == f"#p-{row['passage']}"
        assert event.get("datingMethod") == "https://www.loc.gov/standards/datetime/"
        start, end = bounds(row["date"])
        dates = {"when": start} if start == end else {"from": start, "to": end}
        assert {k: event.get(k) for k in ("when", "from", "to") if event.get(k)} == dates, row["id"]
        assert event.findtext("t:label", namespaces=NS) == row["event"]
        note = f" {row['note']}" if row["note"] else ""
        assert event.findtext("t:desc", namespaces=NS) == f"Date as recorded (EDTF): {row['date']}.{note}"


# --- TEI: the back --------------------------------------------------------------------------------------------


def test_the_editors_notes_of_the_context_are_in_the_back_with_their_passage(doc):
    div = doc.find("t:text/t:back/t:div[@type='notes']", NS)
    assert div.findtext("t:head", namespaces=NS) == "The editors' notes on the passages"
    notes = div.findall("t:note", NS)
    assert [(n.get("type"), n.get("n"), n.get("target"), n.text) for n in notes] == [
        ("editorial", "1.1", "#p-1.1", NOTES["1.1"]),
        ("editorial", "4.2", "#p-4.2", NOTES["4.2"]),
    ]


def test_every_note_of_the_apparatus_and_of_the_alternatives_is_in_the_back(doc):
    rows = data_rows("apparatus.csv")
    passage_of = {r["id"]: r["passage"] for r in rows}
    expected = [
        ("apparatus", r["passage"], f"#{r['id']}", r["note"]) for r in rows if r["note"] and r["evidence"] != "rule"
    ]
    expected += [
        ("alternative", passage_of[r["entry"]], f"#{r['id']}", r["note"])
        for r in data_rows("alternatives.csv")
        if r["note"]
    ]
    div = doc.find("t:text/t:back/t:div[@type='apparatus']", NS)
    assert div.findtext("t:head", namespaces=NS) == "Notes of the apparatus"
    notes = div.findall("t:note", NS)
    assert len(notes) == len(expected) > 150
    assert [(n.get("type"), n.get("n"), n.get("target"), n.text) for n in notes] == expected


def test_every_work_cited_as_evidence_is_a_bibl_of_the_back(doc):
    evidence = {r["evidence"] for r in data_rows("apparatus.csv") + data_rows("alternatives.csv")}
    cited = sorted(evidence & set(bib_keys()))
    assert len(cited) == 10
    listing = doc.find("t:text/t:back/t:listBibl", NS)
    assert listing.findtext("t:head", namespaces=NS) == "Works cited as evidence"
    bibls = listing.findall("t:bibl", NS)
    assert [b.get(XML_ID) for b in bibls] == [f"bib-{key}" for key in cited]
    bib = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    for bibl, key in zip(bibls, cited):
        year = re.search(rf"@\w+\{{{key},.*?year\s*=\s*\{{(\d{{4}})\}}", bib, re.S).group(1)
        assert year in bibl.text, key


# --- DTS: the API written under api/ ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(written, published):
    """Every file of the API, by path under api/, and a function from a URL of html.baseurl to its file."""
    out, _, files = written
    folder = out / "api"

    def get(url):
        assert url.startswith(published.base_url + "api/"), url
        path = folder / url[len(published.base_url + "api/") :]
        return json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else etree.parse(str(path))

    return folder, files, get


def expected_navigations() -> set[str]:
    names = {f"dts/navigation/{RESOURCE};down={d}.json" for d in (1, 2, -1)}
    for ident, _ in expected_units():
        names.add(f"dts/navigation/{RESOURCE}/{ident}.json")
        names |= {f"dts/navigation/{RESOURCE};down={d}/{ident}.json" for d in (0, 1, 2, -1)}
    return names


def test_the_api_is_exactly_its_entry_collections_navigations_and_documents(api):
    folder, files, _ = api
    units = expected_units()
    assert len(units) == len(data_rows("sections.csv")) + len(passage_rows())
    collections = {
        f"dts/collection/{c}{nav}.json"
        for c in ("digital-editions", "wikipedia", RESOURCE)
        for nav in ("", ";nav=parents")
    }
    documents = {f"dts/document/{RESOURCE}.xml"} | {f"dts/document/{RESOURCE}/{ident}.xml" for ident, _ in units}
    expected = {"dts.json", "dts/collection.json"} | collections | expected_navigations() | documents
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == expected
    assert sorted(files) == sorted(folder / name for name in expected) and len(files) == len(expected)


def test_the_entry_point_gives_the_three_uri_templates(api, published):
    _, _, get = api
    entry = get(published.base_url + "api/dts.json")
    base = published.base_url + "api/dts/"
    assert entry == {
        "@context": "https://dtsapi.org/context/v1.0.json",
        "dtsVersion": "1.0",
        "@id": published.base_url + "api/dts.json",
        "@type": "EntryPoint",
        "collection": base + "collection{/id}{;nav}.json",
        "navigation": base + "navigation/{resource}{;down}{/ref,start,end}.json",
        "document": base + "document/{resource}{/ref,start,end}.xml",
    }


def check_top(body, kind):
    assert (body["@context"], body["dtsVersion"], body["@type"]) == (
        "https://dtsapi.org/context/v1.0.json",
        "1.0",
        kind,
    )


def check_resource(resource, published):
    base = published.base_url + "api/dts/"
    assert resource["@id"] == RESOURCE and resource["@type"] == "Resource" and resource["title"] == published.title
    assert (
        published.source_title in resource["description"] and f"version {published.version}" in resource["description"]
    )
    assert is_sentence(resource["description"])
    assert (resource["totalParents"], resource["totalChildren"]) == (1, 0)
    assert resource["collection"] == base + f"collection/{RESOURCE}{{;nav}}.json"
    assert resource["navigation"] == base + f"navigation/{RESOURCE}{{;down}}{{/ref,start,end}}.json"
    assert resource["document"] == base + f"document/{RESOURCE}{{/ref,start,end}}.xml"
    assert resource["download"] == published.base_url + "edition.tei.xml"
    assert resource["mediaTypes"] == ["application/tei+xml"]
    assert resource["citationTrees"] == [
        {
            "@type": "CitationTree",
            "citeStructure": [
                {
                    "@type": "CiteStructure",
                    "citeType": "section",
                    "citeStructure": [{"@type": "CiteStructure", "citeType": "passage"}],
                }
            ],
        }
    ]
    core = resource["dublinCore"]
    en = lambda value: [{"lang": "en", "value": value}]  # noqa: E731
    assert core["title"] == en(published.title) and core["creator"] == en("Wikipedia contributors")
    assert core["contributor"] == en(f"{published.editors} (editors)") and core["publisher"] == en(published.editors)
    assert (core["date"], core["language"], core["license"]) == (published.date, ["en"], [published.licence_url])
    assert core["identifier"] == [URN, published.base_url]
    (cited,) = core["bibliographicCitation"]
    assert cited["lang"] == "en" and published.title in cited["value"] and published.base_url in cited["value"]


def test_the_collections_lead_from_the_root_through_the_text_group_to_the_resource(api, published):
    _, _, get = api
    entry = get(published.base_url + "api/dts.json")
    collection = URITemplate(entry["collection"])
    base = published.base_url + "api/dts/"
    root_item = {
        "@id": "digital-editions",
        "@type": "Collection",
        "title": f"Digital editions: {published.title}",
        "totalParents": 0,
        "totalChildren": 1,
        "collection": base + "collection/digital-editions{;nav}.json",
    }
    group_item = {
        "@id": "wikipedia",
        "@type": "Collection",
        "title": "Wikipedia",
        "description": "Articles of the English Wikipedia edited here; the text group of the CTS URNs.",
        "totalParents": 1,
        "totalChildren": 1,
        "collection": base + "collection/wikipedia{;nav}.json",
    }
    for url in (collection.expand(), collection.expand(id="digital-editions")):
        root = get(url)
        check_top(root, "Collection")
        (group,) = root.pop("member")
        assert root == {"@context": root["@context"], "dtsVersion": "1.0", **root_item}
        assert group == group_item
    assert get(URITemplate(root_item["collection"]).expand(nav="parents"))["member"] == []
    text_group = get(collection.expand(id="wikipedia"))
    check_top(text_group, "Collection")
    (resource,) = text_group.pop("member")
    assert text_group == {"@context": text_group["@context"], "dtsVersion": "1.0", **group_item}
    check_resource(resource, published)
    assert get(URITemplate(group_item["collection"]).expand(nav="parents"))["member"] == [root_item]
    top = get(collection.expand(id=RESOURCE))
    check_top(top, "Resource")
    assert "member" not in top
    check_resource(top, published)
    parents = get(URITemplate(top["collection"]).expand(nav="parents"))
    assert parents["member"] == [group_item] and {k: v for k, v in parents.items() if k != "member"} == top


def test_every_navigation_answers_its_own_url_with_the_resource(api, published):
    folder, _, get = api
    paths = sorted(p.relative_to(folder).as_posix() for p in (folder / "dts" / "navigation").rglob("*.json"))
    assert set(paths) == expected_navigations()
    for path in paths:
        body = get(published.base_url + "api/" + path)
        check_top(body, "Navigation")
        assert body["@id"] == published.base_url + "api/" + path
        check_resource(body["resource"], published)


def test_the_navigation_of_the_whole_lists_every_section_and_passage_in_order(api, published):
    _, _, get = api
    navigation = URITemplate(get(published.base_url + "api/dts.json")["navigation"])
    units = expected_units()
    titles = {s["section"]: s["title"] for s in data_rows("sections.csv")}

    def unit(ident, parent):
        body = {
            "identifier": ident,
            "@type": "CitableUnit",
            "level": 1 if parent is None else 2,
            "parent": parent,
            "citeType": "section" if parent is None else "passage",
            "@id": f"{URN}:{ident}",
        }
        if parent is None:
            body["dublinCore"] = {"title": [{"lang": "en", "value": f"{ident} · {titles[ident]}"}]}
        return body

    whole = [unit(*u) for u in units]
    for down in ("-1", "2"):
        body = get(navigation.expand(resource=RESOURCE, down=down))
        assert body["member"] == whole and "ref" not in body
    assert get(navigation.expand(resource=RESOURCE, down="1"))["member"] == [u for u in whole if u["level"] == 1]
    for ident, parent in units:
        me = unit(ident, parent)
        below = [u for u in whole if u["parent"] == ident]
        alone = get(navigation.expand(resource=RESOURCE, ref=ident))
        assert alone["ref"] == me and "member" not in alone, ident
        siblings = get(navigation.expand(resource=RESOURCE, ref=ident, down="0"))
        assert siblings["ref"] == me and siblings["member"] == [u for u in whole if u["parent"] == parent], ident
        for down in ("1", "2", "-1"):
            body = get(navigation.expand(resource=RESOURCE, ref=ident, down=down))
            assert body["ref"] == me and body["member"] == [me] + below, (ident, down)


def test_every_document_of_a_ref_is_a_tei_fragment_holding_exactly_its_tokens(api, published, doc):
    _, _, get = api
    document = URITemplate(get(published.base_url + "api/dts.json")["document"])
    whole = get(document.expand(resource=RESOURCE))
    assert source_tokens(whole.find("t:text/t:body", NS)) == tokens()
    whole_ids = set(whole.xpath("//@xml:id"))
    title = doc.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:title", namespaces=NS)
    rows = passage_rows()
    expected = {row["id"]: passage_text(row) for row in rows}
    for section in data_rows("sections.csv"):
        expected[section["section"]] = [
            t for row in rows if row["section"] == section["section"] for t in passage_text(row)
        ]
    made_absolute = 0
    for ident, _ in expected_units():
        fragment = get(document.expand(resource=RESOURCE, ref=ident))
        root = fragment.getroot()
        assert root.tag == f"{{{NS['t']}}}TEI" and root.get(XML_LANG) == "en", ident
        assert fragment.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:title", namespaces=NS) == title
        (wrapper,) = fragment.xpath("/t:TEI/t:text/t:body/d:wrapper", namespaces={**NS, "d": DTS_NS})
        (part,) = wrapper
        assert part.get("n") == ident and local(part.tag) == ("ab" if "." in ident else "div"), ident
        assert source_tokens(wrapper) == expected[ident], ident
        ids = set(fragment.xpath("//@xml:id"))
        for value in fragment.xpath("//@ref | //@target | //@corresp | //@source | //@wit"):
            for pointer in value.split():
                if pointer.startswith("#"):
                    assert pointer[1:] in ids, (ident, pointer)
                elif pointer.startswith(published.base_url + "edition.tei.xml"):
                    assert pointer.split("#", 1)[1] in whole_ids and pointer.split("#", 1)[1] not in ids, (
                        ident,
                        pointer,
                    )
                    made_absolute += 1
    assert made_absolute > 600


def test_a_fragment_keeps_pointers_inside_it_and_makes_the_others_absolute(context, tmp_path, published):
    """A small TEI document of one section and one passage, whose note points at a reading of the
    same passage and at a passage outside it: inside a fragment the first stays ``#…``, the second
    becomes the address of the element in the whole document."""
    t = "{http://www.tei-c.org/ns/1.0}"
    root = ET.Element(f"{t}TEI", {XML_LANG: "en"})
    ET.SubElement(root, f"{t}teiHeader")
    body = ET.SubElement(ET.SubElement(root, f"{t}text"), f"{t}body")
    div = ET.SubElement(body, f"{t}div", {"type": "section", "n": "1", XML_ID: "s-1"})
    block = ET.SubElement(div, f"{t}ab", {"n": "1.1", XML_ID: "p-1.1"})
    ET.SubElement(block, f"{t}supplied", {XML_ID: "A1", "source": "#bib-x"}).text = "word"
    ET.SubElement(block, f"{t}note", {"target": "#A1 #p-9.9"}).text = "A note."
    dts.write(context, ET.ElementTree(root), tmp_path)
    whole = published.base_url + "edition.tei.xml"
    for ref in ("1", "1.1"):
        fragment = etree.parse(str(tmp_path / "api" / "dts" / "document" / RESOURCE / f"{ref}.xml"))
        assert every(fragment, "//t:note/@target") == [f"#A1 {whole}#p-9.9"], ref
        assert every(fragment, "//t:supplied/@source") == [f"{whole}#bib-x"], ref
