"""Charts in Debian's Chromium: interactive, tooltips with the figure as written, a click lands on
the passage, nothing fetched from another host, no errors."""

import pytest
from helpers import PAGES_WITH_CHARTS, point_at_a_chart

pytestmark = pytest.mark.browser


def click_like_a_reader(page, mark):
    """Point at the mark and press the mouse there, as a reader does: a real mouse move to the
    middle of the mark (the tooltip follows the pointer), then a click at that same position."""
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    page.mouse.click(x, y)
    return text


@pytest.mark.parametrize("docname", PAGES_WITH_CHARTS)
def test_every_chart_becomes_interactive_without_leaving_the_server(watched, server, docname):
    page = watched.page
    page.goto(f"{server}/{docname}.html")
    point_at_a_chart(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll('figure.edition-chart')]
                                     .every(f => f.dataset.state === 'interactive')""",
        timeout=15000,
    )
    assert page.locator("figure.edition-chart .chart-live svg").count() == page.locator("figure.edition-chart").count()
    assert watched.foreign == [], watched.foreign
    assert watched.errors == [], watched.errors


def test_a_tooltip_gives_the_figure_as_written_and_a_click_opens_its_passage(watched, server, edition, placed):
    apcs = edition.figures.set_index("measure").loc["armoured personnel carriers"]
    page = watched.page
    page.goto(f"{server}/chapters/figures/equipment.html")
    point_at_a_chart(page)
    page.wait_for_function("document.querySelector('figure.edition-chart').dataset.state === 'interactive'")
    mark = page.locator(f'figure .chart-live path[aria-label*="As written: {apcs["value_as_written"]};"]').first
    text = click_like_a_reader(page, mark)
    assert apcs["value_as_written"] in text and f"¶ {apcs['passage']}" in text
    page.wait_for_url(f"**/{placed[apcs['passage']]}.html#p-{apcs['passage']}")
    assert page.evaluate("location.hash") == f"#p-{apcs['passage']}"
    assert watched.foreign == [] and watched.errors == []


def test_a_click_on_a_place_of_the_map_opens_its_index_entry(watched, server):
    page = watched.page
    page.goto(f"{server}/chapters/figures/map.html")
    point_at_a_chart(page)
    page.wait_for_function("document.querySelector('figure.edition-chart').dataset.state === 'interactive'")
    place = page.locator('figure .chart-live path[aria-label*="Jalalabad"]').first
    assert "jalalabad" in click_like_a_reader(page, place)
    page.wait_for_url("**/chapters/index-places.html#e-jalalabad")
    assert page.locator('[id="e-jalalabad"]').is_visible()
    assert watched.foreign == [] and watched.errors == []


def test_the_static_chart_shows_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/chapters/figures/casualties.html")
    static = page.locator("figure.edition-chart .chart-static svg").first
    assert static.is_visible()
    assert static.bounding_box()["height"] > 100
    context.close()


def test_the_chart_module_waits_for_the_readers_intent(browser, server):
    """Nothing of Vega is fetched at load; a pointer over, a focus in or a tap on a chart loads it."""
    for intent in ("hover", "focus", "tap"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=intent == "tap")
        page = context.new_page()
        requested, errors = [], []
        page.on("request", lambda request: requested.append(request.url))
        page.on(
            "console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None
        )
        page.goto(f"{server}/chapters/figures/timeline.html", wait_until="networkidle")
        figures = page.locator("figure.edition-chart")
        assert figures.count() == 2, intent  # the page's two timelines: the whole span and the war's key events
        assert requested, intent  # the page and its files were seen
        assert not any(url.endswith("/edition-charts.js") for url in requested), intent
        assert (
            page.evaluate("[...document.querySelectorAll('figure.edition-chart')].map(f => f.dataset.state)")
            == ["static"] * figures.count()
        )
        if intent == "hover":
            figures.first.hover()
        elif intent == "focus":
            figures.first.focus()  # a figure is focusable (tabindex 0), so a keyboard reaches it
        else:
            figures.first.tap()
        page.wait_for_function(
            """() => [...document.querySelectorAll('figure.edition-chart')]
                                         .every(f => f.dataset.state === 'interactive')""",
            timeout=15000,
        )
        assert sum(url.endswith("/edition-charts.js") for url in requested) == 1, intent
        assert errors == [], errors
        context.close()
