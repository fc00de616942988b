"""The plain-English rendering in Debian's Chromium: the three-way view switch (remembered, by
keyboard), the rendering beside or below the edited text, the narrative's ¶ links, the cite
dialog, and axe-core in every view."""

import pytest

pytestmark = pytest.mark.browser

VIEWS = {"diplomatic": "diplomatic", "reading": "reading", "rendering": "plain English"}


def shown(page, pid):
    """Which of the three paragraphs of a passage are visible."""
    return {view: page.locator(f'[id="p-{pid}"] .passage-text .{view}').is_visible() for view in VIEWS}


def test_the_switch_cycles_through_three_views_and_is_remembered(watched, server, edition):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    # a first visit: the plain English, the edited text beside it on a wide screen
    assert shown(page, "4.22") == {"diplomatic": False, "reading": True, "rendering": True}
    expected = {
        "diplomatic": {"diplomatic": True, "reading": False, "rendering": False},
        "reading": {"diplomatic": False, "reading": True, "rendering": False},
        "rendering": {"diplomatic": False, "reading": True, "rendering": True},
    }
    for view, label in [
        ("rendering", "plain English"),
        ("diplomatic", "diplomatic"),
        ("reading", "reading"),
        ("rendering", "plain English"),
    ]:
        page.get_by_role("button", name=label, exact=True).click()
        assert shown(page, "4.22") == expected[view], view
        assert page.get_by_role("button", name=label, exact=True).get_attribute("aria-pressed") == "true"
        # the number, the permalink and the cite control stay the same in every view
        assert page.locator('[id="p-4.22"] .passage-number').is_visible()
        assert page.locator('[id="p-4.22"] .passage-number').get_attribute("href") == "#p-4.22"
        assert page.locator('[id="p-4.22"] .cite-button').is_visible()
    rendering = page.locator('[id="p-4.22"] .rendering')
    assert rendering.inner_text().startswith("EDITORS' RENDERING") or rendering.inner_text().startswith(
        "Editors' rendering"
    )
    assert edition.rendering_of("4.22") in rendering.inner_text()
    # remembered across pages and reloads
    page.goto(f"{server}/chapters/08-fall.html")
    assert shown(page, "8.24")["rendering"]
    page.reload()
    assert shown(page, "8.24")["rendering"]
    assert page.get_by_role("button", name="plain English").get_attribute("aria-pressed") == "true"
    assert watched.errors == [] and watched.foreign == []


def test_the_switch_is_reached_and_worked_by_keyboard(watched, server):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset && document.activeElement.dataset.view") == "rendering":
            break
    else:
        raise AssertionError("the plain-English button is not reached by Tab")
    page.keyboard.press("Enter")
    assert shown(page, "4.22")["rendering"]
    page.keyboard.press("Tab")  # the next button: reading
    page.keyboard.press("Space")
    assert shown(page, "4.22") == {"diplomatic": False, "reading": True, "rendering": False}


@pytest.mark.parametrize("width, beside", [(1280, True), (390, False)])
def test_the_rendering_sits_beside_the_edited_text_on_wide_screens_and_above_it_on_narrow(
    browser, server, width, beside
):
    """Beside it on a wide screen; on a narrow one the edited text is one tap away, under the rendering."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/chapters/04-jalalabad.html")
    page.get_by_role("button", name="plain English").click()
    if not beside:
        assert page.locator('[id="p-4.22"] .passage-text .reading').is_hidden()
        page.locator('[id="p-4.22"] .edited-toggle').click()
    reading = page.locator('[id="p-4.22"] .passage-text .reading').bounding_box()
    rendering = page.locator('[id="p-4.22"] .passage-text .rendering').bounding_box()
    context.close()
    if beside:
        assert rendering["x"] >= reading["x"] + reading["width"] and abs(rendering["y"] - reading["y"]) < 10
    else:
        assert reading["y"] >= rendering["y"] + rendering["height"] - 1
    assert rendering["x"] + rendering["width"] <= width


def test_the_narrative_shows_every_passage_of_a_chapter_in_order_with_working_links(watched, server, edition):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    page.get_by_role("link", name="Read this chapter straight through in plain English").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("narrative.html#narrative-4")
    section = page.locator('[id="narrative-4"]')
    assert section.is_visible()
    ids = section.locator(".narrative-passage").evaluate_all("spans => spans.map(s => s.id)")
    assert ids == [f"n-{p.id}" for p in edition.passages_in_section(4)]
    numbers = section.locator(".narrative-number a")
    assert numbers.all_inner_texts() == [f"¶ {p.id}" for p in edition.passages_in_section(4)]
    # every number stands in the margin, left of the prose
    prose = section.locator("p.narrative-paragraph").first.bounding_box()
    assert all(
        box["x"] + box["width"] <= prose["x"] + 4.2 * 16
        for box in [numbers.nth(i).bounding_box() for i in range(numbers.count())]
    )
    numbers.filter(has_text="¶ 4.22").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("04-jalalabad.html#p-4.22")
    assert page.locator('[id="p-4.22"]').is_visible()
    assert page.locator('[id="p-4.22"] .passage-notes').is_visible()
    assert watched.errors == [] and watched.foreign == []


def test_the_cite_dialog_shows_the_rendering_labelled_as_the_editors(watched, server, edition):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    page.locator('[id="p-4.22"] .cite-button').click()
    block = page.locator("dialog.cite-dialog textarea.cite-rendering")
    assert block.is_visible() and block.input_value() == edition.rendering_of("4.22")
    assert block.get_attribute("readonly") is not None
    assert "Editors' rendering" in page.locator("dialog.cite-dialog .cite-rendering-label").inner_text()
    # the citation itself is unchanged: it cites the passage, not the rendering
    assert edition.rendering_of("4.22") not in page.locator("dialog.cite-dialog #cite-text-chicago-note").text_content()
    page.get_by_role("button", name="Close").click()
    page.locator('[id="p-4.35"] .cite-button').click()
    assert page.locator("dialog.cite-dialog textarea.cite-rendering").input_value() == edition.rendering_of("4.35")
    assert page.locator("dialog.cite-dialog textarea.cite-rendering").count() == 1


@pytest.mark.parametrize("view", ["diplomatic", "reading", "rendering"])
def test_axe_finds_no_serious_or_critical_violation_in_any_view(browser, server, view):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name in ("chapters/04-jalalabad.html", "chapters/narrative.html"):
            page.goto(f"{server}/{name}")
            page.evaluate(f"localStorage.setItem('edition-view', '{view}')")
            page.reload()
            assert page.evaluate("document.documentElement.classList.contains('view-rendering')") == (
                view == "rendering"
            )
            results = axe.run(page)
            bad = [
                (v["id"], v["impact"], len(v["nodes"]))
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                found[(name, width)] = bad
        context.close()
    assert found == {}
