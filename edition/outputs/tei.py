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


def paragraph(text: str) -> ET.Element:
    element = ET.Element(tei("p"))
    element.text = text
    return element


ROLES = (
    "Edited, with the apparatus, notes, indexes and plain-English renderings, by",
    "Encoded in TEI P5 by",
)
RECEIVED = "wit-R"  # the received, machine-preprocessed copy: the base of every reading


def witness_urls(edition) -> dict[str, tuple[str, str]]:
    """URL → (xml:id, siglum) of every copy of the article (W1, W2, …), of an earlier revision of
    it (Rev1, …) and of another article (Par1, …) named as evidence, in the order of the apparatus,
    then of the alternatives."""

    def build(frame):
        out, counts = {}, {"witness": 0, "revision": 0, "parallel": 0}
        prefix = {"witness": "W", "revision": "Rev", "parallel": "Par"}
        for evidence in list(frame["evidence"]) + [r["evidence"] for r in alternatives_of_edition(edition)]:
            kind, _, url = evidence.partition(":")
            if kind in counts and url not in out:
                counts[kind] += 1
                siglum = f"{prefix[kind]}{counts[kind]}"
                out[url] = (f"wit-{siglum}", siglum)
        return out

    return edition.indexed("apparatus", "witness-urls", build)


def alternatives_of_edition(edition) -> list[dict]:
    frame = getattr(edition, "alternatives", None)
    return [] if frame is None or len(frame) == 0 else frame.to_dict("records")


def witness_list(context) -> ET.Element:
    """``listWit``: the received copy (R), the copies of the article checked against it (W1, …) and
    the copies of other articles cited as parallels (Par1, …), each with its siglum (@n) and address."""
    urls = witness_urls(context.edition)
    listing = ET.Element(tei("listWit"))
    received = sub(listing, "witness", xml_id=RECEIVED, n="R")
    received.text = (
        "The received text: the machine-preprocessed copy of the article described above, the one "
        "witness of every passage. Every reading of the apparatus is its text, with what the editors "
        "supply marked as supplied."
    )
    # one flat list: the TEI stylesheets' ePub conversion fails on a listWit inside a listWit
    for url, (ident, siglum) in urls.items():
        witness = sub(listing, "witness", xml_id=ident, n=siglum)
        witness.text = {
            "W": "A copy of the article, checked against the received text, at ",
            "R": "A copy of an earlier revision of the article, checked against the received text, at ",
            "P": "A copy of another article, cited as a parallel, at ",
        }[siglum[0]]
        sub(witness, "ref", url, target=url)
    return listing


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
    for role in ROLES:
        statement = sub(title_stmt, "respStmt")
        sub(statement, "resp", role)
        for name in meta.editors:  # name, as the TEI stylesheets print a respStmt's names
            sub(statement, "name", name.display, type="organisation" if name.literal else "person")
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
    place = sub(publication, "pubPlace")  # the published address (a ptr here breaks the ePub conversion)
    sub(place, "ref", meta.base_url, target=meta.base_url)

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
    sub(
        editorial,
        "segmentation",
    ).append(
        paragraph(
            "The text is cut into passages at sense boundaries, usually a sentence or two; headings "
            "of the source are passages of their own. A passage is an ab numbered S.N (section, "
            "ordinal), a number never reused."
        )
    )
    sub(editorial, "interpretation").append(
        paragraph(
            "Names of persons, organisations, places and events are tagged with @ref to the index "
            "in standOff; the editors' notes on each passage and the notes of the apparatus are in "
            "back, each with the passage it belongs to (@n) and what it annotates (@target)."
        )
    )
    sub(editorial, "punctuation").append(
        paragraph("The received text has no punctuation besides the apostrophe, the en dash and the fraction slash.")
    )
    sub(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    refs = sub(encoding, "refsDecl")
    section = sub(refs, "citeStructure", unit="section", match="//text/body/div[@type='section']", use="@n")
    sub(section, "citeStructure", unit="passage", match="ab", use="substring-after(@n, '.')", delim=".")

    profile = sub(head, "profileDesc")
    langs = sub(profile, "langUsage")
    sub(langs, "language", "English, lower-cased and lemmatised by the preprocessing", ident="en")

    revisions = sub(head, "revisionDesc")
    for record in reversed(context.edition.releases.to_dict("records")):  # the newest first
        sub(
            revisions,
            "change",
            f"Version {record['version']}: {record['summary']}",
            when=record["date"],
            n=record["version"],
        )


# --- standOff: the index and the chronology -------------------------------------------------------------


def stand_off(context, root: ET.Element) -> None:
    edition = context.edition
    standoff = sub(root, "standOff")
    # The witnesses (in standOff: the TEI stylesheets' ePub conversion cannot print a listWit of
    # the header, and their HTML does not print standOff; @wit and @source point here either way)
    standoff.append(witness_list(context))
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
        return {"evidence": "external", "source": "#" + witness_urls(context.edition)[evidence.split(":", 1)[1]][0]}
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
        gap = sub(
            holder,
            "gap",
            xml_id=xml_id,
            reason="lost",
            cert=entry["certainty"],
            **evidence_attributes(context, entry["evidence"]),
        )
        sub(gap, "desc", "[…] lost in the received text")
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


def reading_witnesses(context, entry: dict) -> str:
    """``@wit`` of a lem or rdg: the received text (R), whose words every reading keeps, with what
    the editors supply marked as supplied; and the copy of the article that has the reading, when
    one is its evidence (a parallel is another article, so it stays in @source)."""
    kind, _, url = entry["evidence"].partition(":")
    if kind in ("witness", "revision"):
        return f"#{RECEIVED} #{witness_urls(context.edition)[url][0]}"
    return f"#{RECEIVED}"


def unit_content(context, unit: Unit) -> str | ET.Element | None:
    """A unit of the edited text as TEI: a token's text, or the element of its reading(s)."""
    if unit.kind == "token":
        return unit.text
    entry = unit.entry
    tokens_of = lambda e: unit.original  # noqa: E731
    if not unit.competing:
        return reading_element(context, entry, entry["id"], tokens_of)
    app = ET.Element(tei("app"), {XML_ID: f"app-{entry['id']}"})
    lemma = sub(app, "lem", xml_id=entry["id"], cert=entry["certainty"], wit=reading_witnesses(context, entry))
    preferred = reading_element(context, entry, None, tokens_of)
    if preferred is not None:
        lemma.append(preferred)
    for rival in unit.readings[1:]:
        source = evidence_attributes(context, rival["evidence"]).get("source")  # rdg takes no @evidence
        reading = sub(
            app,
            "rdg",
            xml_id=ncname(rival["id"]),
            cert=rival["certainty"],
            type=rival["type"],
            source=source,
            wit=reading_witnesses(context, rival),
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
    sub(block, "milestone", unit="passage", n=passage.id)  # the passage number, shown by the TEI stylesheets
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
        sub(div, "head", section["title"]).tail = "\n"  # the TEI stylesheets number it
        for passage in edition.passages_in_section(int(section["section"])):
            passage_element(context, passage, div)


def back(context, text: ET.Element) -> None:
    edition = context.edition
    end = sub(text, "back")
    notes = sub(end, "div", type="notes")
    sub(notes, "head", "The editors' notes on the passages")
    for passage in edition.passages:
        if context.notes.get(passage.id):
            sub(notes, "note", context.notes[passage.id], type="editorial", target=f"#{passage.anchor}", n=passage.id)
    entries = sub(end, "div", type="apparatus")
    sub(entries, "head", "Notes of the apparatus")
    for entry in edition.apparatus.to_dict("records"):
        if entry["note"] and entry["evidence"] != "rule":
            sub(entries, "note", entry["note"], type="apparatus", target=f"#{entry['id']}", n=entry["passage"])
    rivals = alternatives_of(context)
    passage_of = dict(zip(edition.apparatus["id"], edition.apparatus["passage"]))
    for record in rivals:
        if record.get("note"):
            sub(
                entries,
                "note",
                record["note"],
                type="alternative",
                target=f"#{ncname(record['id'])}",
                n=passage_of.get(record["entry"]),
            )
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
