"""Live code in the page: the chart pages' "Live code" button runs their cells on a real Jupyter
server on 127.0.0.1, with the vendored Thebe client, and nothing of Thebe loads before the click.

The site is served as built, except `_static/live-code.json`, the options the page starts Thebe
with: the test points it at its own `jupyter server` (the options `edition_live_code: {server: …}`
in the book's configuration makes), or at a closed port to see the page fail cleanly. The server's
token is never in the site: the page asks the reader for it, in a dialog, at the click.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading

import pytest
from helpers import CHART_PAGES, book_copy, free_port, jupyter_app, toc_docnames, toc_pages

from edition.web.livecode import live_code_options

pytestmark = pytest.mark.browser
TOKEN = "edition-live-code-token"
PAGE = "chapters/figures/casualties.html"


class SiteWithSettings(http.server.SimpleHTTPRequestHandler):
    """The built site, with the live-code settings the test chooses."""

    settings: dict = {}

    def do_GET(self):
        if self.path.split("?")[0].endswith("/_static/live-code.json"):
            body = json.dumps(self.settings).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def live_site(site):
    port = free_port()
    handler = type("Handler", (SiteWithSettings,), {"settings": {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def jupyter_server(live_site, tmp_path_factory):
    _, origin = live_site
    env = {k: v for k, v in os.environ.items() if k != "EDITION_OUTPUT"}
    work = tmp_path_factory.mktemp("jupyter")
    checkout = book_copy(work)  # the kernels run in a copy: nothing they do lands in the checkout
    with jupyter_app(
        "jupyter-server", checkout, TOKEN, work / "server.log", env, f"--ServerApp.allow_origin={origin}"
    ) as base:
        yield base


def settings_for(base: str) -> dict:
    """What the build writes for `edition_live_code: {server: base}`: no token, the page asks for one."""
    settings = live_code_options({}, {"server": base})
    assert settings["server"] == {"baseUrl": base + "/", "wsUrl": base.replace("http", "ws") + "/", "askToken": True}
    return settings


def give_token(page, token):
    """The reader types the token into the page's dialog and connects."""
    dialog = page.get_by_role("dialog", name="Token for the Jupyter server")
    dialog.wait_for(timeout=10000)
    dialog.get_by_label("Token").fill(token)
    dialog.get_by_role("button", name="Connect").click()


def stored(page) -> dict:
    return page.evaluate("({session: Object.values(sessionStorage), local: Object.values(localStorage)})")


def open_page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: requests.append(socket.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, requests, errors


def test_the_live_code_button_is_in_the_page_as_built_before_the_first_code_cell(pages):
    """Written at build time, the button takes its place before the script runs: nothing below it
    moves when it arrives (the timeline page's layout shift on a phone came from it)."""
    assert CHART_PAGES == sorted(toc_docnames("Figures")) and toc_pages() <= set(pages)
    for docname in CHART_PAGES:
        soup = pages[f"{docname}.html"]
        bar = soup.select("div.live-code")
        assert len(bar) == 1 and bar[0].select_one("button.live-code-button").get_text() == "Live code", docname
        first = next(cell for cell in soup.select("div.cell") if cell.select_one(".cell_input pre"))
        assert bar[0].find_next("div", class_="cell") is first, docname
    assert not any(
        soup.select("div.live-code") for name, soup in pages.items() if not name.startswith("chapters/figures/")
    )


def test_without_scripting_the_live_code_button_is_not_shown(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/{PAGE}")
    assert page.locator("div.live-code").count() == 1 and not page.locator("div.live-code").is_visible()
    context.close()


def test_the_live_code_button_loads_nothing_of_thebe_before_the_click(browser, live_site):
    handler, origin = live_site
    context, page, requests, errors = open_page(browser, f"{origin}/{PAGE}")
    try:
        assert page.get_by_role("button", name="Live code").is_visible()
        assert not [url for url in requests if "/thebe/" in url or "live-code.json" in url], requests
        assert errors == []
    finally:
        context.close()


def test_live_code_runs_a_chart_cell_on_the_local_server(browser, live_site, jupyter_server):
    handler, origin = live_site
    handler.settings = settings_for(jupyter_server)
    context, page, requests, errors = open_page(browser, f"{origin}/{PAGE}")
    try:
        static_charts = page.locator("figure.edition-chart").count()
        page.get_by_role("button", name="Live code").click()
        give_token(page, TOKEN)
        status = page.locator("#live-code-status")
        page.wait_for_function("document.querySelector('#live-code-status').dataset.state !== 'busy'", timeout=120000)
        assert status.get_attribute("data-state") == "ready", status.inner_text()
        cell = page.locator(".thebe-cell").first
        assert "quantity_chart" in cell.inner_text()
        cell.locator(".thebe-run-button").click()
        # The cell's own output area now holds the charts it drew, from the book's renderer.
        output = page.locator("[data-output]").first
        page.wait_for_function(
            """() => {
            const out = document.querySelector('[data-output] .jp-OutputArea');
            return out && out.querySelectorAll('figure.edition-chart svg').length >= 2;
        }""",
            timeout=120000,
        )
        assert output.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert "Traceback" not in output.inner_text()
        # (the static page draws some charts in two layouts, wide and narrow; the cell draws each once)
        assert output.locator("figure.edition-chart svg").count() >= 2 and static_charts >= 2
        thebe_files = [url for url in requests if "/_static/thebe/" in url]
        assert thebe_files, "the vendored Thebe client was not what ran"
        outside = [
            url
            for url in requests
            if not url.split("//", 1)[-1].startswith("127.0.0.1") and not url.startswith(("data:", "blob:", "about:"))
        ]
        assert outside == [], outside
        assert errors == [], errors
        # the token is kept for this tab only: in sessionStorage, not in localStorage
        assert TOKEN in stored(page)["session"] and TOKEN not in stored(page)["local"]
    finally:
        context.close()


def test_live_code_asks_for_the_token_once_a_tab_and_not_without_one(browser, live_site, jupyter_server):
    handler, origin = live_site
    handler.settings = settings_for(jupyter_server)
    context, page, requests, errors = open_page(browser, f"{origin}/{PAGE}")
    try:
        before = page.locator("div.cell").first.inner_html()
        page.get_by_role("button", name="Live code").click()
        dialog = page.get_by_role("dialog", name="Token for the Jupyter server")
        dialog.wait_for(timeout=10000)
        assert jupyter_server in dialog.inner_text()
        dialog.get_by_role("button", name="Cancel").click()
        page.wait_for_function("document.querySelector('#live-code-status').dataset.state === 'failed'", timeout=30000)
        assert "no token was given" in page.locator("#live-code-status").inner_text()
        assert page.locator("div.cell").first.inner_html() == before and stored(page)["session"] == []
        assert not [
            url
            for url in requests
            if url.startswith(jupyter_server.replace("http", "ws")) or url.startswith(jupyter_server)
        ], "the page called the server without a token"
        # given once, the token is not asked for again in the same tab (a reload keeps sessionStorage)
        page.evaluate(
            f"sessionStorage.setItem('edition-live-code-token ' + {json.dumps(jupyter_server + '/')}, {json.dumps(TOKEN)})"
        )
        page.goto(f"{origin}/{PAGE}")
        page.get_by_role("button", name="Live code").click()
        page.wait_for_function("document.querySelector('#live-code-status').dataset.state !== 'busy'", timeout=120000)
        assert page.locator("#live-code-status").get_attribute("data-state") == "ready"
        assert page.get_by_role("dialog").count() == 0
        assert errors == [], errors
    finally:
        context.close()


def test_without_a_kernel_the_page_says_so_and_stays_intact(browser, live_site):
    handler, origin = live_site
    handler.settings = settings_for(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    context, page, requests, errors = open_page(browser, f"{origin}/{PAGE}")
    try:
        before = page.locator("div.cell").first.inner_html()
        page.get_by_role("button", name="Live code").click()
        give_token(page, "a-token-nobody-accepts")
        page.wait_for_function("document.querySelector('#live-code-status').dataset.state === 'failed'", timeout=90000)
        assert "No kernel could be started" in page.locator("#live-code-status").inner_text()
        assert stored(page)["session"] == []  # a token that led nowhere is forgotten, to be asked for again
        assert page.locator(".thebe-cell").count() == 0
        assert page.locator("div.cell").first.inner_html() == before
        assert page.locator("figure.edition-chart .chart-static svg").count() >= 1
        assert page.get_by_role("button", name="Live code").is_enabled()
    finally:
        context.close()
