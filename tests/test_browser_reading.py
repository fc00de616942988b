"""Reading in Debian's Chromium: the view switch, the cite control, the sigla from the keyboard, and
axe-core on every page."""

import json

import pytest
from helpers import toc_pages

pytestmark = pytest.mark.browser


def visible_text(page, pid, view):
    return page.locator(f'[id="p-{pid}"] .{view}').inner_text()


def test_the_view_switch_changes_the_text_and_is_remembered(watched, server, edition):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    page.get_by_role("button", name="reading", exact=True).click()  # a first visit opens in plain English
    reading = page.locator('[id="p-4.22"] .reading')
    diplomatic = page.locator('[id="p-4.22"] .diplomatic')
    assert reading.is_visible() and not diplomatic.is_visible()
    assert "⟨never⟩" in reading.inner_text()

    page.get_by_role("button", name="diplomatic").click()
    assert diplomatic.is_visible() and not reading.is_visible()
    assert diplomatic.inner_text().split() == edition.by_id["4.22"].text.split()

    page.reload()
    assert page.locator('[id="p-4.22"] .diplomatic').is_visible()
    page.goto(f"{server}/chapters/08-fall.html")
    assert page.locator('[id="p-8.24"] .diplomatic').is_visible()
    assert page.get_by_role("button", name="diplomatic").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="reading").click()
    page.reload()
    assert page.locator('[id="p-8.24"] .reading').is_visible()
    assert watched.errors == [] and watched.foreign == []


def test_the_cite_control_gives_the_passage_in_three_styles_and_two_data_formats(watched, server):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    page.locator('[id="p-4.22"] .cite-button').click()
    dialog = page.locator("dialog.cite-dialog")
    assert dialog.is_visible()
    import yaml
    from helpers import ROOT

    # the citable address is the published one (html.baseurl), not the address the page was read at
    base = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
    expected_url = f"{base}chapters/04-jalalabad.html#p-4.22"
    version = yaml.safe_load((ROOT / "CITATION.cff").read_text())["version"]
    embedded = json.loads(page.locator("#edition-citations").text_content())["4.22"]
    for key, name in [
        ("chicago", "Chicago"),
        ("apa", "APA"),
        ("mla", "MLA"),
        ("bibtex", "BibTeX"),
        ("csl", "CSL-JSON"),
    ]:
        block = dialog.locator(f'details[data-format="{key}"]')
        assert block.locator("summary").inner_text() == name
        if block.get_attribute("open") is None:
            block.locator("summary").click()
        assert block.locator("button.cite-copy").first.is_visible(), name  # each with its own copy button
    for key in ("chicago-note", "chicago-bibliography", "apa", "mla"):
        text = dialog.locator(f"#cite-text-{key}").text_content()
        assert text == embedded["forms"][key]["text"]  # what the build rendered, nothing added
        assert expected_url in text and "4.22" in text and version in text and "urn:cts" not in text
    assert f"url       = {{{expected_url}}}" in dialog.locator("textarea.cite-bibtex").input_value()
    csl = json.loads(dialog.locator("textarea.cite-csl").input_value())
    assert csl[0]["URL"] == expected_url and csl[0]["title"] == "Battle of Jalalabad, 1989, ¶ 4.22"
    assert "urn:cts:digitaleditions:wikipedia.afghanCivilWar19891992.dse:4.22" in csl[0]["note"]
    page.goto(f"{server}/{expected_url[len(base) :]}")
    assert page.locator('[id="p-4.22"]').is_visible()
    assert watched.errors == [] and watched.foreign == []


def test_keyboard_users_reach_every_siglum_and_its_explanation(watched, server):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    negation = page.locator('[id="p-4.22"] .siglum.negation')
    negation.focus()
    assert page.evaluate("document.activeElement.classList.contains('siglum')")
    note = negation.locator(".siglum-note")
    assert note.is_visible() and "negation" in note.inner_text()
    described = negation.get_attribute("aria-describedby")
    assert page.locator(f'[id="{described}"]').inner_text() == note.inner_text()
    # and it is in the tab order: tabbing from the passage number reaches a siglum
    page.locator('[id="p-4.22"] .cite-button').focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('siglum')"):
            break
    else:
        raise AssertionError("no siglum reached by Tab")


def site_pages(site):
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )


def test_no_page_has_a_serious_or_critical_accessibility_violation(browser, server, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    names = site_pages(site)
    assert toc_pages() <= set(names), toc_pages() - set(names)
    for name in names:
        page.goto(f"{server}/{name}")
        results = axe.run(page)
        bad = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[name] = bad
    context.close()
    assert found == {}
