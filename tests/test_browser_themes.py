"""Every reader can read it (issue 12), in Debian's Chromium: both themes of the book pass axe-core
with a passage highlighted, charts fit their column at four widths with nothing clipped and no
layout shift when they turn live, the cite dialog works from the keyboard alone, and a chapter
prints without the navigation."""

import re

import pytest
from helpers import PAGES_WITH_CHARTS, point_at_a_chart, toc_docnames, toc_pages

pytestmark = pytest.mark.browser

THEMES = ("light", "dark")


def themed_context(browser, theme, width, **options):
    """A browser context in one of pydata-sphinx-theme's modes, as its own switch stores it."""
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    context.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")
    return context


def site_pages(site):
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )


def serious(results):
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# --- 1. both themes legible -------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_passes_axe_in_both_themes_with_a_passage_highlighted(browser, server, site, theme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = themed_context(browser, theme, 360)
    page = context.new_page()
    found = {}
    names = site_pages(site)
    assert toc_pages() <= set(names), toc_pages() - set(names)
    for name in names:
        page.goto(f"{server}/{name}")
        first = page.evaluate("document.querySelector('.passage[id^=\"p-\"]')?.id || ''")
        if first:  # the passage a #p- link lands on is highlighted (:target)
            page.goto(f"{server}/{name}#{first}")
            assert page.evaluate(f"document.getElementById('{first}').matches(':target')")
        assert page.evaluate("document.documentElement.dataset.theme") == theme, name
        bad = serious(axe.run(page))
        if bad:
            found[name] = bad
    context.close()
    assert found == {}


@pytest.mark.parametrize("theme", THEMES)
def test_sigla_tooltips_and_the_cite_dialog_pass_axe_in_both_themes(browser, server, theme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = themed_context(browser, theme, 360)
    page = context.new_page()
    page.goto(f"{server}/chapters/04-jalalabad.html#p-4.22")
    page.get_by_role("button", name="reading", exact=True).click()
    siglum = page.locator('[id="p-4.22"] .siglum.negation')
    siglum.focus()
    sheet = page.locator("#siglum-sheet")  # on a phone the explanation is a sheet at the foot of the screen
    assert sheet.is_visible()
    assert serious(axe.run(page)) == []
    # the sheet stays inside the phone's screen
    box = sheet.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    page.locator('[id="p-4.22"] .cite-button').click()
    assert page.locator("dialog.cite-dialog").is_visible()
    assert serious(axe.run(page)) == []
    page.keyboard.press("Escape")
    page.get_by_role("button", name="diplomatic").click()
    assert serious(axe.run(page)) == []
    context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_the_back_to_top_button_shows_below_the_header_only_and_legibly(browser, server, theme):
    """Opened at a passage far down, scrolled back to the top: no button there; scrolled up from
    further down: the button, which passes axe's contrast check."""
    from axe_playwright_python.sync_playwright import Axe

    context = themed_context(browser, theme, 360)
    page = context.new_page()
    page.goto(f"{server}/chapters/04-jalalabad.html#p-4.22")
    button = page.locator("#pst-back-to-top")
    page.mouse.wheel(0, -20000)
    page.wait_for_function("window.scrollY === 0")
    page.wait_for_timeout(200)
    assert not button.is_visible()
    page.mouse.wheel(0, 3000)
    page.wait_for_function("window.scrollY > 2000")
    page.mouse.wheel(0, -300)
    button.wait_for(state="visible", timeout=5000)
    assert serious(Axe().run(page)) == []
    context.close()


def test_the_visible_sidebar_toggle_opens_the_drawer_on_a_phone_and_folds_the_sidebar_on_a_desktop(browser, server):
    """The themes wire only the first .primary-toggle (the navbar's, hidden in this layout); the one a
    reader sees, in the article's header, must work too."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/chapters/figures/equipment.html")
    drawer = page.locator("#pst-primary-sidebar-modal")
    assert not drawer.is_visible()
    page.locator("button.primary-toggle:visible").first.tap()
    drawer.get_by_role("link", name="1 · Lead").wait_for(state="visible", timeout=5000)
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not drawer.is_visible() and page.locator("#pst-primary-sidebar a.reference").count() > 10  # moved back
    page.locator("button.primary-toggle:visible").first.tap()
    drawer.get_by_role("link", name="1 · Lead").click()
    page.wait_for_url("**/chapters/01-lead.html")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/chapters/figures/equipment.html")
    sidebar = page.locator("#pst-primary-sidebar")
    assert "pst-sidebar-hidden" not in (sidebar.get_attribute("class") or "")
    page.locator("button.primary-toggle:visible").first.click()
    assert "pst-sidebar-hidden" in (sidebar.get_attribute("class") or "")
    page.locator("button.primary-toggle:visible").first.click()
    assert "pst-sidebar-hidden" not in (sidebar.get_attribute("class") or "")
    context.close()


# --- 2. charts that fit -----------------------------------------------------------------------------

# Every figure the reader sees (of a chart drawn in several layouts, the one the column shows).
FIT = """() => [...document.querySelectorAll('figure.edition-chart')].filter((f) => f.checkVisibility()).map((figure) => {
    const state = figure.classList.contains('is-interactive') ? 'live' : 'static';
    // a chart that fills its column has a wide and a narrow static SVG: the one the column shows
    const svg = state === 'live' ? figure.querySelector('.chart-live svg')
        : [...figure.querySelectorAll('.chart-static svg')].find((s) => s.getBoundingClientRect().width > 0);
    const column = figure.parentElement.getBoundingClientRect();
    const box = figure.querySelector('.chart-box');
    const inner = box.getBoundingClientRect();
    const s = svg.getBoundingClientRect();
    // text drawn outside the SVG's own box is cut off
    const cut = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).map((t) => {
        const r = t.getBoundingClientRect();
        return r.width && (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1)
            ? t.textContent : null; }).filter(Boolean);
    return {id: figure.id, state, svg: s.width, right: s.right, column: column.width, columnRight: column.right,
            boxRight: inner.right, height: Math.round(box.getBoundingClientRect().height),
            overflow: box.scrollWidth - box.clientWidth, cut};
})"""


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_no_chart_static_or_live_is_wider_than_its_column_or_cut(browser, server, width):
    assert PAGES_WITH_CHARTS == sorted(set(toc_docnames("Figures")) - {"chapters/figures/aid"})  # aid: a table
    problems, heights = [], {}
    for state in ("static", "live"):
        context = themed_context(browser, "light", width)
        if state == "static":  # without the Vega bundle the static SVG stays in place
            context.route(re.compile(r"edition-charts\.js"), lambda route: route.abort())
        page = context.new_page()
        for docname in PAGES_WITH_CHARTS:
            page.goto(f"{server}/{docname}.html")
            if state == "live":
                point_at_a_chart(page)  # the reader's first intent loads the chart module
                page.wait_for_function(
                    """() => [...document.querySelectorAll('figure.edition-chart')]
                                          .every(f => f.dataset.state === 'interactive')""",
                    timeout=15000,
                )
            shown = page.evaluate(FIT)
            assert shown, (docname, width)
            for chart in shown:
                assert chart["state"] == state
                where = (docname, chart["id"], state, width)
                if chart["svg"] > chart["column"] + 0.5 or chart["right"] > chart["columnRight"] + 0.5:
                    problems.append((*where, f"{chart['svg']:.0f} px wide in a {chart['column']:.0f} px column"))
                if chart["right"] > chart["boxRight"] + 0.5 or chart["overflow"] > 0:
                    problems.append((*where, "wider than its box"))
                if chart["cut"]:
                    problems.append((*where, f"text cut off: {chart['cut']}"))
                heights.setdefault((docname, chart["id"]), {})[state] = chart["height"]
        context.close()
    # the live chart takes exactly the static chart's place: no layout shift
    shifts = {k: v for k, v in heights.items() if abs(v["static"] - v["live"]) > 1}
    assert problems == [] and shifts == {}, (problems, shifts)


def test_chart_labels_stay_legible_on_a_phone(browser, server):
    """At 360 px no label of a live chart, the map's place names included, is drawn smaller than
    10 px (it wraps or is shortened instead of being scaled down); a shortened one is whole in the
    data table."""
    context = themed_context(browser, "light", 360)
    page = context.new_page()
    small, seen = [], set()
    for docname in PAGES_WITH_CHARTS:
        page.goto(f"{server}/{docname}.html")
        point_at_a_chart(page)  # the reader's first intent loads the chart module
        page.wait_for_function(
            """() => [...document.querySelectorAll('figure.edition-chart')]
                                  .every(f => f.dataset.state === 'interactive')""",
            timeout=15000,
        )
        texts = page.evaluate("""() => [...document.querySelectorAll('figure.edition-chart .chart-live svg text')]
            .filter(t => t.textContent.trim() && t.checkVisibility())
            .map(t => [t.textContent, t.getBoundingClientRect().height])""")
        seen.add(docname) if texts else None
        small += [(docname, text, round(height, 1)) for text, height in texts if height < 10]
    context.close()
    assert small == [] and seen == set(PAGES_WITH_CHARTS)


MAP_LABELS = """() => {
    const figure = [...document.querySelectorAll('figure.edition-chart')].find((f) => f.checkVisibility());
    // a place's name is drawn twice (a white halo, then the ink): the ink is the later of each pair
    const boxes = new Map();
    for (const t of figure.querySelectorAll('.chart-live svg g.mark-text text')) {
        if (t.getAttribute('fill') === 'white' || t.getAttribute('stroke') === 'white' || !t.checkVisibility()) continue;
        const r = t.getBoundingClientRect();
        boxes.set(t, {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom});
    }
    const points = [...figure.querySelectorAll('.chart-live svg g.mark-symbol path')].map((p) => p.getBoundingClientRect());
    return {layout: figure.dataset.layout, labels: [...boxes.values()],
            points: points.map((r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}))};
}"""


def overlaps(a, b, slack=0.5):
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


@pytest.mark.parametrize("width,layout", [(360, "narrow"), (1280, "wide")])
def test_the_map_shows_the_layout_that_fits_and_no_name_covers_another_or_a_point(browser, server, width, layout):
    """The map is drawn for the reader's column: on a phone the narrow layout (a tighter window,
    short names), at a desktop's width the wide one. In either, no place name overlaps another
    name, a country's name or a place's point."""
    context = themed_context(browser, "light", width)
    page = context.new_page()
    page.goto(f"{server}/chapters/figures/map.html")
    point_at_a_chart(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll('figure.edition-chart')]
                              .every(f => f.dataset.state === 'interactive')""",
        timeout=15000,
    )
    drawn = page.evaluate(MAP_LABELS)
    context.close()
    assert drawn["layout"] == layout
    labels = drawn["labels"]
    assert len(labels) >= 15, labels  # the places and the countries' names
    clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if overlaps(a, b)]
    covered = [a["text"] for a in labels for p in drawn["points"] if overlaps(a, p)]
    assert clashes == [] and covered == []


# --- 4. the cite dialog -----------------------------------------------------------------------------


@pytest.mark.parametrize("width,theme", [(360, "dark"), (1280, "light")])
def test_the_cite_dialog_works_from_the_keyboard_alone(browser, server, width, theme):
    context = themed_context(browser, theme, width)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/chapters/04-jalalabad.html")
    button = page.locator('[id="p-4.22"] .cite-button')
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.cite-dialog")
    assert dialog.is_visible()
    label = page.evaluate(
        "document.getElementById(document.querySelector('dialog.cite-dialog')"
        ".getAttribute('aria-labelledby')).textContent"
    )
    assert label == "Cite passage 4.22"
    # focus is inside the dialog, on the copy button of the default format
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    assert page.evaluate("document.activeElement.textContent") == "Copy the note"
    page.keyboard.press("Enter")
    status = dialog.locator('details[data-format="chicago"] [role="status"]').first
    status.wait_for(state="visible")
    assert "copied" in status.inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == dialog.locator("#cite-text-chicago-note").text_content()
    assert "¶ 4.22" in page.evaluate("navigator.clipboard.readText()")
    # on a phone too, the chosen style is shown whole, as text that wraps inside the dialog
    shown = dialog.locator("#cite-text-chicago-note")
    assert page.evaluate(
        "e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).whiteSpace === 'normal'", shown.element_handle()
    )
    assert (
        shown.bounding_box()["x"] + shown.bounding_box()["width"]
        <= dialog.bounding_box()["x"] + dialog.bounding_box()["width"]
    )
    # choose BibTeX from the keyboard: Tab to its heading, open it, Tab to its copy button
    for _ in range(6):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.tagName") == "SUMMARY"
            and page.evaluate("document.activeElement.textContent") == "BibTeX"
        ):
            break
    else:
        raise AssertionError("BibTeX not reached by Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Copy BibTeX"
    page.keyboard.press("Enter")
    dialog.locator('details[data-format="bibtex"] [role="status"]').wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()").startswith("@incollection{")
    # usable on a phone: the dialog and its text boxes lie inside the screen
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    area = dialog.locator("textarea.cite-bibtex").bounding_box()
    assert area["x"] + area["width"] <= box["x"] + box["width"]
    # Esc closes it and focus goes back to the button
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.dataset.passage") == "4.22"
    # the format chosen last is remembered, on this page and the next
    page.goto(f"{server}/chapters/08-fall.html")
    page.locator('[id="p-8.24"] .cite-button').focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Copy BibTeX"
    assert page.locator('dialog.cite-dialog details[data-format="bibtex"]').get_attribute("open") is not None
    assert page.locator('dialog.cite-dialog details[data-format="chicago"]').get_attribute("open") is None
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.passage") == "8.24"
    assert errors == []
    context.close()


# --- 5. print ---------------------------------------------------------------------------------------

NAVIGATION = [
    ".bd-header",
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".prev-next-area",
    ".bd-footer",
    ".view-switch",
    ".cite-button",
    ".bd-header-article",
]


def visible(page, selector):
    return page.evaluate(
        """(s) => [...document.querySelectorAll(s)].some(e => {
        const r = e.getBoundingClientRect(); const c = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && c.visibility !== 'hidden' && c.display !== 'none'; })""",
        selector,
    )


@pytest.mark.parametrize("theme", THEMES)
def test_a_chapter_prints_the_chosen_view_numbers_notes_and_static_charts(browser, server, theme):
    context = themed_context(browser, theme, 1280)
    context.add_init_script("localStorage.setItem('edition-view', 'diplomatic');")
    page = context.new_page()
    page.goto(f"{server}/chapters/04-jalalabad.html")
    assert visible(page, ".bd-sidebar-primary") or visible(page, ".bd-header")  # on screen they are there
    page.emulate_media(media="print")
    for selector in NAVIGATION:
        assert not visible(page, selector), selector
    assert visible(page, '[id="p-4.22"] .passage-number')
    assert visible(page, '[id="p-4.22"] .diplomatic') and not visible(page, '[id="p-4.22"] .reading')
    assert visible(page, ".passage-notes")
    # printed dark text on white paper, whatever the screen's theme
    colour = page.evaluate("getComputedStyle(document.querySelector('.passage-notes')).color")
    assert sum(int(c) for c in colour[colour.index("(") + 1 : -1].split(",")[:3]) < 3 * 110, colour
    assert page.pdf(format="A4")[:4] == b"%PDF"

    page.goto(f"{server}/chapters/figures/timeline.html")
    point_at_a_chart(page)  # the reader's first intent loads the chart module
    page.wait_for_function(
        """() => [...document.querySelectorAll('figure.edition-chart')]
                              .every(f => f.dataset.state === 'interactive')""",
        timeout=15000,
    )
    for selector in NAVIGATION[:5]:
        assert not visible(page, selector), selector
    count = page.locator("figure.edition-chart").count()
    sizes = page.evaluate("""() => [...document.querySelectorAll('figure.edition-chart .chart-static svg')]
        .filter(s => s.checkVisibility())  // of a wide and a narrow static SVG, the one the page shows
        .map(s => [s.getBoundingClientRect().width, getComputedStyle(s.closest('.chart-static')).visibility])""")
    assert len(sizes) == count and all(w > 100 and v == "visible" for w, v in sizes), sizes
    assert not visible(page, "figure.edition-chart .chart-live svg")
    context.close()
