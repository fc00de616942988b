"""The TEI P5 export (edition.tei.xml): valid against tei_all 4.9.0, the passages' text is the
source token for token, every @ref resolves, every apparatus row appears, competing readings are
encoded as app/lem/rdg."""

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from helpers import NS, ROOT, data_rows, local, source_tokens
from lxml import etree

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="session")
def tei_schema():
    """TEI P5 4.9.0 tei_all, copied into the repository (tests/schemas/), compiled once (several seconds)."""
    return etree.RelaxNG(etree.parse(str(ROOT / "tests" / "schemas" / "tei_all.rng")))


@pytest.fixture(scope="module")
def tei_doc(site):
    return etree.parse(str(site / "edition.tei.xml"))


def test_the_tei_validates_against_tei_all(tei_schema, tei_doc):
    tei_schema.assertValid(tei_doc)


def test_every_passage_is_one_element_whose_text_is_its_source_tokens(edition, tei_doc):
    blocks = tei_doc.xpath("//t:text/t:body//t:*[@n and @xml:id][starts-with(@xml:id, 'p-')]", namespaces=NS)
    assert [b.get("n") for b in blocks] == [p.id for p in edition.passages] and len(blocks) > 150
    for block, passage in zip(blocks, edition.passages):
        assert block.get(XML_ID) == passage.anchor
        assert source_tokens(block) == passage.text.split(), passage.id
    sections = tei_doc.xpath("//t:body/t:div[@type='section']", namespaces=NS)
    assert [int(d.get("n")) for d in sections] == list(edition.sections["section"])


def test_every_ref_and_internal_pointer_resolves(tei_doc):
    ids = set(tei_doc.xpath("//@xml:id"))
    refs = tei_doc.xpath("//@ref")
    assert len(refs) > 300
    for attribute in ("ref", "target", "corresp", "source"):
        for value in tei_doc.xpath(f"//@{attribute}"):
            for pointer in value.split():
                if pointer.startswith("#"):
                    assert pointer[1:] in ids, (attribute, pointer)
    names = {"persName": "person", "orgName": "org", "placeName": "place"}
    for name, kind in names.items():
        elements = tei_doc.xpath(f"//t:body//t:{name}", namespaces=NS)
        assert elements, name  # the text names persons, organisations and places
        for element in elements:
            (target,) = tei_doc.xpath(f"//t:standOff//*[@xml:id='{element.get('ref')[1:]}']", namespaces=NS)
            assert local(target.tag) == kind


def test_every_apparatus_row_appears_with_its_kind(edition, tei_doc):
    by_id = {e.get(XML_ID): e for e in tei_doc.iter() if e.get(XML_ID)}
    expected = {"supplied": "supplied", "gap": "gap", "regularisation": "choice"}
    entries = edition.apparatus.to_dict("records")
    assert len(entries) > 100 and {entry["type"] for entry in entries} >= set(expected)
    for entry in entries:
        element = by_id.get(entry["id"])
        assert element is not None, entry["id"]
        if local(element.tag) == "lem":  # a preferred reading with alternatives
            element = element[0] if len(element) else None
        if element is None:
            continue
        assert local(element.tag) == expected[entry["type"]], entry["id"]
        if entry["type"] == "supplied":
            assert element.text == entry["reading"] and element.get("reason") == "omitted"
            assert element.get("cert") == entry["certainty"]
        elif entry["type"] == "gap":
            assert element.get("reason") == "lost"
        else:
            assert element.find("t:reg", NS).text == entry["reading"]


def test_header_standoff_and_notes(edition, tei_doc, published):
    header = tei_doc.find("t:teiHeader", NS)
    assert header.findtext("t:fileDesc/t:titleStmt/t:title", namespaces=NS) == published.title
    editors = header.findall("t:fileDesc/t:titleStmt/t:editor", NS)
    assert [" ".join("".join(e.itertext()).split()) for e in editors] == [published.editors]
    publication = header.find("t:fileDesc/t:publicationStmt", NS)
    assert publication.find("t:availability/t:licence", NS).get("target") == published.licence_url
    assert publication.findtext("t:idno[@type='version']", namespaces=NS) == published.version
    assert publication.findtext("t:idno[@type='CTS-URN']", namespaces=NS).startswith("urn:cts:")
    notes = header.findall("t:fileDesc/t:sourceDesc/t:bibl/t:note", NS)
    assert {n.get("type") for n in notes} == {"provenance", "preprocessing"}
    cite = header.find("t:encodingDesc/t:refsDecl/t:citeStructure", NS)
    assert cite.get("unit") == "section" and cite.find("t:citeStructure", NS).get("unit") == "passage"
    places = tei_doc.xpath("//t:listPlace/t:place[t:location/t:geo]", namespaces=NS)
    assert len(places) == ((edition.entities["type"] == "place") & (edition.entities["lat"] != "")).sum() > 0
    assert len(tei_doc.xpath("//t:listEvent[@type='chronology']/t:event", namespaces=NS)) == len(edition.events)
    # the editors' notes, taken from the chapters, with the passage they belong to
    note = tei_doc.xpath("//t:note[@type='editorial'][@target='#p-4.3']", namespaces=NS)[0]
    assert "Hamid Gul" in note.text and "(Coll 2004)" in note.text


def test_competing_readings_become_app_lem_rdg(edition, tei_schema):
    """A constructed alternatives table (the shape of data/alternatives.csv) on the real edition."""
    from edition.model.citation import edition_meta
    from edition.outputs import Context, tei

    supplied = edition.apparatus[
        (edition.apparatus["type"] == "supplied") & (edition.apparatus["evidence"] != "rule")
    ].iloc[0]
    gap = edition.apparatus[edition.apparatus["type"] == "gap"].iloc[0]
    alternatives = pd.DataFrame(
        [
            dict(
                id="V001",
                entry=supplied["id"],
                type="supplied",
                subtype="word",
                reading="otherwise",
                certainty="low",
                evidence="context",
                note="A constructed rival reading.",
            ),
            dict(
                id="V002",
                entry=supplied["id"],
                type="none",
                subtype="",
                reading="",
                certainty="low",
                evidence="context",
                note="",
            ),
            dict(
                id="V003",
                entry=gap["id"],
                type="supplied",
                subtype="number",
                reading="some",
                certainty="low",
                evidence="context",
                note="Another.",
            ),
        ]
    )

    import dataclasses

    with_alternatives = dataclasses.replace(edition, alternatives=alternatives)
    document = tei.build(Context(with_alternatives, edition_meta(ROOT)))
    parsed = etree.fromstring(ET.tostring(document.getroot()))
    tei_schema.assertValid(parsed)
    app = parsed.xpath("//t:app[@xml:id=$id]", namespaces=NS, id=f"app-{supplied['id']}")[0]
    lem = app.find("t:lem", NS)
    assert lem.get(XML_ID) == supplied["id"] and lem.find("t:supplied", NS).text == supplied["reading"]
    readings = app.findall("t:rdg", NS)
    assert [r.get(XML_ID) for r in readings] == ["V001", "V002"]
    assert readings[0].find("t:supplied", NS).text == "otherwise" and len(readings[1]) == 0
    assert parsed.xpath("//t:app[@xml:id=$id]/t:lem/t:gap", namespaces=NS, id=f"app-{gap['id']}")
    assert parsed.xpath("//t:note[@target='#V001']", namespaces=NS)
    for passage in (edition.by_id[supplied["passage"]], edition.by_id[gap["passage"]]):
        block = parsed.xpath("//t:ab[@n=$n]", namespaces=NS, n=passage.id)[0]
        assert source_tokens(block) == passage.text.split()


# --- what the TEI Consortium's stylesheets need to render it whole (issue 23) ----------------------


def test_every_section_has_its_head_and_every_passage_its_number(edition, tei_doc):
    sections = tei_doc.xpath("//t:body/t:div[@type='section']", namespaces=NS)
    titles = dict(zip(edition.sections["section"].astype(str), edition.sections["title"]))
    assert [div.get("n") for div in sections] == [row["section"] for row in data_rows("sections.csv")]
    for div in sections:
        assert local(div[0].tag) == "head" and div[0].text == titles[div.get("n")], div.get("n")
    blocks = tei_doc.xpath("//t:body//t:ab", namespaces=NS)
    assert len(blocks) == len(data_rows("passages.csv"))
    for block in blocks:
        first = block[0]
        assert (local(first.tag), first.get("unit"), first.get("n")) == ("milestone", "passage", block.get("n"))


def test_every_note_names_its_passage(edition, tei_doc):
    passage_of = dict(zip(edition.apparatus["id"], edition.apparatus["passage"]))
    passage_of.update({f"p-{p.id}": p.id for p in edition.passages})
    passage_of.update({r["id"]: passage_of[r["entry"]] for r in edition.alternatives.to_dict("records")})
    notes = tei_doc.xpath("//t:back//t:note", namespaces=NS)
    assert len(notes) > 300
    for note in notes:
        assert note.get("n") == passage_of[note.get("target")[1:]], note.get("target")


def test_every_reading_names_its_witness_and_every_source_is_declared(edition, tei_doc):
    witnesses = {w.get(XML_ID): w for w in tei_doc.xpath("//t:listWit/t:witness", namespaces=NS)}
    assert all(w.get("n") for w in witnesses.values()) and "wit-R" in witnesses
    readings = tei_doc.xpath("//t:lem | //t:rdg", namespaces=NS)
    assert len(readings) >= len(edition.alternatives) > 0
    for reading in readings:
        pointers = reading.get("wit", "").split()
        assert pointers and all(p[1:] in witnesses for p in pointers), reading.get(XML_ID)
    ids = {e.get(XML_ID): local(e.tag) for e in tei_doc.iter() if e.get(XML_ID)}
    sources = tei_doc.xpath("//@source")
    assert len(sources) > 50
    for value in sources:
        for pointer in value.split():
            assert pointer.startswith("#") and ids.get(pointer[1:]) in ("witness", "bibl"), pointer
    # every copy of the article or another article named as evidence is a witness with its address
    urls = {e.split(":", 1)[1] for e in edition.apparatus["evidence"] if e.startswith(("witness:", "parallel:"))}
    declared = {ref.get("target") for ref in tei_doc.xpath("//t:listWit/t:witness/t:ref", namespaces=NS)}
    assert urls and urls <= declared


def test_the_header_declares_revisions_roles_and_variant_encoding(tei_doc):
    from edition.model.citation import edition_meta

    meta = edition_meta(ROOT)
    header = tei_doc.find("t:teiHeader", NS)
    changes = header.findall("t:revisionDesc/t:change", NS)
    versions = [c.get("n") for c in changes]
    assert versions[0] == meta.version and changes[0].get("when") == meta.date_released
    assert {"0.1.0", "0.2.0", "0.3.0"} <= set(versions)
    roles = header.findall("t:fileDesc/t:titleStmt/t:respStmt", NS)
    assert roles and all(r.findtext("t:resp", namespaces=NS) and r.find("t:name", NS) is not None for r in roles)
    variant = header.find("t:encodingDesc/t:variantEncoding", NS)
    assert variant.get("method") == "parallel-segmentation" and variant.get("location") == "internal"
    publication = header.find("t:fileDesc/t:publicationStmt", NS)
    assert publication.find("t:ptr", NS) is None  # a ptr here makes the ePub conversion invalid
    assert publication.find("t:pubPlace/t:ref", NS).get("target") == meta.base_url
