"""The pages' scripts, started after the page's first frame (issue 13).

Every script of a page is a deferred classic script (``edition.sphinxext.weight.lighten_page``, and the theme's
own two). Deferred scripts are fetched while the page is parsed and run before DOMContentLoaded, and
Chromium runs them before it draws the page: on a chart page that put the first chart pixels 27 to
54 ms later than the page could draw them (``benchmarks/README.md``). Nothing the first frame shows
needs them: the text, the static chart, the icons and the theme's colours come from the HTML, the
inlined CSS and the small inline script in ``<head>`` (``_templates/layout.html``), which also
restores the reader's mode, theme and text view before the first paint.

So at the end of the build each page's deferred ``<script src>`` elements are taken out and replaced
by one inline script at the end of ``<body>`` that lists them. After the first frame (a
``requestAnimationFrame`` callback, then a task after it, so that the frame is painted first) it
inserts them with ``async = false``: they are fetched at once and run in the order the page listed
them, as deferred scripts do. A page opened where it is not shown (a background tab), which draws
no frame, gets them from a timer instead. When the last one has loaded, ``<html data-scripts="run">`` says so (the browser tests
wait for it). A reader who acts before then (a key, a tap, a click) starts the scripts at once, and
the key presses and clicks on buttons made then are handed to them once they have run (the theme's
Ctrl+K search, its colour-scheme button), since no script was there yet to answer them.

Every script of the book and the theme starts its work whether or not DOMContentLoaded has already
passed (they check ``document.readyState``); ``tests/test_page_weight.py`` checks in Chromium that
they all run, in order, after the first frame, and that their behaviour is there.
"""

from __future__ import annotations

import json
from pathlib import Path

from edition.web.html import Element, elements

MARK = "data-after-first-frame"

LOADER = """(function () {
  var sources = %s, started = false, early = [], root = document.documentElement;
  function run() {
    if (started) { return; }
    started = true;
    var script;
    sources.forEach(function (source) {
      script = document.createElement("script");
      script.src = source;
      script.async = false;
      document.body.appendChild(script);
    });
    script.addEventListener("load", ran);
    script.addEventListener("error", ran);
  }
  // The reader acts before the scripts have run: start them now, and hand them the key presses and
  // the clicks on script-driven buttons once they can answer.
  function intent(event) {
    if (root.dataset.scripts === "run") { return; }
    run();
    var button = event.type === "click" && event.target.closest && event.target.closest("button");
    if (event.type === "keydown" || button && !button.form) { early.push([event, button]); }
  }
  ["keydown", "click", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, intent, {capture: true, passive: true});
  });
  function ran() {
    if (root.dataset.scripts === "run") { return; }
    root.dataset.scripts = "run";
    early.splice(0).forEach(function (item) {
      var event = item[0];
      if (item[1]) { item[1].click(); return; }
      event.target.dispatchEvent(new KeyboardEvent("keydown", {key: event.key, code: event.code, ctrlKey: event.ctrlKey,
        metaKey: event.metaKey, shiftKey: event.shiftKey, altKey: event.altKey, bubbles: true, cancelable: true}));
    });
  }
  requestAnimationFrame(function () { setTimeout(run, 0); });
  if (document.hidden) { setTimeout(run, 1000); }  // no frame is drawn for a page that is not shown
})();"""


def loader(sources: list[str]) -> str:
    listed = json.dumps(sources).replace("</", "<\\/")
    return f"<script {MARK}>\n{LOADER % listed}\n</script>\n"


def deferred(script: Element) -> bool:
    """A deferred classic script with a src and nothing inside: no type (or text/javascript), not async."""
    attrs = script.attrs
    return (
        "src" in attrs
        and "defer" in attrs
        and "async" not in attrs
        and not script.inner.strip()
        and attrs.get("type") in (None, "text/javascript")
    )


def scripts_after_first_frame(html: str) -> str:
    """The page with its deferred scripts started by one inline loader after the first frame; a page
    without deferred scripts (or already rewritten) comes back unchanged."""
    end = html.rfind("</body>")
    if end < 0:
        return html
    scripts = [script for script in elements(html[:end], "script") if deferred(script)]
    if not scripts:
        return html
    kept, at = [], 0
    for script in scripts:  # each with the blanks before it on its line and its line end
        start = script.start
        while start > at and html[start - 1] in " \t":
            start -= 1
        stop = script.end
        while stop < end and html[stop] in " \t":
            stop += 1
        if stop < end and html[stop] == "\n":
            stop += 1
        kept.append(html[at:start])
        at = stop
    kept.append(html[at:end])
    return "".join(kept) + loader([script.attrs["src"] for script in scripts]) + html[end:]


def load_scripts_after_first_frame(site: Path) -> int:
    """Rewrite every built page of ``site``; the number of pages rewritten."""
    changed = 0
    for page in sorted(site.rglob("*.html")):
        if {"_static", "_sources"} & set(page.relative_to(site).parts):
            continue
        html = page.read_text(encoding="utf-8")
        new = scripts_after_first_frame(html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
