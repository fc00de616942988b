"""Reader first (issue 24) in Debian's Chromium, at 390 px (touch) and 1280 px, in both themes: a first
visit sees the plain English, the edited text one tap away; the switch only where there are passages,
on one line, under the header; the siglum's sheet closes by button, Esc, scroll and a tap elsewhere;
a screen reader is told each siglum in words; the cite dialog closes by Esc in every state; controls
a finger's size with a visible focus ring; no fullscreen button on a phone; axe-core."""

import pytest

pytestmark = pytest.mark.browser

CHAPTER = "chapters/04-jalalabad.html"
SIZES = {"phone": dict(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True), "desktop": {}}
DESKTOP = dict(viewport={"width": 1280, "height": 900})


@pytest.fixture(params=[("phone", "light"), ("phone", "dark"), ("desktop", "light"), ("desktop", "dark")], ids="-".join)
def fresh(request, browser):
    """A first visit: a new context (no stored view), at a phone's or a desktop's size, in one theme."""
    size, theme = request.param
    options = SIZES[size] if size == "phone" else DESKTOP
    context = browser.new_context(**options, color_scheme=theme)
    context.add_init_script(f"try {{ localStorage.setItem('mode', '{theme}'); }} catch (e) {{}}")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield size, page, errors
    context.close()
    assert errors == []


def test_a_first_visit_sees_the_plain_english_with_the_edited_text_one_tap_away(fresh, server):
    size, page, _ = fresh
    page.goto(f"{server}/{CHAPTER}")
    assert page.evaluate("document.documentElement.classList.contains('view-rendering')")
    rendering = page.locator('[id="p-4.22"] .passage-text .rendering')
    edited = page.locator('[id="p-4.22"] .passage-text .reading')
    assert rendering.is_visible() and "jihad never recovered" in rendering.inner_text()
    assert page.get_by_role("button", name="plain English", exact=True).get_attribute("aria-pressed") == "true"
    toggle = page.locator('[id="p-4.22"] .edited-toggle')
    if size == "phone":
        assert not edited.is_visible() and toggle.is_visible()
        toggle.tap()
        assert edited.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        # the edited text comes after the plain English
        assert edited.bounding_box()["y"] > rendering.bounding_box()["y"]
    else:  # beside it
        assert edited.is_visible() and not toggle.is_visible()
        assert edited.bounding_box()["x"] + 10 < rendering.bounding_box()["x"]


@pytest.mark.parametrize(
    "path", ["index.html", "search.html?q=dostum", "chapters/narrative.html", "chapters/glossary.html"]
)
def test_the_switch_is_absent_where_there_are_no_passages(browser, server, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/{path}")
    assert page.locator(".view-switch, .view-switch-slot").count() == 0
    context.close()


def test_the_switch_is_one_line_under_the_header_on_a_phone(fresh, server):
    size, page, _ = fresh
    page.goto(f"{server}/{CHAPTER}")
    switch = page.locator(".view-switch")
    buttons = switch.locator("button")
    assert buttons.count() == 3
    tops = {round(buttons.nth(i).bounding_box()["y"]) for i in range(3)}
    heights = {round(buttons.nth(i).bounding_box()["height"]) for i in range(3)}
    assert len(tops) == 1 and max(heights) < 40  # one line, no button wrapped onto two
    box = switch.bounding_box()
    header = page.locator(".bd-header-article").first.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1 and box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"]


def open_sheet(page, pid="4.2"):
    siglum = page.locator(f'[id="p-{pid}"] .reading .siglum.supplied').first
    page.get_by_role("button", name="reading", exact=True).tap()
    siglum.scroll_into_view_if_needed()
    siglum.tap()
    sheet = page.locator("#siglum-sheet")
    sheet.wait_for(state="visible")
    assert "supplied" in sheet.inner_text()
    return siglum, sheet


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/{CHAPTER}")
    yield page
    context.close()


def test_the_siglum_sheet_closes_by_its_button(phone):
    siglum, sheet = open_sheet(phone)
    close = sheet.get_by_role("button", name="Close the explanation")
    box = close.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    close.tap()
    assert sheet.is_hidden()
    assert phone.evaluate("document.activeElement.classList.contains('siglum')")  # focus back on the mark


def test_the_siglum_sheet_closes_by_esc(phone):
    _, sheet = open_sheet(phone)
    phone.keyboard.press("Escape")
    assert sheet.is_hidden()


def test_the_siglum_sheet_closes_when_the_reader_scrolls_on(phone):
    _, sheet = open_sheet(phone)
    phone.mouse.wheel(0, 400)
    phone.wait_for_function("document.getElementById('siglum-sheet').hidden")


def test_the_siglum_sheet_closes_on_a_tap_elsewhere(phone):
    _, sheet = open_sheet(phone)
    address, scrolled = phone.url, phone.evaluate("window.scrollY")
    # a tap on plain text on the screen as it is: the first corner of a paragraph in view that is
    # neither a link, a button, a mark nor the sheet (a tap on a link would navigate, and closing a
    # context mid-navigation hangs Chromium)
    point = phone.evaluate(
        """() => {
            // Chromium moves a finger's tap to a link or button nearby (touch adjustment), so the
            // point must be plain text with nothing to press within 24 px around it
            const pressable = (x, y) => {
                const hit = document.elementFromPoint(x, y);
                return !hit || hit.closest("a, button, .siglum, #siglum-sheet, header, [tabindex]");
            };
            for (const p of document.querySelectorAll("article p")) {
                const box = p.getBoundingClientRect();
                for (let y = box.top + 4; y < box.bottom; y += 8) {
                    for (let x = box.left + 4; x < box.right; x += 8) {
                        if (y < 100 || y > innerHeight - 220 || x < 24 || x > innerWidth - 24) continue;
                        const around = [[0, 0], [-24, 0], [24, 0], [0, -24], [0, 24], [-24, -24], [24, 24], [-24, 24], [24, -24]];
                        if (around.every(([dx, dy]) => !pressable(x + dx, y + dy))) return [x, y];
                    }
                }
            }
            return null;
        }"""
    )
    assert point is not None, "no plain text in view to tap"
    phone.touchscreen.tap(*point)
    assert sheet.is_hidden()
    assert phone.url == address and phone.evaluate("window.scrollY") == scrolled  # the tap closed it, not a scroll


def test_a_screen_reader_is_told_each_siglum_in_words(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('edition-view', 'reading');")
    page = context.new_page()
    page.goto(f"{server}/{CHAPTER}")
    tree = page.locator('[id="p-4.2"] .passage-text .reading').aria_snapshot()
    print(tree)
    assert "Seven, supplied by the editors, medium certainty" in tree
    assert "⟨" not in tree and "⟩" not in tree
    # the plain English's marks too
    page.get_by_role("button", name="plain English", exact=True).click()
    tree = page.locator('[id="p-4.2"] .passage-text .rendering').aria_snapshot()
    assert "Seven, an uncertain restoration" in tree and "⟨" not in tree
    context.close()


@pytest.mark.parametrize("section", ["text", "BibTeX", "CSL-JSON"])
def test_esc_closes_the_cite_dialog_after_a_section_was_opened(watched, server, section):
    page = watched.page
    page.goto(f"{server}/{CHAPTER}")
    page.locator('[id="p-4.22"] .cite-button').click()
    dialog = page.locator("dialog.cite-dialog")
    dialog.wait_for(state="visible")
    summary = dialog.locator("summary", has_text=section).first
    summary.click()  # focus is on the <summary>, where sphinx_highlight.js cancels Escape
    summary.focus()
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('dialog.cite-dialog').open", timeout=3000)


def test_every_button_and_passage_link_is_at_least_24_px_on_a_phone(phone):
    phone.wait_for_timeout(200)
    small = phone.evaluate(
        """() => [...document.querySelectorAll('button, a.passage-number, .narrative-number a')]
              .filter(e => e.offsetParent !== null)
              .map(e => [e.className || e.textContent.trim(), e.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
              .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []


def test_the_narratives_numbers_are_at_least_24_px_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/chapters/narrative.html")
    small = page.evaluate(
        """() => [...document.querySelectorAll('.narrative-number a')]
              .map(e => e.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).length"""
    )
    assert small == 0
    context.close()


def test_every_control_shows_a_focus_ring(watched, server):
    page = watched.page
    page.goto(f"{server}/{CHAPTER}")
    missing = []
    for selector in (
        ".primary-toggle",
        ".btn-source-repository-button",
        ".dropdown-toggle",
        ".cite-button",
        ".view-switch button",
        "a.passage-number",
        ".sigla-key summary",
    ):
        element = page.locator(selector).locator("visible=true").first
        element.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
        style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        width = page.evaluate("() => parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
        if style == "none" or width < 2:
            missing.append(selector)
    assert missing == []


def test_the_fullscreen_button_is_hidden_on_a_phone(phone, browser, server):
    assert phone.locator(".btn-fullscreen-button").is_hidden()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/{CHAPTER}")
    assert page.locator(".btn-fullscreen-button").first.is_visible()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["index.html", CHAPTER, "chapters/narrative.html", "chapters/glossary.html", "chapters/downloads.html"],
)
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_or_critical_violation(browser, server, path, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/{path}")
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
    context.close()
