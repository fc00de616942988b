"""Ways around the book (issue 24, items 4 and 5): search that lands on the passage, one search box per
screen, the source's sub-sections in a chapter's page contents, go to ¶, the index of persons by
surname under letters, the chronology under years. Expected values come from the data tables, read
here with the csv module, not from the code that builds the pages."""

from __future__ import annotations

import csv
import re

import pytest
from helpers import ROOT

SCREENS = [
    pytest.param(dict(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True), id="390-touch"),
    pytest.param(dict(viewport={"width": 1280, "height": 900}), id="1280"),
]


def table(name: str) -> list[dict]:
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def chapter_of(pid: str) -> str:
    section = int(pid.split(".")[0])
    key = next(row["key"] for row in table("sections.csv") if int(row["section"]) == section)
    return f"chapters/{section:02d}-{key}.html"


def supplied_name_passages(word: str) -> set[str]:
    """Passages where the apparatus supplies ``word`` (a name the source lost)."""
    return {
        row["passage"]
        for row in table("apparatus.csv")
        if row["type"] == "supplied" and word.lower() in row["reading"].lower()
    }


def rendering_passages(word: str) -> set[str]:
    return {row["passage"] for row in table("renderings.csv") if re.search(rf"\b{word}", row["rendering"], re.I)}


@pytest.fixture(params=SCREENS)
def page(request, browser):
    context = browser.new_context(**request.param)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def passage_results(page) -> list[str]:
    page.wait_for_selector("#search-results ol.search-results-passage li a, .search-status:has-text('Nothing')")
    return page.eval_on_selector_all(
        "#search-results ol.search-results-passage li a", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, expected",
    [
        ("Dostum", lambda: supplied_name_passages("Dostum")),  # a name only the edited text restores
        ("resign", lambda: rendering_passages("resign")),  # a word of the editors' plain English
        ("4.22", lambda: {"4.22"}),
        ("¶ 4.22", lambda: {"4.22"}),
    ],
)
def test_search_lands_on_the_passage(page, server, query, expected):
    wanted = expected()
    assert wanted, f"the data have no passage for {query!r}"
    page.goto(f"{server}/search.html?q={query}")
    hrefs = passage_results(page)
    found = {re.search(r"#p-(.+)$", href).group(1) for href in hrefs}
    assert found & wanted, (query, hrefs)
    # Passages come first, before notes, index entries and pages.
    groups = page.eval_on_selector_all("#search-results section", "s => s.map(x => x.className)")
    assert "search-group-passage" in groups[0]
    # The first result that is one of the wanted passages opens the passage itself, highlighted.
    pid = next(re.search(r"#p-(.+)$", h).group(1) for h in hrefs if re.search(r"#p-(.+)$", h).group(1) in wanted)
    page.locator(f"#search-results a[href$='#p-{pid}']").first.click()
    page.wait_for_url(f"**/{chapter_of(pid)}*#p-{pid}")
    box = page.locator(f".passage[id='p-{pid}']")
    assert box.evaluate("el => el.matches(':target')")
    assert box.evaluate("el => getComputedStyle(el).outlineStyle") != "none"  # visibly highlighted
    # at the top of the screen, once the (smooth) scroll has ended
    page.wait_for_function(
        "([el, h]) => { const t = el.getBoundingClientRect().top - visualViewport.offsetTop; return t >= 0 && t < h / 2; }",
        arg=[box.element_handle(), page.viewport_size["height"]],
        timeout=5000,
    )
    if not re.match(r"^[¶\s\d.]+$", query):
        assert box.locator("mark.search-hit").count() >= 1  # the words searched for, marked


@pytest.mark.browser
def test_search_results_quote_no_interface_text(page, server):
    page.goto(f"{server}/search.html?q=Massoud")
    passage_results(page)
    excerpts = page.eval_on_selector_all(".search-excerpt", "ps => ps.map(p => p.textContent)")
    assert excerpts
    for text in excerpts:  # the cite button, the view's labels, the charted rows: never quoted
        assert not re.search(r"\d(cite|Charted)|\bcite \w|Editors' rendering|Charted:|Permalink", text), text
    passages = page.eval_on_selector_all(".search-results-passage .search-excerpt", "ps => ps.map(p => p.textContent)")
    assert passages  # Massoud is named in many passages
    for text in passages:  # a passage's excerpt is its plain English or its edited text: no ¶ numbers, no sigla
        assert not re.search(r"¶|⟨|⟩", text), text


VISIBLE_SEARCH = """() => [...document.querySelectorAll(
    "input[type=search], .search-button__button, .search-button-field")]
  .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.closest("dialog:not([open])"); })
  .length"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["chapters/04-jalalabad.html", "index.html", "search.html?q=Dostum"])
def test_one_search_box_per_screen(page, server, path):
    page.goto(f"{server}/{path}")
    assert page.evaluate(VISIBLE_SEARCH) == 1


@pytest.mark.browser
def test_a_chapter_lists_its_sub_sections_in_its_page_contents(page, server):
    expected = [
        row["rendering"]
        for row in table("renderings.csv")
        if row["passage"]
        in {p["id"] for p in table("passages.csv") if p["section"] == "4" and p["kind"] == "subheading"}
    ]
    assert len(expected) >= 2
    page.goto(f"{server}/chapters/04-jalalabad.html")
    if page.viewport_size["width"] < 1200:  # a phone: the theme's contents button opens the list
        assert page.locator(".secondary-toggle:visible").count() == 1
    entries = page.eval_on_selector_all("#pst-page-toc-nav a", "as => as.map(a => a.textContent.trim())")
    for heading in expected:
        assert heading in entries, (heading, entries)
    # The anchors stay on the passage boxes, the headings have their own.
    assert page.locator(".passage#p-4\\.8").count() == 1
    assert page.locator("section#s-4\\.8 > h2").count() == 1


@pytest.mark.browser
def test_go_to_a_passage(page, server):
    page.goto(f"{server}/chapters/04-jalalabad.html")
    form = page.locator("form.goto-passage")
    form.locator("input").fill("4.30")
    form.locator("button").click()
    page.wait_for_function("location.hash === '#p-4.30'")
    assert page.locator(".passage#p-4\\.30").evaluate("el => el.matches(':target')")
    form.locator("input").fill("¶ 8.5")  # in another chapter
    form.locator("button").click()
    page.wait_for_url("**/chapters/08-fall.html#p-8.5")
    page.locator("form.goto-passage input").fill("4.999")
    page.locator("form.goto-passage button").click()
    assert "no ¶ 4.999" in page.locator(".goto-status").inner_text()


def heading(section) -> str:
    """A section's heading as a reader sees it (without the theme's permalink sign)."""
    title = section.find(["h2", "h3", "h4"])
    return "".join(t for t in title.find_all(string=True) if not t.find_parent("a", class_="headerlink")).strip()


def test_persons_by_surname_under_letters(pages):
    soup = pages["chapters/index-persons.html"]
    persons = {row["name"]: row for row in table("entities.csv") if row["type"] == "person"}
    war = soup.find("section", id="people-of-the-war")
    letters = [heading(s) for s in war.select("section.index-group")]
    assert letters == sorted(letters) and len(letters) > 10
    jump = [a.get_text(strip=True) for a in war.select(".letter-jump a")]
    assert jump == letters
    seen = []
    for group in war.select("section.index-group"):
        letter = heading(group)
        for name in (e.select_one(".entity-head strong").get_text() for e in group.select(".entity-entry")):
            surname = persons[name]["sort_as"]
            assert surname[0].upper() == letter, (name, letter)
            seen.append(surname.lower())
    assert seen == sorted(seen)
    # Benazir Bhutto under B, not under her first name; the modern authors apart.
    bhutto = war.find(id="e-bhutto")
    assert heading(bhutto.find_parent("section", class_="index-group")) == "B"
    for author in ("coll", "kaplan", "gutman"):
        assert war.find(id=f"e-{author}") is None
        assert soup.find("section", id="authors-cited-by-the-source").find(id=f"e-{author}") is not None


def test_organisations_index_leaves_publishers_to_the_bibliography(pages):
    organisations = pages["chapters/index-organisations.html"]
    bibliography = pages["chapters/bibliography.html"]
    for publisher in ("youtube", "ib-tauris", "vintage"):
        assert organisations.find(id=f"e-{publisher}") is None
        assert bibliography.find(id=f"e-{publisher}") is not None
    assert organisations.find(id="e-isi") is not None


def test_chronology_and_events_in_date_order_under_years(pages, edition):
    soup = pages["chapters/chronology.html"]
    dates = dict(zip(edition.events["id"], edition.events["date"]))  # the page writes them in words
    groups = soup.select("section.index-group")
    years = [heading(g) for g in groups]
    assert years == sorted(years) and len(years) >= 3
    assert len(soup.select("section.index-group li[id^=event-]")) == len(table("events.csv"))  # every event, once
    starts = []
    for group, year in zip(groups, years):
        for item in group.select("li[id^=event-]"):
            date = dates[item["id"].removeprefix("event-")]
            assert date[:4] == year, (date, year)
            first = date.split("/")[0].rstrip("?~")
            starts.append(first + "-01-01"[len(first) - 4 :])  # 1980 → 1980-01-01, 1980-03 → 1980-03-01
    assert starts == sorted(starts)
    events = [heading(g) for g in pages["chapters/index-events.html"].select("section.index-group")]
    assert events == sorted(events)


def test_a_place_links_to_its_point_on_the_map(pages):
    places = pages["chapters/index-places.html"]
    link = places.find(id="e-kabul").select_one(".entity-map a")
    assert link["href"] == "figures/map.html#place-kabul"
    assert pages["chapters/figures/map.html"].find(id="place-kabul") is not None


def test_entities_index_columns_are_checked():
    """A bad role, a person without sort_as, an event without a valid date: each a named problem."""
    from edition.checks.spans import index_problems

    person = dict(id="x", type="person", role="publisher", sort_as="", date="")
    assert index_problems(person) == [
        "role 'publisher' is not a role of a person (it must be actor or author)",
        "a person needs sort_as, the name as the index sorts it (surname first)",
    ]
    event = dict(id="y", type="event", role="", sort_as="", date="1989-13")
    assert index_problems(event) == ["date: month 13 does not exist"]
    assert index_problems(dict(id="z", type="event", role="", sort_as="", date="")) == [
        "an event needs a date (EDTF), for the index of events in date order"
    ]
    place = dict(id="w", type="place", role="actor", sort_as="Kabul", date="1992")
    assert len(index_problems(place)) == 3
    good = dict(id="v", type="organisation", role="publisher", sort_as="", date="")
    assert index_problems(good) == []


def test_the_apparatus_and_corrections_are_grouped_under_headings_in_the_page_contents(pages, edition):
    """A long page has real headings, listed in its contents: the apparatus by kind of intervention,
    the corrections of each release by section of the source (numbers and titles read from sections.csv)."""
    apparatus = pages["chapters/apparatus.html"]
    kinds = [heading(s) for s in apparatus.select("section[id^=apparatus-]")]
    assert kinds[0].startswith("Negations supplied (") and any(k.startswith("Regularisations by rule (") for k in kinds)
    counted = sum(int(k.rsplit("(", 1)[1].rstrip(")")) for k in kinds if not k.startswith("Regularisations by rule"))
    assert counted == (edition.apparatus["evidence"] != "rule").sum()  # every hand-made entry under one heading
    contents = {a["href"] for a in apparatus.select(".bd-toc a[href^='#apparatus-']")}
    assert contents == {f"#{s['id']}" for s in apparatus.select("section[id^=apparatus-]")}

    titles = {row["section"]: row["title"] for row in table("sections.csv")}
    corrections = pages["chapters/corrections.html"]
    for release in ("0-3-0", "0-2-0"):
        groups = corrections.select(f"section#corrections-in-{release} > section")
        shown = [heading(g).replace("’", "'") for g in groups]  # the page sets quotes curly
        assert shown[-1] == "Index entries and pages" or shown[-1].split(". ", 1)[1] == titles[shown[-1].split(".")[0]]
        numbered = [h for h in shown if h != "Index entries and pages"]
        assert numbered and all(h.split(". ", 1)[1] == titles[h.split(".")[0]] for h in numbered)
        assert [int(h.split(".")[0]) for h in numbered] == sorted({int(h.split(".")[0]) for h in numbered})
        # every entry sits under the heading of its passage's section
        for group in groups:
            number = heading(group).split(".")[0]
            for passage in group.select(".corrections-passage a"):
                assert passage.get_text().removeprefix("¶ ").split(".")[0] == number
        listed = {a["href"] for a in corrections.select(f".bd-toc a[href^='#corrections-{release}-']")}
        assert listed == {f"#{g['id']}" for g in groups}
