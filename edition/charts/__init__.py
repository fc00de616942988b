"""Charts without a CDN: an Altair renderer that writes a static SVG plus the chart's spec.

``enable()`` registers and turns on the ``edition`` renderer. A chart displayed in a notebook then
becomes one ``<figure>``: the SVG drawn by vl-convert at execution time (so the chart shows with no
JavaScript, in print and in the PDF), the Vega-Lite spec as JSON, a caption and a text
alternative. In the built book, ``edition-charts.js`` (vl-convert's bundle of Vega, Vega-Lite and
Vega-Embed, served by the book itself) turns each figure into the interactive chart. Everything
that comes from data is escaped.
"""

from __future__ import annotations

import functools
import html
import os
import re

import altair as alt
import pandas as pd
import vl_convert

from edition.model.dates import date_words, edtf_bounds  # noqa: F401 (re-exported: the notebooks' API)
from edition.model.edition import Edition
from edition.model.pages import CHART_PAGES, TIMELINE_PAGE, chapter_docname  # noqa: F401 (re-exported)
from edition.model.text import rejoin_thousands
from edition.web.chartmodule import HYDRATE, OUTPUT_ENV, REPOSITORY, bundle_key  # noqa: F401 (re-exported)
from edition.web.jsonscript import script_json


def vega_lite_version() -> str:
    """The Vega-Lite version Altair writes (``v6.4.1`` → ``6.4``), which the bundle must match."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed with the hydrating code, as one ES module."""
    return vl_convert.javascript_bundle(snippet=HYDRATE, vl_version=vega_lite_version())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def figure_html(spec: dict) -> str:
    """The ``<figure>`` for one chart: static SVG, spec, caption and text alternative.

    A chart whose live view fills its column (``width: "container"``) is drawn twice in static
    SVG: ``STATIC_WIDTH`` wide, and ``NARROW_WIDTH`` wide for a phone's column, where the wide one
    would be scaled to about half its size (11 px labels drawn at 6 px); a container query on the
    box shows the one that fits (edition.css), at its own size. The box keeps the static SVG's
    height (``--chart-height``), which is the live chart's too (the height does not depend on the
    width), so nothing moves when the live chart takes the static one's place.
    """
    meta = spec.get("usermeta", {}) or {}
    caption = meta.get("caption", "")
    name = slug(meta.get("name", caption))
    alternative = spec.get("description") or caption
    fills = spec.get("width") == "container"
    widths = {"wide": STATIC_WIDTH, "narrow": NARROW_WIDTH} if fills else {"": None}
    statics, height = [], None
    for layout, width in widths.items():
        drawn = {**spec, "width": width} if width else spec
        svg = vl_convert.vegalite_to_svg(drawn, vl_version=vega_lite_version())
        svg = re.sub(r"<svg ", '<svg aria-hidden="true" focusable="false" ', svg, count=1)
        svg = unique_ids(svg, f"static-{name}-{layout}-" if layout else f"static-{name}-")
        found = re.search(r'<svg[^>]*\bheight="([\d.]+)"', svg)
        height = max(height or 0, float(found.group(1))) if found else height
        statics.append(f'<div class="static-{layout}">{svg}</div>' if layout else svg)
    reserve = f' style="--chart-height: {height:.0f}px"' if fills and height else ""
    sizing = "fills" if fills else "scales"
    layout = f' data-layout="{html.escape(meta["layout"])}"' if meta.get("layout") else ""
    return (
        f'<figure class="edition-chart" id="chart-{html.escape(name)}" data-state="static" data-sizing="{sizing}"{layout}>'
        f'<div class="chart-box"{reserve}>'
        f'<div class="chart-static" role="img" aria-label="{html.escape(alternative)}">{"".join(statics)}</div>'
        f'<div class="chart-live"></div></div>'
        f'<script type="application/json" class="chart-spec">{script_json(spec)}</script>'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id of a static SVG (and the references to it).

    vl-convert and the live Vega view both number their clip paths clip1, clip2 …; with two
    copies of an id on a page the live chart would clip by the hidden static one.
    """
    for old in set(re.findall(r'\bid="([^"]+)"', svg)):
        svg = svg.replace(f'id="{old}"', f'id="{prefix}{old}"').replace(f"url(#{old})", f"url(#{prefix}{old})")
        svg = svg.replace(f'href="#{old}"', f'href="#{prefix}{old}"')
    return svg


def in_book() -> bool:
    """True while the book is being built (the extension sets ``EDITION_OUTPUT=book``)."""
    return os.environ.get(OUTPUT_ENV) == "book"


def renderer(spec: dict, **kwargs) -> dict:
    """Altair renderer. In the book: one ``<figure>`` that needs nothing from another host (the
    book's build keeps this renderer; Altair's own mimetype renderer would crash it). In Jupyter:
    the interactive chart beside the static SVG."""
    text = f"<chart: {spec.get('description', '')}>"
    if in_book():
        return {"text/html": figure_html(spec), "text/plain": text}
    return {**jupyter_bundle(spec), "text/plain": text}


def jupyter_bundle(spec: dict) -> dict:
    """The chart for JupyterLab: its Vega spec, compiled from the Vega-Lite by vl-convert, and the
    static SVG as the fallback for front ends that cannot draw Vega.

    JupyterLab 4 draws Vega 5 and Vega-Lite up to v5 only, while Altair 6 writes Vega-Lite v6; the
    compiled Vega spec is what its renderer can draw. ``+json`` mime types carry JSON in nbformat."""
    drawn = {**spec, "width": STATIC_WIDTH} if spec.get("width") == "container" else spec  # no column to fill
    vega = vl_convert.vegalite_to_vega(drawn, vl_version=vega_lite_version())
    vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
    return {
        "application/vnd.vega.v5+json": vega,
        "image/svg+xml": vl_convert.vegalite_to_svg(drawn, vl_version=vega_lite_version()),
    }


def enable() -> None:
    alt.renderers.register("edition", renderer)
    alt.renderers.enable("edition")
    alt.data_transformers.disable_max_rows()


def chapter_href(edition: Edition, passage_id: str, from_dir: str = "chapters/figures") -> str:
    """The URL of a passage: in the book, relative to a page in ``from_dir`` (chapters are
    ``NN-key.html``); in Jupyter, on the published edition."""
    passage = edition.by_id[passage_id]
    page = chapter_docname(edition, passage_id)
    if not in_book():
        return published_url(f"{page}.html#{passage.anchor}")
    depth = from_dir.count("/") + 1 if from_dir else 0
    up = "../" * (depth - 1)
    return f"{up}{page.split('/', 1)[1]}.html#{passage.anchor}"


@functools.lru_cache(maxsize=1)
def published_baseurl() -> str:
    """The published edition's address, ``html.baseurl`` of _config.yml (written only there)."""
    import yaml

    config = yaml.safe_load((REPOSITORY / "_config.yml").read_text(encoding="utf-8"))
    return ((config.get("html") or {}).get("baseurl") or "").rstrip("/") + "/"


def published_url(path: str) -> str:
    """A page of the published edition, by its path from the site's root."""
    return published_baseurl() + path


def figures_frame(edition: Edition, categories: list[str]) -> pd.DataFrame:
    """Figures of some categories, with the columns the charts and tooltips use."""
    frame = edition.figures[edition.figures["category"].isin(categories)].copy()
    frame["label"] = frame["measure"]
    frame["paragraph"] = "¶ " + frame["passage"]
    written = frame["value_as_written"].map(as_readers_write)
    frame["shown"] = written.where(frame["status"] != "lost", written + " (number lost)")
    restored = frame["status"] == "restored"
    frame.loc[restored, "shown"] = frame.loc[restored].apply(
        lambda row: f"{as_readers_write(row['value_as_written'])} ({number(row['best'] if pd.notna(row['best']) else row['low'])}, restored)",
        axis=1,
    )
    frame["start"] = frame["low"].fillna(frame["best"])
    frame["end"] = frame["high"].fillna(frame["best"])
    frame["bound"] = frame.apply(bound_of, axis=1) if len(frame) else pd.Series(dtype=str)
    frame["kind"] = [kind_label(s, b) for s, b in zip(frame["status"], frame["bound"])]
    frame["at"] = frame["end"].fillna(frame["start"])  # where a figure's label sits
    # where its symbol sits: the number, or the bound it gives (a lost one at the axis' start)
    frame["x"] = frame["best"].fillna(frame["low"]).fillna(frame["high"])
    return frame.reset_index(drop=True)


# The columns of a figures table: (heading, the cell's class). On a phone the stylesheet folds each
# row into a card (edition.css: the figure as written, its passage link, the measure, then the rest,
# each labelled from the cell's data-label), so no row needs sideways scrolling.
FIGURE_COLUMNS = [
    ("Measure", "c-measure"),
    ("Who", "c-actor"),
    ("As written", "c-written"),
    ("Low", "c-low"),
    ("Best", "c-best"),
    ("High", "c-high"),
    ("Unit", "c-unit"),
    ("Status", "c-status"),
    ("Passage", "c-passage"),
]
EVENT_COLUMNS = [
    ("Date", "c-date"),
    ("What happened", "c-measure"),
    ("As written", "c-written"),
    ("Passage", "c-passage"),
]


def cell(value: str, column: tuple[str, str], markup: str | None = None) -> str:
    heading, css = column
    return f'<td class="{css}" data-label="{html.escape(heading)}">{markup if markup is not None else html.escape(value)}</td>'


def table_html(columns, rows: list[str]) -> str:
    header = "".join(f'<th scope="col" class="{css}">{heading}</th>' for heading, css in columns)
    return f'<table class="figure-table"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def data_table(edition: Edition, frame: pd.DataFrame, from_dir: str = "chapters/figures") -> str:
    """The figures behind a chart as an HTML table, every cell escaped, each passage linked."""
    rows = []
    for record in frame.to_dict("records"):
        values = [
            record["measure"],
            record["actor"],
            as_readers_write(record["value_as_written"]),
            number(record["low"]),
            number(record["best"]),
            number(record["high"]),
            record["unit"],
            STATUS.get(record["status"], (record["status"],))[0],
        ]
        cells = [cell(str(v), column) for v, column in zip(values, FIGURE_COLUMNS)]
        href = html.escape(chapter_href(edition, record["passage"], from_dir))
        cells.append(cell("", FIGURE_COLUMNS[-1], f'<a href="{href}">¶ {html.escape(record["passage"])}</a>'))
        rows.append(f'<tr id="{html.escape(record["id"])}">{"".join(cells)}</tr>')
    return table_html(FIGURE_COLUMNS, rows)


def events_table(edition: Edition, frame: pd.DataFrame, from_dir: str = "chapters/figures") -> str:
    """The events behind the timeline as an HTML table, escaped, each passage linked."""
    rows = []
    for record in frame.to_dict("records"):
        values = [date_words(record["date"]), str(record["event"]), as_readers_write(record["as_written"])]
        cells = [cell(v, column) for v, column in zip(values, EVENT_COLUMNS)]
        href = html.escape(chapter_href(edition, record["passage"], from_dir))
        cells.append(cell("", EVENT_COLUMNS[-1], f'<a href="{href}">¶ {html.escape(record["passage"])}</a>'))
        rows.append(f'<tr id="{html.escape(record["id"])}">{"".join(cells)}</tr>')
    return table_html(EVENT_COLUMNS, rows)


def figures_in_words_table(edition: Edition, frame: pd.DataFrame, from_dir: str = "chapters/figures") -> str:
    """Figures that stand alone (no other figure of their unit to compare them with) are stated, not
    charted: a small table, the figure as written and in digits, what it counts, and its passage."""
    rows = []
    for record in frame.to_dict("records"):
        value = number(record["best"] if pd.notna(record["best"]) else record["low"]) or number(record["high"])
        if record["status"] == "lost":
            value = "number lost"
        elif pd.notna(record["low"]) and pd.notna(record["high"]):
            value = f"{number(record['low'])}–{number(record['high'])}"
        href = html.escape(chapter_href(edition, record["passage"], from_dir))
        cells = [
            f"<td>{html.escape(str(record['measure']))}: {html.escape(str(record['actor']))}</td>",
            f"<td>{html.escape(as_readers_write(record['value_as_written']))}</td>",
            f"<td>number lost ({html.escape(str(record['unit']))})</td>"
            if record["status"] == "lost"
            else f"<td>{html.escape(value)} {html.escape(str(record['unit']))}</td>",
            f'<td><a href="{href}">¶ {html.escape(record["passage"])}</a></td>',
        ]
        rows.append(f'<tr data-figure="{html.escape(record["id"])}">{"".join(cells)}</tr>')
    header = "".join(f'<th scope="col">{h}</th>' for h in ("What", "As written", "In figures", "Passage"))
    return f'<table class="figures-in-words"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def charted_points(frame: pd.DataFrame) -> int:
    """How many figures of a frame a chart would draw as points: those whose number survives."""
    return int((frame["status"] != "lost").sum()) if len(frame) else 0


def charts_by_unit(frame: pd.DataFrame):
    """A frame split by unit: (unit, figures) for every unit with at least two figures to compare (a
    chart), and the figures left alone in their unit (stated in a table, never charted as one point)."""
    charted, alone = [], []
    for unit, group in frame.groupby("unit", sort=False):
        (charted if charted_points(group) >= 2 else alone).append((unit, group))
    rest = pd.concat([group for _, group in alone]) if alone else frame.iloc[0:0]
    return charted, rest


def as_readers_write(text: str) -> str:
    """Words of the source with each number split at its thousands rejoined: "10 000 men" → "10,000 men"."""
    tokens = str(text).split()
    for first, last, joined in reversed(rejoin_thousands(tokens)):
        tokens[first : last + 1] = [joined]
    return " ".join(tokens)


def number(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


class HTML:
    """Raw HTML for a notebook cell's output (so the notebooks need no IPython import)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


class Layouts:
    """One chart drawn for columns of different widths (the map: wide, and narrow for a phone),
    each spec with a ``usermeta.layout`` name. In the book every layout is a figure, and the
    stylesheet shows the one that suits the column (a container query on ``.chart-layouts``); in
    Jupyter, the first."""

    def __init__(self, drawn: list):
        self.charts = list(drawn)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        drawn = [renderer(chart.to_dict()) for chart in (self.charts if in_book() else self.charts[:1])]
        if len(drawn) == 1:
            return drawn[0]
        figures = "".join(bundle["text/html"] for bundle in drawn)
        return {"text/html": f'<div class="chart-layouts">{figures}</div>', "text/plain": drawn[0]["text/plain"]}


# --- one visual grammar for every chart ---------------------------------------------------------------
# A figure's STATUS is drawn as its colour, its BOUND as its symbol. Every chart takes both from
# here; the legend is made from the same two tables, so it shows exactly the marks the chart draws.
# The charts sit on a light panel (white, with a border) in both themes of the book: the colours
# are chosen for contrast on white.

STATUS = {  # status in figures.csv → (label, colour)
    "stated": ("stated", "#1a5fb4"),
    "stated_in_words": ("in words", "#a63c00"),
    "restored": ("restored", "#7b3fa0"),
    "lost": ("number lost", "#5e5e5e"),
}
# Symbols in Vega's unit square (-1…1). A range is drawn as a bar from its low to its high end: its
# legend symbol is a bar too. A lost number has no bound: a hollow square (a ring, so that it is
# one filled symbol in the marks and in the legend alike).
BAR = "M-1,-0.32H1V0.32H-1Z"
RING = "M-1,-1H1V1H-1Z M-0.55,-0.55V0.55H0.55V-0.55Z"
BOUND = {  # bound → (label, symbol)
    "exact": ("exact", "circle"),
    "range": ("range", BAR),
    "at least": ("at least", "triangle-right"),
    "at most": ("at most", "triangle-left"),
}
PANEL = "#ffffff"  # the chart's own light panel (see edition.css, figure.edition-chart)
INK = "#222222"
MUTED_INK = "#4d4d4d"
ACCENT = STATUS["stated"][1]


def bound_of(row) -> str:
    if row["status"] == "lost":
        return ""
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        return "range"
    if pd.isna(row["best"]) and pd.notna(row["low"]):
        return "at least"
    if pd.isna(row["best"]) and pd.notna(row["high"]):
        return "at most"
    return "exact"


def kind_label(status: str, bound: str) -> str:
    """The legend's words for one kind of mark: ``stated, range``, ``in words, at least``, ``number lost``."""
    if status == "lost":
        return STATUS["lost"][0]
    return f"{STATUS[status][0]}, {BOUND[bound][0]}"


def kinds() -> list[tuple[str, str, str]]:
    """Every kind of mark in legend order: (label, colour, symbol)."""
    out = [(kind_label(s, b), STATUS[s][1], BOUND[b][1]) for s in STATUS if s != "lost" for b in BOUND]
    return out + [(kind_label("lost", ""), STATUS["lost"][1], RING)]


def kind_scales(present) -> tuple[alt.Scale, alt.Scale]:
    """The colour and shape scales of the kinds a chart draws (and only those), in legend order."""
    chosen = [k for k in kinds() if k[0] in set(present)]
    domain = [k[0] for k in chosen]
    return (
        alt.Scale(domain=domain, range=[k[1] for k in chosen]),
        alt.Scale(domain=domain, range=[k[2] for k in chosen]),
    )


def wrap_label(text: str, width: int = 24, lines: int = 6) -> str:
    """A category label for a narrow axis: at most ``lines`` lines of about ``width`` characters
    (every label of the book fits whole), shortened with "…" beyond (the tooltip and the data table
    keep the whole label)."""
    import textwrap

    wrapped = textwrap.wrap(str(text), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip(" ,;:") + "…"
    return "\n".join(wrapped)


def lines(text: str, width: int = 30):
    """A title for a narrow chart: one string when it is short, else its lines (Vega draws a list
    of strings as lines), so that no title is wider than a phone's column."""
    import textwrap

    wrapped = textwrap.wrap(str(text), width)
    return wrapped if len(wrapped) > 1 else str(text)


# Axis labels hold line breaks: Vega draws an array of strings as lines.
WRAPPED_LABELS = "split(datum.label, '\\n')"
STATIC_WIDTH = 560  # the chart's whole width in the static SVG (the live chart fills its column instead)
NARROW_WIDTH = 320  # ... and in the static SVG for a phone (a 390 px screen gives the chart 324 px)


def tooltip() -> list:
    return [
        alt.Tooltip("shown:N", title="As written"),
        alt.Tooltip("paragraph:N", title="Passage"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("actor:N", title="Who"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("kind:N", title="Figure"),
    ]  # the row id stays in the chart's data (a click uses it), never in what a reader sees


def _finish(chart, *, title: str, alternative: str, caption: str, height, width) -> alt.LayerChart:
    """What every chart shares: title, size, text alternative and the light panel's look.

    The height is a number of pixels, not a step: Vega-Lite drops a fit to the container's width
    (with a warning in the browser) when either size is a step."""
    return (
        chart.properties(
            title=alt.Title(lines(title), anchor="start", fontSize=13, color=INK, offset=8),
            width=width,
            height=height,
            description=alternative,
            usermeta={"caption": caption, "name": title},
            # the width fits the column, labels and legend included; the height follows the rows
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(background=PANEL, padding={"left": 4, "right": 12, "top": 4, "bottom": 4})
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelColor=INK, titleColor=INK, labelLineHeight=13)
        .configure_axisX(labelOverlap="greedy", labelSeparation=6, labelFlush=True)
        .configure_legend(labelColor=INK, titleColor=INK, labelFontSize=11, titleFontSize=11, labelLimit=180)
    )


def quantity_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    axis_title: str,
    caption: str,
    alternative: str,
    log: bool = False,
    width="container",
) -> alt.LayerChart:
    """One row per figure: colour for its status, symbol for its bound (see STATUS and BOUND); a
    range is a bar from its low to its high end, a lost number a hollow square at the axis' start.

    ``alternative`` opens the text alternative; the figures themselves are listed after it from
    the data, so the description cannot drift from the chart. The live chart fills its column
    (``width="container"``); the static SVG is drawn ``STATIC_WIDTH`` wide.
    """
    if charted_points(frame) < 2:
        raise ValueError(
            f"chart {title!r}: {charted_points(frame)} figure(s) to draw; a lone figure is stated in a table "
            "(figures_in_words_table), not charted as one point"
        )
    frame = frame.copy()
    alternative = (
        f"{alternative} "
        + "; ".join(f"{row.label}: {row.shown} ({row.kind}, ¶ {row.passage})" for row in frame.itertuples())
        + "."
    )
    frame["row"] = [wrap_label(label, 20) for label in frame["label"]]
    order = list(dict.fromkeys(frame["row"]))
    step = row_height(order)
    known = pd.concat([frame["start"], frame["end"]]).dropna()
    floor = max(known.min() / 3, 1) if log and len(known) else 0
    frame["x"] = frame["x"].fillna(floor)
    scale = alt.Scale(type="log", domainMin=floor) if log else alt.Scale(domainMin=0)
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=125))
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip())
    colour_scale, shape_scale = kind_scales(frame["kind"])
    legend = alt.Legend(
        orient="bottom",
        direction="vertical",
        columns=1,
        title=None,
        symbolStrokeWidth=0,
        symbolSize=110,
        symbolOpacity=1,
    )
    colour = alt.Color("kind:N", scale=colour_scale, legend=legend)
    shape = alt.Shape("kind:N", scale=shape_scale, legend=legend)
    axis_title = lines(axis_title, 24)
    x = alt.X("x:Q", title=axis_title, scale=scale)
    bounds = set(frame["bound"])
    layers = []
    if "range" in bounds:
        layers.append(
            base.transform_filter(alt.FieldEqualPredicate(field="bound", equal="range"))
            .mark_rule(strokeWidth=7)
            .encode(x=alt.X("start:Q", title=axis_title, scale=scale), x2="end:Q", color=colour)
        )
    if bounds - {"range"}:
        layers.append(
            base.transform_filter(alt.FieldOneOfPredicate(field="bound", oneOf=sorted(bounds - {"range"})))
            .mark_point(filled=True, size=110, opacity=1, strokeWidth=0)
            .encode(x=x, color=colour, shape=shape)
        )
    if (frame["status"] != "lost").any():
        layers.append(
            base.transform_filter("datum.status != 'lost'")
            .mark_text(align="left", dx=9, dy=-10, fontSize=10, color=INK)
            .encode(x=alt.X("at:Q", scale=scale), text="shown:N")
        )
    if (frame["status"] == "lost").any():
        layers.append(
            base.transform_filter("datum.status == 'lost'")
            .mark_text(align="left", dx=11, fontStyle="italic", fontSize=10, color=MUTED_INK)
            .encode(x=alt.X("x:Q", scale=scale), text=alt.value("number lost"))
        )
    return _finish(
        alt.layer(*layers), title=title, alternative=alternative, caption=caption, height=step * len(order), width=width
    )


def row_height(rows) -> int:
    """A row's height on a category axis: room for its label's lines (13 px each) and its mark."""
    most = max((row.count("\n") + 1 for row in rows), default=1)
    return max(34, 13 * most + 10)


def events_frame(edition: Edition) -> pd.DataFrame:
    frame = edition.events.copy()
    frame[["start", "end"]] = frame["date"].apply(lambda d: pd.Series(edtf_bounds(d)))
    frame["paragraph"] = "¶ " + frame["passage"]
    frame["as_written"] = [
        " ".join(edition.tokens[a : b + 1]) for a, b in zip(frame["first_token"], frame["last_token"])
    ]
    frame["section"] = [edition.section_title(edition.by_id[p].section) for p in frame["passage"]]
    frame["when"] = frame["date"].map(date_words)
    return frame


def timeline_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    caption: str,
    alternative: str,
    start: str,
    end: str,
    key_events: bool = False,
    width="container",
) -> alt.LayerChart:
    """Events on a time axis between ``start`` and ``end``; a bar where a date is a period, drawn only
    inside the window (a period reaching outside it stops at the edge; its tooltip keeps the date).

    By default one row per section of the source, which shows how the narrative moves in time. With
    ``key_events`` one row per event that has a short ``label`` (events.csv), in date order, the label
    written on the axis beside it: a reader reads the chart without pointing at a dot."""
    frame = frame[(frame["end"] >= start) & (frame["start"] <= end)].copy()
    frame["start"] = frame["start"].where(frame["start"] >= start, start)
    frame["end"] = frame["end"].where(frame["end"] <= end, end)
    if key_events:
        frame = frame[frame["label"].fillna("") != ""].sort_values(["start", "end", "id"])
        frame["row"] = frame["label"]
        # the text alternative lists the labelled events from the data, so it cannot drift from the chart
        alternative = f"{alternative} " + "; ".join(f"{row.when}: {row.label}" for row in frame.itertuples()) + "."
    else:
        frame["row"] = [wrap_label(section, 28, lines=3) for section in frame["section"]]
    order = list(dict.fromkeys(frame["row"]))
    step = 24 if key_events else row_height(order)
    # years on the axis: one tick a year in a short window (a month's name alone says no year)
    short = int(end[:4]) - int(start[:4]) <= 6
    years = alt.Axis(format="%Y", tickCount="year") if short else alt.Axis(format="%Y")
    # the window is the scale's domain (in milliseconds, UTC), shared by both layers
    window = alt.Scale(domain=[_milliseconds(start), _milliseconds(end)], padding=6)
    base = alt.Chart(frame).encode(
        x=alt.X("start:T", title=None, axis=years),
        y=alt.Y(
            "row:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=190 if key_events else 180),
        ),
        tooltip=[
            alt.Tooltip("when:N", title="Date"),
            alt.Tooltip("event:N", title="Event"),
            alt.Tooltip("as_written:N", title="As written"),
            alt.Tooltip("paragraph:N", title="Passage"),
            alt.Tooltip("section:N", title="Section"),
        ],
    )
    spans = base.mark_rule(strokeWidth=6, opacity=0.35, color=ACCENT, clip=True).encode(x2="end:T")
    # the domain is given on one layer only: given on both, Vega-Lite 6 parses one copy and not the
    # other and then warns of a conflict in the browser
    points = base.mark_point(filled=True, size=60, color=ACCENT, opacity=0.85, clip=True).encode(
        x=alt.X("start:T", title=None, axis=years, scale=window)
    )
    return _finish(
        spans + points, title=title, alternative=alternative, caption=caption, height=step * len(order), width=width
    )


def _milliseconds(day: str) -> int:
    """An ISO day (``1989-01-01``) as a time in milliseconds (UTC), as Vega-Lite reads a temporal domain."""
    return int(pd.Timestamp(day, tz="UTC").value // 1_000_000)
