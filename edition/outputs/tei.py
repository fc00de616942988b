"""The edition as one TEI P5 document, ``edition.tei.xml`` (valid against ``tei_all`` 4.9.0).

- ``teiHeader``: the edition (title, editors, version, publisher, licence, identifiers), the
  witness (its provenance and what the preprocessing did), the editorial conventions and the
  citation structure (section › passage, as ``refsDecl/citeStructure``);
- ``standOff``: the persons, organisations, places (with coordinates) and events of the index, and
  the chronology (``listEvent type="chronology"``);
- ``text/body``: one ``div type="section"`` per section, one ``ab`` per passage (``@n`` = the
  passage id, ``xml:id`` = its HTML anchor, ``p-4.16``). Inside a passage the source tokens are
  the text; every intervention of the apparatus is an element with the row's id as ``xml:id``:
  ``supplied reason="omitted"``, ``gap reason="lost"``, ``choice/orig/reg`` for regularisations,
  and ``app/lem/rdg`` where ``data/alternatives.csv`` records competing readings (``lem`` holds
  the apparatus row, the preferred reading; each ``rdg`` an alternative). Indexed names are
  ``persName``/``orgName``/``placeName``/``name type="event"`` with ``@ref`` to the standOff;
- ``text/back``: the editors' notes on each passage and the notes of the apparatus, as ``note``
  with ``@target``, and the bibliography cited as evidence.

Dropping ``supplied``, ``reg``, ``rdg`` and ``note`` from a passage leaves exactly its source tokens.
Written with the standard library's ElementTree; nothing here formats HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from edition.model import bibliography
from edition.model.citation import citation, cts_urn
from edition.model.dates import edtf_bounds
from edition.model.edited import Name, Unit, edited_text, separators
from edition.model.edition import SOURCE_SHA256, Passage

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FILE = "edition.tei.xml"
NAME_ELEMENT = {"person": "persName", "organisation": "orgName", "place": "placeName", "event": "name"}
EVIDENCE = {"context": "internal", "rule": "conjecture"}  # a references.bib key or a witness: external
ET.register_namespace("", TEI_NS)


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(
        parent,
        tei(tag),
        {
            XML_ID if key == "xml_id" else key: str(value)
            for key, value in attributes.items()
            if value not in (None, "")
        },
    )
    if text:
        element.text = text
    return element


def entity_xml_id(entity: str) -> str:
    """The entity's id as an XML name (the HTML index uses the same ``e-`` prefix)."""
    return f"e-{entity}"


def ncname(value: str) -> str:
    if re.fullmatch(r"[A-Za-z_][\w.-]*", value):
        return value
    return "x-" + re.sub(r"[^\w.-]", "-", value)


# --- the header -----------------------------------------------------------------------------------


def header(context, root: ET.Element) -> None:
    meta = context.meta
    whole = citation(meta)
    head = sub(root, "teiHeader")
    file_desc = sub(head, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", meta.title, type="main")
    for name in meta.editors:
        editor = sub(title_stmt, "editor")
        sub(editor, "orgName" if name.literal else "persName", name.display)
    edition_stmt = sub(file_desc, "editionStmt")
    sub(edition_stmt, "edition", f"Version {meta.version}", n=meta.version)
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", meta.publisher)
    sub(publication, "date", meta.date_released, when=meta.date_released, type="release")
    sub(publication, "idno", meta.version, type="version")
    sub(publication, "idno", whole["urn"], type="CTS-URN")
    sub(publication, "idno", meta.base_url, type="URL")
    availability = sub(publication, "availability", status="free")
    sub(
        availability,
        "licence",
        f"{meta.licence}: the source text derives from the Wikipedia article "
        f"“{meta.source_title}” by its contributors (CC BY-SA); the edition's text, "
        f"notes and data are released under the same licence.",
        target=meta.licence_url,
    )
    sub(publication, "ptr", target=meta.base_url, type="edition")

    source_desc = sub(file_desc, "sourceDesc")
    bibl = sub(source_desc, "bibl", type="witness")
    for name in meta.text_authors:
        sub(bibl, "author", name.display)
    sub(bibl, "title", meta.source_title, level="a")
    sub(bibl, "title", "Wikipedia, The Free Encyclopedia", level="m")
    sub(bibl, "publisher", "Wikimedia Foundation")
    sub(bibl, "date", "late 2020 or early 2021", notBefore="2020-11-01", notAfter="2021-12-31")
    sub(bibl, "idno", SOURCE_SHA256, type="sha256")
    sub(
        bibl,
        "note",
        "Provenance: the single witness of this edition is a machine-preprocessed copy of the "
        "English Wikipedia article, taken from a revision of late 2020 or early 2021 (the text "
        "says the war was still being fought as of November 2020); the exact revision is not "
        "known. It is kept byte for byte as received, one line of "
        f"{len(context.edition.tokens)} whitespace-separated tokens.",
        type="provenance",
    )
    sub(
        bibl,
        "note",
        "Preprocessing: the text was lower-cased and stripped of punctuation (except the "
        "apostrophe, the en dash and the fraction slash); stop-words were removed, negations and "
        "small number words among them; words were lemmatised one at a time, leaving artifacts "
        "such as wa for was; thousands separators became spaces and some numbers were dropped; "
        "many rare proper names were dropped; footnotes were removed and headings survive only "
        "as runs of words.",
        type="preprocessing",
    )

    encoding = sub(head, "encodingDesc")
    project = sub(encoding, "projectDesc")
    sub(
        project,
        "p",
        "A critical digital edition of a damaged witness: the received text is presented whole, "
        "verbatim and in order, cut into numbered passages, with every editorial intervention "
        "recorded in the apparatus.",
    )
    editorial = sub(encoding, "editorialDecl")
    normalization = sub(editorial, "normalization")
    sub(
        normalization,
        "p",
        "Artifacts of the lemmatiser and numbers split at the thousands separator are "
        "regularised by rule wherever they occur (choice/orig/reg, reg type lemma or number); "
        "a few single words are regularised by hand (reg type name).",
    )
    correction = sub(editorial, "correction")
    sub(
        correction,
        "p",
        "The source tokens are never altered. Words the preprocessing removed are supplied "
        '(supplied reason="omitted", with cert high, medium or low) only where the evidence '
        'allows; matter that cannot be restored is marked gap reason="lost". Where readings '
        "compete, app/lem/rdg gives the preferred reading in lem and the alternatives in rdg. "
        "The evidence is given by @source: a work of the bibliography or a copy of the article; "
        "@evidence internal means the text itself.",
    )
    refs = sub(encoding, "refsDecl")
    section = sub(refs, "citeStructure", unit="section", match="//text/body/div[@type='section']", use="@n")
    sub(section, "citeStructure", unit="passage", match="ab", use="substring-after(@n, '.')", delim=".")

    profile = sub(head, "profileDesc")
    langs = sub(profile, "langUsage")
    sub(langs, "language", "English, lower-cased and lemmatised by the preprocessing", ident="en")


# --- standOff: the index and the chronology -------------------------------------------------------------


def stand_off(context, root: ET.Element) -> None:
    edition = context.edition
    standoff = sub(root, "standOff")
    lists = {
        "person": sub(standoff, "listPerson"),
        "organisation": sub(standoff, "listOrg"),
        "place": sub(standoff, "listPlace"),
        "event": sub(standoff, "listEvent", type="index"),
    }
    for record in edition.entities.sort_values("id").to_dict("records"):
        kind = record["type"]
        parent = lists.get(kind)
        if parent is None:
            continue
        xml_id = entity_xml_id(record["id"])
        if kind == "person":
            item = sub(parent, "person", xml_id=xml_id)
            sub(item, "persName", record["name"])
            sub(item, "note", record["description"])
        elif kind == "organisation":
            item = sub(parent, "org", xml_id=xml_id)
            sub(item, "orgName", record["name"])
            sub(item, "desc", record["description"])
        elif kind == "place":
            item = sub(parent, "place", xml_id=xml_id)
            sub(item, "placeName", record["name"])
            sub(item, "desc", record["description"])
            if record.get("lat") and record.get("lon"):
                location = sub(item, "location")
                sub(location, "geo", f"{record['lat']} {record['lon']}")
        else:
            item = sub(parent, "event", xml_id=xml_id)
            sub(item, "label", record["name"])
            sub(item, "desc", record["description"])
    chronology = sub(standoff, "listEvent", type="chronology")
    for record in edition.events.to_dict("records"):
        start, end = edtf_bounds(record["date"])
        dates = {"when": start} if start == end else {"from": start, "to": end}
        item = sub(
            chronology,
            "event",
            xml_id=ncname(record["id"]),
            corresp=f"#p-{record['passage']}",
            datingMethod="https://www.loc.gov/standards/datetime/",
            **dates,
        )
        sub(item, "label", record["event"])
        sub(
            item,
            "desc",
            f"Date as recorded (EDTF): {record['date']}." + (f" {record['note']}" if record["note"] else ""),
        )


# --- the text ----------------------------------------------------------------------------------------------


def evidence_attributes(context, evidence: str) -> dict:
    if evidence.startswith(("witness:", "revision:", "parallel:")):
        return {"evidence": "external", "source": evidence.split(":", 1)[1]}
    if evidence in context.edition.bibliography_keys:
        return {"evidence": "external", "source": f"#bib-{evidence}"}
    return {"evidence": EVIDENCE.get(evidence, "conjecture")}


def reading_element(context, entry: dict, xml_id: str | None, tokens_of=None) -> ET.Element | None:
    """The element of one reading: supplied, gap, or (for a regularisation) choice/orig/reg."""
    holder = ET.Element("holder")
    kind = entry["type"]
    if kind == "supplied":
        sub(
            holder,
            "supplied",
            entry["reading"],
            xml_id=xml_id,
            reason="omitted",
            cert=entry["certainty"],
            **evidence_attributes(context, entry["evidence"]),
        )
    elif kind == "gap":
        sub(
            holder,
            "gap",
            xml_id=xml_id,
            reason="lost",
            cert=entry["certainty"],
            **evidence_attributes(context, entry["evidence"]),
        )
    elif kind == "regularisation":
        choice = sub(holder, "choice", xml_id=xml_id)
        sub(choice, "orig", tokens_of(entry))
        sub(
            choice,
            "reg",
            entry["reading"],
            type=entry.get("subtype"),
            cert=entry["certainty"],
            **evidence_attributes(context, entry["evidence"]),
        )
    else:
        return None  # type none: nothing supplied
    return holder[0]


def alternatives_of(context) -> list[dict]:
    frame = getattr(context.edition, "alternatives", None)
    return [] if frame is None or len(frame) == 0 else frame.to_dict("records")


def unit_content(context, unit: Unit) -> str | ET.Element | None:
    """A unit of the edited text as TEI: a token's text, or the element of its reading(s)."""
    if unit.kind == "token":
        return unit.text
    entry = unit.entry
    tokens_of = lambda e: unit.original  # noqa: E731
    if not unit.competing:
        return reading_element(context, entry, entry["id"], tokens_of)
    app = ET.Element(tei("app"), {XML_ID: f"app-{entry['id']}"})
    lemma = sub(app, "lem", xml_id=entry["id"], cert=entry["certainty"])
    preferred = reading_element(context, entry, None, tokens_of)
    if preferred is not None:
        lemma.append(preferred)
    for rival in unit.readings[1:]:
        source = evidence_attributes(context, rival["evidence"]).get("source")  # rdg takes no @evidence
        reading = sub(
            app, "rdg", xml_id=ncname(rival["id"]), cert=rival["certainty"], type=rival["type"], source=source
        )
        element = reading_element(context, rival, None, tokens_of)
        if element is not None:
            reading.append(element)
    return app


def content_of(context, piece: Unit | Name):
    if isinstance(piece, Unit):
        return unit_content(context, piece)
    name = ET.Element(tei(NAME_ELEMENT.get(piece.entity_type, "name")), {"ref": f"#{entity_xml_id(piece.entity)}"})
    if piece.entity_type == "event":
        name.set("type", "event")
    fill(context, name, list(piece.units))
    return name


def fill(context, parent: ET.Element, pieces: list) -> None:
    """Put the pieces of the edited text into ``parent`` as mixed content, spaced by the one rule
    of ``edition.model.edited.separators``."""
    contents = [(piece, content_of(context, piece)) for piece in pieces]
    contents = [(piece, content) for piece, content in contents if content is not None]
    last_child = None
    for gap, (_, content) in zip(separators([piece for piece, _ in contents]), contents):
        if isinstance(content, str):
            gap, content_text = gap + content, None
        else:
            content_text = content
        if gap:
            if last_child is None:
                parent.text = (parent.text or "") + gap
            else:
                last_child.tail = (last_child.tail or "") + gap
        if content_text is not None:
            parent.append(content_text)
            last_child = content_text


def passage_element(context, passage: Passage, parent: ET.Element) -> ET.Element:
    block = sub(parent, "ab", xml_id=passage.anchor, n=passage.id, type=passage.kind, corresp=cts_urn(passage.id))
    fill(context, block, edited_text(context.edition, passage))
    block.tail = "\n"  # passages are blocks: their text never runs into the next one's
    return block


def body(context, text: ET.Element) -> None:
    edition = context.edition
    content = sub(text, "body")
    for section in edition.sections.to_dict("records"):
        div = sub(
            content,
            "div",
            xml_id=f"s-{section['section']}",
            type="section",
            n=section["section"],
            corresp=cts_urn(str(section["section"])),
        )
        div.text, div.tail = "\n", "\n"
        for passage in edition.passages_in_section(int(section["section"])):
            passage_element(context, passage, div)


def back(context, text: ET.Element) -> None:
    edition = context.edition
    end = sub(text, "back")
    notes = sub(end, "div", type="notes")
    sub(notes, "head", "The editors' notes on the passages")
    for passage in edition.passages:
        if context.notes.get(passage.id):
            sub(notes, "note", context.notes[passage.id], type="editorial", target=f"#{passage.anchor}")
    entries = sub(end, "div", type="apparatus")
    sub(entries, "head", "Notes of the apparatus")
    for entry in edition.apparatus.to_dict("records"):
        if entry["note"] and entry["evidence"] != "rule":
            sub(entries, "note", entry["note"], type="apparatus", target=f"#{entry['id']}")
    rivals = alternatives_of(context)
    for record in rivals:
        if record.get("note"):
            sub(entries, "note", record["note"], type="alternative", target=f"#{ncname(record['id'])}")
    evidence = set(edition.apparatus["evidence"]) | {r["evidence"] for r in rivals}
    cited = sorted(e for e in evidence if e in edition.bibliography_keys)
    if cited:
        listing = sub(end, "listBibl")
        sub(listing, "head", "Works cited as evidence")
        for key, text_of in bibliography.texts(edition.root, cited).items():
            sub(listing, "bibl", text_of, xml_id=f"bib-{key}")


def build(context) -> ET.ElementTree:
    root = ET.Element(tei("TEI"), {XML_LANG: "en"})
    header(context, root)
    stand_off(context, root)
    text = sub(root, "text")
    body(context, text)
    back(context, text)
    return ET.ElementTree(root)


def write(document: ET.ElementTree, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write(target, encoding="utf-8", xml_declaration=True)
    return target


__all__ = ["FILE", "TEI_NS", "build", "write"]
