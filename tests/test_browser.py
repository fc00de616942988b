"""The served site in Debian's Chromium (Playwright): permalinks land on their passage."""

import pytest

pytestmark = pytest.mark.browser


def in_viewport(page, selector):
    return page.evaluate(
        """(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight && box.height > 0;
    }""",
        selector,
    )


def test_a_passage_permalink_brings_the_passage_into_view(watched, server):
    page = watched.page
    page.goto(f"{server}/chapters/04-jalalabad.html")
    assert not in_viewport(page, '[id="p-4.22"]')
    permalink = page.locator('[id="p-4.22"] .passage-number')
    href = permalink.get_attribute("href")
    assert href == "#p-4.22"
    page.goto(f"{server}/chapters/04-jalalabad.html{href}")
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == "#p-4.22"
    assert in_viewport(page, '[id="p-4.22"]')
    assert watched.errors == [] and watched.foreign == []


def test_a_link_from_another_page_lands_on_the_passage(watched, server):
    page = watched.page
    page.goto(f"{server}/chapters/introduction.html")
    page.locator('a[href$="04-jalalabad.html#p-4.22"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith("chapters/04-jalalabad.html#p-4.22")
    assert in_viewport(page, '[id="p-4.22"]')
    assert watched.errors == [] and watched.foreign == []
