"""Opened from disk (file://) the site says plainly that it must be served, with the one command;
the notice itself raises no error. Served over http, there is no notice."""

import pytest

from edition.outputs.publish import OFFLINE_README

pytestmark = pytest.mark.browser


def open_page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, console = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: console.append(f"{message.type}: {message.text} {message.location.get('url', '')}")
    )
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page, errors, console


@pytest.mark.parametrize("docname", ["index", "chapters/04-jalalabad", "chapters/figures/casualties"])
def test_from_disk_a_notice_says_the_site_must_be_served(browser, site, docname):
    context, page, errors, console = open_page(browser, (site / f"{docname}.html").as_uri())
    try:
        notice = page.locator("#serve-notice")
        notice.wait_for(state="visible")
        assert notice.is_visible() and notice.bounding_box()["height"] > 20
        assert "must be served" in notice.inner_text()
        assert page.locator("#serve-notice code").inner_text() == f"python3 -m http.server -d {site}"
        assert errors == []  # the notice's script throws nothing
        assert not [line for line in console if "edition.js" in line], console
    finally:
        context.close()


def test_served_there_is_no_notice(watched, server):
    watched.page.goto(f"{server}/chapters/04-jalalabad.html")
    watched.page.wait_for_load_state("load")
    assert watched.page.locator("#serve-notice").count() == 0
    assert watched.errors == []


def test_the_archive_readme_gives_the_one_command():
    assert "It must be served" in OFFLINE_README and "python3 -m http.server -d site" in OFFLINE_README
