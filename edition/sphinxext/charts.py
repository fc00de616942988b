"""The charts in the built site: vl-convert's Vega bundle written once per key, and, on pages that
draw charts only, a small script that imports it on the reader's first intent.

The bundle is an ES module written into the built site's static files (not the book's ``_static/``,
whose ``.js`` files Jupyter Book 1 would add to every page as classic scripts).
"""

from __future__ import annotations

from pathlib import Path

from edition.sphinxext.state import made_from
from edition.web.chartmodule import bundle_key

CHART_BUNDLE = "edition-charts.js"


def write_chart_bundle(app):
    """vl-convert's Vega bundle, written into the built site's static files. Making it takes
    vl-convert over a second (and imports Altair): the one already built is kept while its key
    (vl-convert's and Vega-Lite's versions and the hydrating code) has not changed."""
    if app.builder.format != "html":
        return
    output = f"_static/{CHART_BUNDLE}"
    current, record = made_from(app, output, bundle_key())
    if current:
        return
    from edition.charts import javascript_bundle  # Altair and vl-convert: only when the bundle is made

    target = Path(app.outdir) / output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(javascript_bundle(), encoding="utf-8")
    record()


# The chart module (Vega, Vega-Lite, Vega-Embed and charts.HYDRATE, 0.9 MB) is imported on the
# reader's first intent, a pointer over, a focus in or a tap on a chart; until then the static SVG
# in the page is the chart. The figures become focusable so that a keyboard can show intent too.
CHART_INTENT = (
    """(function () {
  var started = false;
  function start(event) {
    if (started || !(event.target.closest && event.target.closest("figure.edition-chart"))) { return; }
    started = true;
    var root = document.documentElement.dataset.content_root || "./";
    import(new URL(root + "_static/%s", document.baseURI).href).catch(function (error) {
      console.error("the chart module did not load, the charts stay static: " + error);
    });
  }
  ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, start, { capture: true, passive: true });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.edition-chart:not([tabindex])").forEach(function (figure) { figure.tabIndex = 0; });
  });
})();"""
    % CHART_BUNDLE
)


def add_chart_script(app, pagename, templatename, context, doctree):
    """Only pages that have a chart get the chart module, imported on the reader's first intent."""
    if "edition-chart" in context.get("body", ""):
        app.add_js_file(None, body=CHART_INTENT)


def setup_charts(app) -> None:
    app.connect("builder-inited", write_chart_bundle)
    app.connect("html-page-context", add_chart_script)
