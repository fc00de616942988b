"""The renderings in the built book: a third, labelled view in every passage; the narrative read
straight through; passages.json; Sphinx's search index."""

import json
import re

import pytest

NARRATIVE = "chapters/narrative.html"
# The story the narrative tells: the source's sections but its reference list and external links.
STORY_SECTIONS = range(1, 10)


def visible_text(element):
    """What a sighted reader sees of an element: without the words given to screen readers only."""
    import copy

    element = copy.copy(element)
    for hidden in element.select(".edition-sr"):
        hidden.decompose()
    return element.get_text()


def test_every_passage_shows_its_rendering_labelled_as_the_editors(edition, pages):
    seen = 0
    for name, soup in pages.items():
        for box in soup.select("div.passage[id^=p-]"):
            pid = box["id"][2:]
            rendering = box.select_one(".passage-text p.rendering")
            assert rendering is not None, pid
            assert rendering.select_one(".rendering-label").get_text() == "Editors' rendering", pid
            assert visible_text(rendering.select_one(".rendering-text")) == edition.rendering_of(pid), pid
            # one number, one permalink, one cite control for all three views
            assert len(box.select(".passage-number")) == 1 and len(box.select(".cite-button")) == 1
            seen += 1
    assert seen == len(edition.passages)


def test_the_narrative_has_every_passage_in_order_each_number_linking_to_it(edition, pages):
    soup = pages[NARRATIVE]
    shown = [span["id"][2:] for span in soup.select("article .narrative-passage[id^=n-]")]
    assert shown == [p.id for p in edition.passages if p.section in STORY_SECTIONS]
    for pid in shown:
        span = soup.find(id=f"n-{pid}")
        assert span.get_text(" ", strip=True).startswith(f"¶ {pid}")
        # the text after the number is the rendering, whole, but for a wiki hatnote ("see also: …")
        text = visible_text(span).replace(span.select_one(".narrative-number").get_text(), "", 1)
        expected = re.sub(r" \(see also: [^)]*\)", "", edition.rendering_of(pid))
        assert text == expected, pid
        page, anchor = span.select_one(".narrative-number a")["href"].split("#")
        assert pages[f"chapters/{page}"].find(id=anchor) is not None and anchor == f"p-{pid}"
    # a paragraph between two headings: each heading is a heading, and no paragraph crosses one
    for passage in edition.passages:
        if passage.section not in STORY_SECTIONS:
            continue
        span = soup.find(id=f"n-{passage.id}")
        assert (span.find_parent(["h2", "h3"]) is not None) == passage.is_heading, passage.id
    assert "editors' rendering, not the original text" in soup.select_one("article").get_text().replace("’", "'")


def test_every_text_chapter_and_the_front_matter_link_to_the_narrative(edition, pages, placed):
    assert len(edition.sections) == len(set(placed.values())) == 11
    for section in edition.sections["section"]:
        page = placed[edition.passages_in_section(section)[0].id] + ".html"
        hrefs = [a["href"] for a in pages[page].select("p.narrative-invitation a")]
        if section not in STORY_SECTIONS:  # the reference lists are not told in the narrative
            assert hrefs == [] and pages[NARRATIVE].find(id=f"narrative-{section}") is None, page
            continue
        assert hrefs == [f"narrative.html#narrative-{section}"], page
        assert pages[NARRATIVE].find(id=f"narrative-{section}") is not None
    for page in ("index.html", "chapters/introduction.html"):
        assert any(a["href"].endswith("narrative.html") for a in pages[page].select("article a[href]")), page


WORDS_A_MINUTE = 240  # an adult's silent reading of non-fiction, roughly


def test_the_narrative_reads_in_a_sitting_and_each_chapter_in_minutes(edition):
    """The story (sections 1–9; the reference lists are not read through). The renderings keep every
    name, figure and supplied negation of the source, so the whole cannot be shorter than the
    source's 2,710 tokens with their small words restored: at most 4,500 words (under 19 minutes at
    240 words a minute, 15 at 300), and no chapter longer than 6 minutes."""
    words = {
        section: sum(len(edition.rendering_of(p.id).split()) for p in edition.passages_in_section(section))
        for section in range(1, 10)
    }
    total = sum(words.values())
    print(f"{total} words: {total / WORDS_A_MINUTE:.1f} minutes at {WORDS_A_MINUTE} words a minute; by chapter {words}")
    assert 0 < total <= 4500
    assert max(words.values()) <= WORDS_A_MINUTE * 6


def test_passages_json_carries_each_rendering_labelled_as_the_editors(edition, site):
    payload = json.loads((site / "passages.json").read_text(encoding="utf-8"))
    assert "editors' plain english, not the original text" in payload["rendering"].lower()
    assert {r["id"]: r["rendering"] for r in payload["passages"]} == dict(
        zip(edition.renderings["passage"], edition.renderings["rendering"])
    )


@pytest.fixture(scope="module")
def search_index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def test_the_search_index_has_every_word_of_every_rendering_on_its_chapter_page(edition, search_index, placed):
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})
    docs = search_index["docnames"]
    missing = []
    for passage in edition.passages:
        page = docs.index(placed[passage.id])
        for word in re.findall(r"\w+", edition.rendering_of(passage.id).lower()):
            # Sphinx indexes a word by its stem, or as it is when the stem is filtered out (as "one" → "on")
            key = english.stem(word) if english.word_filter(english.stem(word)) else word
            if not english.word_filter(key):
                continue
            where = [*as_list(search_index["terms"].get(key)), *as_list(search_index["titleterms"].get(key))]
            if page not in where:
                missing.append(f"¶ {passage.id}: {word}")
    assert missing == []


def as_list(value):
    return [] if value is None else value if isinstance(value, list) else [value]
