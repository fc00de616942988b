"""Competing readings in Debian's Chromium: the marker ‡ is reached by Tab like every siglum and
its tooltip gives every reading."""

import pytest

pytestmark = pytest.mark.browser


def test_the_marker_of_competing_readings_is_reached_by_keyboard_and_explains_them(watched, server, edition):
    page = watched.page
    page.goto(f"{server}/chapters/09-aftermath.html")
    marked = page.locator('[id="p-9.7"] .reading .siglum.has-alternatives')
    assert marked.locator("sup.siglum-alt").is_visible() and marked.inner_text().startswith(
        "⟨never?⟩‡"
    )  # competing readings: "?"
    page.locator('[id="p-9.7"] .cite-button').focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('has-alternatives')"):
            break
    else:
        raise AssertionError("the siglum with alternatives is not reached by Tab")
    note = marked.locator(".siglum-note")
    assert note.is_visible()
    text = note.inner_text()
    (alternative,) = edition.alternatives_for("A101")
    assert "Preferred: “never”" in text and f"Alternative: “{alternative['reading']}”" in text  # no row id shown
    assert "Certainty: medium" in text and "parallel text" in text
    assert watched.errors == [] and watched.foreign == []
