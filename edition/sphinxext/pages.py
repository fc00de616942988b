"""Pages the extension generates from the data: the indexes, the chronology, the apparatus and the
corrections.

Each is a directive (or, for the apparatus at the end of each chapter, a doctree-read handler) fed
by the one loaded edition; everything from the data is put into docutils nodes, never raw HTML.
"""

from __future__ import annotations

from urllib.parse import urlparse

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition.checks.evidence import article_title
from edition.model.dates import date_words, edtf_bounds
from edition.model.edited import ALTERNATIVE_MARKER, readings_of, siglum
from edition.model.edition import Edition
from edition.model.entities import passages_of
from edition.model.readable import ids_in_words
from edition.sphinxext.state import edition_of

logger = logging.getLogger(__name__)


def passage_link(pid: str, docname: str) -> nodes.Node:
    link = addnodes.pending_xref(
        "",
        refdomain="edition",
        reftype="passage",
        reftarget=pid,
        refdoc=docname,
        refexplicit=True,
        classes=["passage-ref"],
    )
    link += nodes.inline(text=f"¶ {pid}")
    return link


MAP_PAGE = "chapters/figures/map"
ROLE_OPTION = {"actor", "author", "publisher"}


def entity_entry(directive, edition: Edition, record: dict) -> nodes.container:
    """One entry of an index: the name and description, the forms in the source, the passages, and
    for a place its point on the map."""
    env = directive.env
    env.get_domain("edition").data["entities"][record["id"]] = env.docname
    entry = nodes.container(classes=["entity-entry"], ids=[f"e-{record['id']}"])
    head = nodes.paragraph(classes=["entity-head"])
    head += nodes.strong(text=record["name"])
    head += nodes.Text(f" — {record['description']}")
    entry += head
    forms = nodes.paragraph(classes=["entity-variants"])
    forms += nodes.Text("In the source: ")
    for k, variant in enumerate(record["variants"].split("|")):
        if k:
            forms += nodes.Text(", ")
        forms += nodes.literal(text=variant)
    entry += forms
    where = nodes.paragraph(classes=["entity-passages"])
    where += nodes.Text("Passages: ")
    for k, pid in enumerate(passages_of(edition, record["id"])):
        if k:
            where += nodes.Text(", ")
        where += passage_link(pid, env.docname)
    entry += where
    if record["type"] == "place" and record["lat"] != "" and MAP_PAGE in env.found_docs:
        from sphinx.util.osutil import relative_uri

        builder = env.app.builder
        uri = relative_uri(builder.get_target_uri(env.docname), builder.get_target_uri(MAP_PAGE))
        point = nodes.paragraph(classes=["entity-map"])
        point += nodes.reference("", "On the map", refuri=f"{uri}#place-{record['id']}")
        entry += point
    return entry


def heading(title: str, ident: str) -> nodes.section:
    """A section with its title, as a directive returns one: a real heading, listed in the page's
    contents (the theme's "On this page" and a phone's contents button), with a stable anchor."""
    section = nodes.section(ids=[ident])
    section += nodes.title(text=title)
    return section


def grouped_sections(prefix: str, groups: list[tuple[str, list[nodes.Node]]], jump: bool) -> list[nodes.Node]:
    """Each group under its own heading (a section: the page contents list it), optionally after a
    row of links to the groups (A–Z)."""
    out: list[nodes.Node] = []
    if jump:
        links = nodes.bullet_list(classes=["letter-jump"])
        for label, _ in groups:
            item = nodes.list_item()
            para = nodes.paragraph()
            para += nodes.reference("", label, refid=f"{prefix}-{label}")
            item += para
            links += item
        out.append(links)
    for label, children in groups:
        section = heading(label, f"{prefix}-{label}")
        section["classes"].append("index-group")
        section += children
        out.append(section)
    return out


class EntityIndexDirective(SphinxDirective):
    """``{entity-index} person``: every entity of that type, with each passage it occurs in.

    Options: ``:role:`` only the entities of that role (``data/entities.csv``: actor, author,
    publisher); ``:letters:`` persons by surname (``sort_as``) under letter headings, with A–Z links;
    ``:years:`` events in date order under year headings."""

    required_arguments = 1
    option_spec = {
        "role": lambda value: value.strip(),
        "letters": lambda value: True,
        "years": lambda value: True,
    }

    def run(self):
        edition = edition_of(self.env.app)
        kind = self.arguments[0].strip()
        chosen = edition.entities[edition.entities["type"] == kind]
        role = self.options.get("role")
        if role:
            if role not in ROLE_OPTION:
                logger.warning(f"unknown role {role!r}: one of {sorted(ROLE_OPTION)}", location=self.get_location())
            chosen = chosen[chosen["role"] == role]
        if chosen.empty:
            logger.warning(f"no entities of type {kind!r} in data/entities.csv", location=self.get_location())
            return []
        records = chosen.to_dict("records")
        if "years" in self.options:
            records.sort(key=lambda r: (edtf_bounds(r["date"]) if r["date"] else ("9999", "9999"), r["name"].lower()))
        else:
            records.sort(key=lambda r: (r.get("sort_as") or r["name"]).lower())
        box = nodes.container(classes=["entity-index", f"entity-index-{kind}"])
        if "letters" in self.options or "years" in self.options:
            groups: dict[str, list[nodes.Node]] = {}
            for record in records:
                if "years" in self.options:
                    label = edtf_bounds(record["date"])[0][:4] if record["date"] else "Undated"
                else:
                    label = (record.get("sort_as") or record["name"])[0].upper()
                groups.setdefault(label, []).append(entity_entry(self, edition, record))
            prefix = f"{kind}-{role}" if role else kind
            return grouped_sections(prefix, list(groups.items()), jump="letters" in self.options)
        box += [entity_entry(self, edition, record) for record in records]
        return [box]


class ChronologyDirective(SphinxDirective):
    """``{chronology}``: every dated event of ``events.csv`` in date order, each linked to its passage."""

    def run(self):
        edition = edition_of(self.env.app)
        events = edition.events.copy()
        events["start"] = [edtf_bounds(d)[0] for d in events["date"]]
        events = events.sort_values(["start", "first_token"], kind="stable")
        years: dict[str, nodes.bullet_list] = {}
        for record in events.to_dict("records"):
            listing = years.setdefault(record["start"][:4], nodes.bullet_list(classes=["chronology"]))
            item = nodes.list_item(ids=[f"event-{record['id']}"])
            line = nodes.paragraph()
            line += nodes.strong(text=date_words(record["date"]))
            line += nodes.Text(f" — {record['event']} ")
            line += passage_link(record["passage"], self.env.docname)
            if record["note"]:
                line += nodes.Text(f" {ids_in_words(edition, record['note'])}")
            item += line
            listing += item
        return grouped_sections("year", [(year, [listing]) for year, listing in years.items()], jump=True)


# --- the apparatus: per chapter, and the whole of it by type ------------------------------------------

TYPE_HEADINGS = [
    (
        ("supplied", "negation"),
        "Negations supplied",
        "The preprocessing removed these negations; without them the text says the opposite or something else.",
    ),
    (("supplied", "name"), "Names supplied", "Proper names the preprocessing dropped."),
    (
        ("supplied", "place"),
        "Places and countries supplied",
        "Parts of place names, and abbreviations read as stop-words (U.S., UN).",
    ),
    (("supplied", "word"), "Other words supplied", "Words whose loss blurs or changes the sense."),
    (("supplied", "number"), "Number words supplied", "Small number words removed as stop-words."),
    (("gap", None), "Gaps", "Matter lost beyond recovery; shown as […]."),
    (("regularisation", None), "Regularisations by hand", "Single words corrected case by case."),
    (
        ("none", None),
        "Places left as received",
        "Places where the preferred reading supplies nothing; the "
        "alternative readings listed with each would supply a word.",
    ),
]


def evidence_nodes(edition: Edition, evidence: str, docname: str) -> list[nodes.Node]:
    if evidence.startswith("witness:"):
        url = evidence[len("witness:") :]
        return [nodes.Text("a copy of the article at "), nodes.reference("", urlparse(url).netloc, refuri=url)]
    if evidence.startswith("revision:"):
        url = evidence[len("revision:") :]
        return [
            nodes.Text("a copy of an earlier revision of the article at "),
            nodes.reference("", urlparse(url).netloc, refuri=url),
        ]
    if evidence.startswith("parallel:"):
        url = evidence[len("parallel:") :]
        return [
            nodes.Text(f"a parallel text, the article “{article_title(url)}” at "),
            nodes.reference("", urlparse(url).netloc, refuri=url),
        ]
    if evidence in edition.bibliography_keys:
        link = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget="/chapters/bibliography", refdoc=docname, refexplicit=True
        )
        link += nodes.inline(text=bibliography_label(edition, evidence))
        return [link]
    return [nodes.Text({"context": "the text itself", "rule": "a rule"}.get(evidence, evidence))]


def bibliography_label(edition: Edition, key: str) -> str:
    """``coll2004`` → ``Coll 2004``, from the work's author and year (pybtex)."""
    return edition.cite_label(key)


def shown_reading(entry: dict, competing: bool = False) -> str:
    return siglum(entry, competing) if entry["type"] != "none" else "nothing supplied"


def reading_details(edition: Edition, entry: dict, docname: str) -> list[nodes.Node]:
    """`` (supplied, negation; certainty medium; evidence: …). note``"""
    out = [nodes.Text(f" ({entry['type']}, {entry['subtype']}; certainty {entry['certainty']}; evidence: ")]
    out += evidence_nodes(edition, entry["evidence"], docname)
    out.append(nodes.Text(f"). {ids_in_words(edition, entry['note'])}"))
    return out


def apparatus_item(edition: Edition, entry: dict, docname: str) -> nodes.list_item:
    """One entry; where its span has competing readings, every reading, the preferred first, labelled."""
    first, last = int(entry["token"]), int(entry["last_token"])
    item = nodes.list_item(ids=[f"app-{entry['id']}"])
    line = nodes.paragraph()
    line += passage_link(entry["passage"], docname)
    line += nodes.Text(" ")
    line += nodes.literal(text=" ".join(edition.tokens[first : last + 1]))
    where = {"before": "before it", "after": "after it", "replace": "read as"}[entry["position"]]
    line += nodes.Text(f" — {where} ")
    readings = readings_of(edition, entry)
    if len(readings) == 1:
        line += nodes.strong(text=shown_reading(entry))
        line += reading_details(edition, entry, docname)
        item += line
        return item
    line += nodes.strong(text=shown_reading(entry, competing=True) + ALTERNATIVE_MARKER)
    line += nodes.Text(f" — {len(readings)} competing readings, the preferred first:")
    item += line
    listing = nodes.bullet_list(classes=["apparatus-readings"])
    for reading in readings:
        row = nodes.list_item(ids=[] if reading["preferred"] else [f"app-{reading['id']}"])
        text = nodes.paragraph()
        text += nodes.inline(
            text="Preferred reading" if reading["preferred"] else "Alternative reading",
            classes=["reading-label"],
        )
        text += nodes.Text(": ")
        text += nodes.strong(text=shown_reading(reading, competing=True))
        text += reading_details(edition, reading, docname)
        row += text
        listing += row
    item += listing
    return item


def apparatus_by_type(edition: Edition, entries, docname: str, *, sections: bool = False) -> list[nodes.Node]:
    """Hand-made entries grouped by kind, then the rule-made regularisations summarised by rule. Each
    group under a rubric (the apparatus at the end of a chapter) or, with ``sections``, under a real
    heading with an anchor of its own (the whole apparatus, a long page)."""
    out: list[nodes.Node] = []

    def group(title: str, name: str, *body: nodes.Node) -> None:
        if sections:
            section = heading(title, nodes.make_id(f"apparatus {name}"))
            section.extend(body)
            out.append(section)
        else:
            out.extend([nodes.rubric(text=title), *body])

    hand = entries[entries["evidence"] != "rule"]
    listed: set[str] = set()
    groups = [*TYPE_HEADINGS, ((None, None), "Other interventions", "Entries of other kinds.")]
    for (kind, subtype), title, gloss in groups:
        chosen = hand[
            ((hand["type"] == kind) if kind else ~hand["id"].isin(listed))
            & ((hand["subtype"] == subtype) if subtype else True)
            & ~hand["id"].isin(listed)
        ]
        listed |= set(chosen["id"])
        if chosen.empty:
            continue
        listing = nodes.bullet_list(classes=["apparatus-list"])
        listing += [apparatus_item(edition, e, docname) for e in chosen.to_dict("records")]
        group(
            f"{title} ({len(chosen)})",
            title,
            nodes.paragraph(text=gloss, classes=["apparatus-gloss"]),
            listing,
        )
    ruled = entries[entries["evidence"] == "rule"]
    if not ruled.empty:
        gloss = nodes.paragraph(
            text="Made by rule wherever the artifact occurs, never case by case: lemmatiser "
            "stems (wa → was) and numbers split at the thousands separator.",
            classes=["apparatus-gloss"],
        )
        listing = nodes.bullet_list(classes=["apparatus-list"])
        for (reading, note), rows in ruled.groupby(["reading", "note"], sort=False):
            received = sorted(
                {" ".join(edition.tokens[int(a) : int(b) + 1]) for a, b in zip(rows["token"], rows["last_token"])}
            )
            item = nodes.list_item()
            line = nodes.paragraph()
            line += nodes.literal(text=" / ".join(received[:3]) + (" …" if len(received) > 3 else ""))
            line += nodes.Text(" → ")
            line += nodes.strong(text=reading)  # the word or the number as a reader writes it (10,000)
            line += nodes.Text(f" ({len(rows)}×): ")
            for k, pid in enumerate(dict.fromkeys(rows["passage"])):
                if k:
                    line += nodes.Text(", ")
                line += passage_link(pid, docname)
            item += line
            listing += item
        group(f"Regularisations by rule ({len(ruled)})", "regularisations-by-rule", gloss, listing)
    return out


class ApparatusDirective(SphinxDirective):
    """``{apparatus}``: every editorial intervention of the edition, by type, each linked to its passage."""

    def run(self):
        edition = edition_of(self.env.app)
        return apparatus_by_type(edition, edition.apparatus, self.env.docname, sections=True)


def append_chapter_apparatus(app, doctree):
    """Each chapter of the text ends with the apparatus of the passages it places."""
    docname = app.env.docname
    placed = [pid for pid, (doc, _) in app.env.get_domain("edition").data["placed"].items() if doc == docname]
    if not placed:
        return
    edition = edition_of(app)
    entries = edition.apparatus[edition.apparatus["passage"].isin(placed)]
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    section = nodes.section(
        ids=["chapter-apparatus"], names=["apparatus of this chapter"], classes=["chapter-apparatus"]
    )
    section += nodes.title(text="Apparatus of this chapter")
    if entries.empty:
        section += nodes.paragraph(text="No editorial intervention in this chapter.")
    else:
        section += nodes.paragraph(
            text="Every intervention in the passages of this chapter. The reading view shows "
            "them in the text; the diplomatic view shows the words as received."
        )
        section += apparatus_by_type(edition, entries, docname)
    top += section


# --- corrections since the previous release -------------------------------------------------------------


def correction_passage(edition: Edition, target: str) -> str | None:
    """The passage a corrected thing belongs to: the passage itself, or the passage of its row."""
    if target in edition.by_id:
        return target
    hand = edition.apparatus.set_index("id")["passage"]
    alternatives = edition.alternatives.set_index("id")["entry"] if not edition.alternatives.empty else {}
    if target in alternatives:
        return hand.get(alternatives[target])
    for frame in (edition.apparatus, edition.events, edition.figures):
        rows = frame.set_index("id")["passage"]
        if target in rows:
            return rows[target]
    return None


def correction_link(edition: Edition, target: str, docname: str) -> nodes.Node:
    """A link to what a correction names: a passage, its apparatus entry, its row under a chart,
    its index entry, or a page."""
    if target in edition.by_id:
        return passage_link(target, docname)
    if target in set(edition.entities["id"]):
        reftype, text = "entity", edition.entities.set_index("id").loc[target, "name"]
    elif target in set(edition.events["id"]) | set(edition.figures["id"]):
        reftype, text = "figure", figure_words(edition, target)
    elif target.startswith("chapters/"):
        link = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget=f"/{target}", refdoc=docname, refexplicit=False
        )
        link += nodes.inline(text=target)
        return link
    else:
        reftype, text = "apparatus", ids_in_words(edition, target)
    link = addnodes.pending_xref(
        "",
        refdomain="edition",
        reftype=reftype,
        reftarget=target,
        refdoc=docname,
        refexplicit=True,
        classes=[f"{reftype}-ref"],
    )
    link += nodes.inline(text=text)
    return link


def figure_words(edition: Edition, row_id: str) -> str:
    """A figure or an event in words: its measure, or its date and what happened."""
    figures = edition.figures.set_index("id")
    if row_id in figures.index:
        return f"the figure “{figures.loc[row_id, 'measure']}”"
    events = edition.events.set_index("id")
    if row_id in events.index:
        return f"the event of {date_words(events.loc[row_id, 'date'])}"
    return row_id


FIELD_WORDS = {
    "rendering": "the editors' rendering",
    "note": "the note",
    "apparatus": "apparatus entry",
    "alternative": "alternative reading",
    "event": "event of the chronology",
    "figure": "figure of the charts",
    "numeral": "numeral",
    "entity": "index entry",
    "page": "page",
}


class CorrectionsDirective(SphinxDirective):
    """``{corrections}`` (options ``release``: the release that made them, by default this one;
    ``since``: the release before it): the rows of corrections.csv of that release, grouped by the
    passage they concern, in the order of the text, so that a reader who cited a passage of the
    release before finds what changed under it."""

    option_spec = {"since": lambda value: value.strip(), "release": lambda value: value.strip()}

    def run(self):
        edition = edition_of(self.env.app)
        now = self.options.get("release", self.env.app.config.edition_version)
        since = self.options.get("since", "the previous release")
        order = {p.id: p.order for p in edition.passages}
        groups: dict[str | None, list[dict]] = {}
        for record in edition.corrections.to_dict("records"):
            if record["release"] != now:
                continue
            groups.setdefault(correction_passage(edition, record["target"]), []).append(record)
        out: list[nodes.Node] = []
        current: tuple | None = ()
        for pid in sorted(groups, key=lambda p: (p is None, order.get(p, 0))):
            # a heading for each section of the source (then one for the index entries and pages),
            # so that a long release is read section by section and reached from the page's contents
            section_number = edition.by_id[pid].section if pid is not None else None
            if section_number != current:
                current = section_number
                title = (
                    f"{section_number}. {edition.section_title(section_number)}"
                    if section_number is not None
                    else "Index entries and pages"
                )
                ident = nodes.make_id(
                    f"corrections {now} " + (f"s{section_number}" if section_number is not None else "other")
                )
                out.append(heading(title, ident))
            if pid is not None:
                head = nodes.rubric(classes=["corrections-passage"])
                head += passage_link(pid, self.env.docname)
                out[-1] += head
            listing = nodes.bullet_list(classes=["corrections-list"])
            for record in groups[pid]:
                item = nodes.list_item(ids=[f"correction-{record['id']}"])
                line = nodes.paragraph()
                line += correction_link(edition, record["target"], self.env.docname)
                line += nodes.Text(f" ({FIELD_WORDS.get(record['field'], record['field'])})")
                item += line
                for label, text in (
                    (f"{since} said", record["was"]),
                    (f"{now} says", record["now"]),
                    ("Why", record["why"]),
                ):
                    part = nodes.paragraph(classes=["correction-part"])
                    part += nodes.emphasis(text=f"{label}: ")
                    part += nodes.Text(ids_in_words(edition, text))
                    item += part
                listing += item
            out[-1] += listing
        return out


def setup_pages(app) -> None:
    app.add_directive("entity-index", EntityIndexDirective)
    app.add_directive("chronology", ChronologyDirective)
    app.add_directive("apparatus", ApparatusDirective)
    app.add_directive("corrections", CorrectionsDirective)
    app.connect("doctree-read", append_chapter_apparatus, priority=400)  # before the page contents are collected (500)
