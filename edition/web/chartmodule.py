"""The chart module of the built site, as far as the build needs it without drawing a chart: the
JavaScript that makes each static chart interactive, the key of what the module is made from, and
how the book tells the notebooks that they run in the book. Nothing here imports Altair or
vl-convert, so a rebuild with nothing to draw (a no-op) does not pay for them; ``edition.charts``
re-exports it. (Which page draws which figures is ``edition.model.pages``.)"""

from __future__ import annotations

from edition.model.files import CHECKOUT

# Set to "book" by the Sphinx extension before the notebooks run (the processes the build forks to
# run them, and any kernel, inherit it). Where it is not set (Binder, a local JupyterLab) the charts
# are drawn for Jupyter and links point at the published edition, since a checkout has no built
# pages to link to.
OUTPUT_ENV = "EDITION_OUTPUT"
REPOSITORY = CHECKOUT

# The JavaScript that hydrates every chart figure on a page; vl-convert bundles it with Vega.
HYDRATE = r"""
const root = document.documentElement.dataset.content_root || "./";
let urls = null;
async function passageUrl(id) {
  if (urls === null) {
    const response = await fetch(root + "passages.json");
    const payload = await response.json();
    urls = Object.fromEntries(payload.passages.map((p) => [p.id, root + p.url]));
  }
  return urls[id];
}
// A tap (touch or pen) on a mark shows what its tooltip says below the chart, with a link to the
// passage: the link navigates, the tap does not. A mouse click opens the passage at once.
function showTap(figure, item, url, label) {
  let panel = figure.querySelector(".chart-tap");
  if (!panel) {
    panel = document.createElement("div");
    panel.className = "chart-tap";
    panel.setAttribute("role", "status");
    figure.querySelector(".chart-box").after(panel);
  }
  const list = document.createElement("dl");
  for (const [name, value] of Object.entries((item && item.tooltip) || {})) {
    const term = document.createElement("dt");
    term.textContent = name;
    const text = document.createElement("dd");
    text.textContent = String(value);
    list.append(term, text);
  }
  const link = document.createElement("a");
  link.href = url;
  link.textContent = label;
  panel.replaceChildren(list, link);
}
async function hydrate(figure) {
  const spec = JSON.parse(figure.querySelector("script.chart-spec").textContent);
  const live = figure.querySelector(".chart-live");
  const result = await vegaEmbed(live, spec, { renderer: "svg", actions: false });
  let pointer = "mouse";
  live.addEventListener("pointerdown", (event) => { pointer = event.pointerType || "mouse"; }, true);
  result.view.addEventListener("click", async (event, item) => {
    const datum = (item && item.datum) || {};
    // A mark goes to its own link (e.g. an index entry) or else to the passage it comes from.
    const url = datum.href ? new URL(datum.href, window.location.href).toString()
      : datum.passage ? await passageUrl(datum.passage) : null;
    if (!url) { return; }
    if (pointer === "touch" || pointer === "pen") {
      showTap(figure, item, url, datum.passage ? "Open ¶ " + datum.passage : "Open");
    } else {
      window.location.href = url;
    }
  });
  figure.classList.add("is-interactive");
  figure.dataset.state = "interactive";
}
for (const figure of document.querySelectorAll("figure.edition-chart")) {
  hydrate(figure).catch((error) => {
    figure.dataset.state = "static";
    console.error("chart " + figure.id + " stayed static: " + error);
  });
}
"""


def bundle_key() -> str:
    """What the chart module is made from: vl-convert's and Altair's versions (Altair's fixes the
    Vega-Lite version it writes) and the hydrating code."""
    import hashlib
    from importlib.metadata import version

    made_from = f"{version('vl-convert-python')} {version('altair')} {HYDRATE}"
    return hashlib.sha256(made_from.encode()).hexdigest()[:16]
