"""Reader first (issue 24), in the built pages: the narrative in paragraphs with its reading times and
the editors' marked notes, the glossary and its links, the Downloads page, the footer's version and
licence, the key of the marks, the switch's slot only on pages with passages, and no internal code
(bibliography key, row id, schema word) anywhere a reader looks. Expected values come from the
data files read here with the csv module, not from the functions that drew the pages."""

import copy
import csv
import re

import yaml
from conftest import ROOT
from helpers import toc_pages

NARRATIVE = "chapters/narrative.html"
WORDS_A_MINUTE = 240


def straight(text):
    """Quotes as typed in the data: the pages set them curly (smartquotes)."""
    return text.replace("‘", "'").replace("’", "'")


def rows(name):
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seen(element):
    """What a sighted reader sees of an element: without the words given to screen readers only."""
    element = copy.copy(element)
    for hidden in element.select(".edition-sr"):
        hidden.decompose()
    return element.get_text()


def prose(paragraph):
    """A narrative paragraph's words: without the ¶ numbers in the margin and the marked notes."""
    paragraph = copy.copy(paragraph)
    for extra in paragraph.select(".narrative-number, .narrative-note, .edition-sr"):
        extra.decompose()
    return paragraph.get_text()


def test_narrative_paragraphs_are_at_most_200_words_and_never_cross_a_heading(pages):
    article = pages[NARRATIVE].select_one("article")
    paragraphs = article.select("p.narrative-paragraph")
    counts = [len(prose(p).split()) for p in paragraphs]
    print(f"{len(counts)} paragraphs, longest {max(counts)} words")
    assert len(paragraphs) > 24 and max(counts) <= 200
    for paragraph in paragraphs:
        assert paragraph.find(["h2", "h3"]) is None


def test_a_narrative_paragraph_starts_at_each_turn_of_topic_the_editors_marked(pages):
    """narrative_paragraphs.csv, read here: each listed passage opens a paragraph of its own."""
    soup = pages[NARRATIVE]
    turns = [row["passage"] for row in rows("narrative_paragraphs.csv")]
    assert len(turns) >= 20
    for passage in turns:
        paragraph = soup.find(id=f"n-{passage}").find_parent("p", class_="narrative-paragraph")
        first = paragraph.select_one("[id^=n-]")
        assert first["id"] == f"n-{passage}", (passage, first["id"])


def test_headings_of_the_source_are_the_narratives_headings(pages):
    soup = pages[NARRATIVE]
    for record in rows("passages.csv"):
        if int(record["section"]) > 9:
            continue
        span = soup.find(id=f"n-{record['id']}")
        assert (span.find_parent(["h2", "h3"]) is not None) == (record["kind"] != "body"), record["id"]


def test_a_sentence_split_across_passages_stays_in_one_paragraph(pages):
    soup = pages[NARRATIVE]
    renderings = rows("renderings.csv")
    kinds = {r["id"]: r["kind"] for r in rows("passages.csv")}
    checked = 0
    for this, after in zip(renderings, renderings[1:]):
        if (
            kinds[this["passage"]] != "body"
            or int(this["passage"].split(".")[0]) > 9
            or re.search(r"[.!?…]['’\"”)]*$", this["rendering"].strip())
        ):
            continue
        if soup.find(id=f"n-{after['passage']}").find_parent(["h2", "h3"]):
            continue
        first = soup.find(id=f"n-{this['passage']}").find_parent("p")
        second = soup.find(id=f"n-{after['passage']}").find_parent("p")
        assert first is second, (this["passage"], after["passage"])
        checked += 1
    assert checked >= 3  # ¶ 2.3–2.4, 8.36–8.37, 9.7–9.8


def test_references_links_and_hatnotes_are_left_out_of_the_narrative(pages):
    article = pages[NARRATIVE].select_one("article")
    text = " ".join(prose(section) for section in article.select(".narrative-section"))
    assert not article.select('[id^="n-10."], [id^="n-11."]')
    assert "see also" not in text.lower() and "ISBN" not in text and "YouTube" not in text


def test_reading_times_are_stated_at_240_words_a_minute(pages):
    soup = pages[NARRATIVE]
    article = soup.select_one("article")
    total = 0
    for section in range(1, 10):
        box = soup.find(id=f"narrative-{section}")
        words = sum(len(prose(p).split()) for p in box.select("p.narrative-paragraph"))
        words += sum(len(prose(h).split()) for h in box.select("h2, h3") if h.select(".narrative-passage"))
        total += words
        stated = box.select_one("p.narrative-chapter .narrative-time").get_text()
        minutes = max(1, round(words / WORDS_A_MINUTE))
        assert f"about {minutes} minute" in stated and f"{words:,} words" in stated, (section, stated)
    stated = article.select_one(".narrative-total-time").get_text()
    assert f"about {round(total / WORDS_A_MINUTE)} minutes ({total:,} words at 240 a minute)" in stated


def test_each_editors_note_is_marked_at_its_passage_and_leads_to_its_notes(pages):
    soup = pages[NARRATIVE]
    notes = rows("narrative_notes.csv")
    assert len(notes) == 12 and len(soup.select(".narrative-note")) == len(notes)
    for record in notes:
        passage = soup.find(id=f"n-{record['passage']}")
        note = passage.find_next_sibling(class_="narrative-note")
        assert note is not None, record["passage"]
        assert straight(record["note"])[:40] in straight(note.get_text())
        link = note.select_one(".narrative-note-see a")
        assert link["href"].endswith(f"#p-{record['see']}")


def test_the_glossary_defines_every_term_and_each_is_linked_from_its_first_use(pages):
    glossary = pages["chapters/glossary.html"]
    terms = rows("glossary.csv")
    assert len(terms) >= 12
    for record in terms:
        term = glossary.find(id=f"g-{record['id']}")
        assert term is not None and term.name == "dt" and record["term"] in term.get_text()
        assert straight(record["definition"])[:30] in straight(term.find_next_sibling("dd").get_text())
    # the narrative: each term at most once, at its first use; mujahideen, ISI and PDPA at least
    narrative = pages[NARRATIVE].select_one("article")
    linked = [a["href"].split("#")[1] for a in narrative.select('a[href^="glossary.html#g-"]')]
    assert len(linked) == len(set(linked)) and {"g-mujahideen", "g-isi", "g-pdpa"} <= set(linked)
    first_isi = next(a for a in narrative.select("a") if a.get_text().lower() == "isi" or "ISI" in a.get_text())
    assert first_isi["href"] == "glossary.html#g-isi"
    # a chapter: its first "ISI" (in the rendering of ¶ 4.2) is the link
    chapter = pages["chapters/04-jalalabad.html"]
    link = chapter.select_one('a[href="glossary.html#g-isi"]')
    assert link is not None and link.find_parent(id="p-4.2") is not None
    assert len(chapter.select('a[href="glossary.html#g-isi"]')) == 1


def test_the_downloads_page_lists_every_format_with_its_purpose(pages, site):
    soup = pages["chapters/downloads.html"]
    items = soup.select("dl.downloads > dt")
    titles = [dt.get_text() for dt in items]
    for word in (
        "TEI",
        "DTS",
        "passage",
        "plain text",
        "data package",
        "notebooks",
        "PDF",
        "archive bundle",
        "Web Annotations",
        "Linked Places",
        "Citation records",
    ):
        assert any(word.lower() in title.lower() for title in titles), word
    links = soup.select("dl.downloads a[href]")
    assert len(links) >= len(items)  # each format links its file or its page
    for link in links:
        href = link["href"]
        if href.startswith("http"):
            continue
        assert (site / "chapters" / href).resolve().exists(), href
    text = soup.select_one("dl.downloads").get_text()
    assert "make pdf" in text and "make dist" in text
    purposes = soup.select("dl.downloads > dd")
    assert len(purposes) == len(items) >= 10  # one purpose a format
    for dd in purposes:
        assert len(dd.get_text().split()) >= 12  # what it is for, in a sentence


def test_every_page_names_the_version_and_the_licence_in_its_footer(pages):
    version = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        footer = soup.select_one("footer.bd-footer-content")
        assert footer is not None, name
        text = " ".join(footer.get_text().split())
        assert f"Version {version}" in text and "CC BY-SA 4.0" in text, name
        assert "Wikipedia" in text and "contributors" in text, name


def test_every_page_with_passages_has_a_key_of_the_marks_and_the_others_no_switch(pages, placed):
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    with_passages = {name for name, soup in pages.items() if soup.select("div.passage[id^=p-]")}
    assert with_passages == {f"{docname}.html" for docname in placed.values()}  # the text chapters
    for name, soup in pages.items():
        has_passages = bool(soup.select("div.passage[id^=p-]"))
        assert bool(soup.select(".view-switch-slot")) == has_passages, name
        key = soup.select_one("details.sigla-key")
        assert (key is not None) == has_passages, name
        if key is not None:
            text = key.get_text()
            for mark in ("⟨", "?⟩", "[…]", "‡"):
                assert mark in text, (name, mark)
            assert "in every view" in text


BIB_KEY = re.compile(r"@\w+\{([^,\s]+),")
ROW_ID = re.compile(r"\b[AVFEC]\d{3}\b")
SCHEMA_WORDS = ("stated_in_words", "(EDTF)", "→ rejoined", "value_as_written")


def test_no_page_shows_a_bibliography_key_a_row_id_or_a_schema_word(pages):
    """In any page's visible text, tooltips (title attributes, the sigla's explanations) and
    accessible names, never a code: keys of references.bib, row ids of the tables, schema words."""
    keys = set(BIB_KEY.findall((ROOT / "data" / "references.bib").read_text(encoding="utf-8")))
    assert len(keys) > 10
    key_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(keys))) + r")\b")
    found = []
    for name, soup in pages.items():
        soup = copy.copy(soup)
        for hidden in soup.select("script, style, noscript, template"):
            hidden.decompose()
        text = soup.get_text(" ")
        text += " " + " ".join(
            value for tag in soup.find_all(True) for attr in ("title", "aria-label", "alt") if (value := tag.get(attr))
        )
        for pattern in (key_pattern, ROW_ID):
            found += [f"{name}: {hit}" for hit in sorted(set(pattern.findall(text)))]
        found += [f"{name}: {word}" for word in SCHEMA_WORDS if word in text]
    assert found == []
