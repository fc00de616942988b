"""One visual grammar (issue 12): every chart's legend shows exactly the kinds of mark the chart
draws, with the symbol and colour the marks have. Read from the Vega-Lite specs embedded in the
built pages (script.chart-spec), so it checks what readers get."""

import json
import re

import pandas as pd
from helpers import data_rows

from edition import charts

SYMBOL_MARKS = {"point", "square", "circle", "tick", "rule", "bar"}
POINT_SHAPES = {
    "circle",
    "square",
    "cross",
    "diamond",
    "triangle-up",
    "triangle-down",
    "triangle-right",
    "triangle-left",
    "triangle",
    "arrow",
    "wedge",
    "stroke",
}


def chart_specs(pages):
    for name, soup in sorted(pages.items()):
        for script in soup.select("figure.edition-chart script.chart-spec"):
            yield name, json.loads(script.string)


def rows_of(spec, layer):
    data = layer.get("data") or spec.get("data") or {}
    if "values" in data:
        return list(data["values"])
    return list(spec.get("datasets", {}).get(data.get("name"), []))


def passes(row, predicate):
    """The structured filters the charts use (field equal / one of / not)."""
    if isinstance(predicate, str):
        raise AssertionError(f"a layer that draws legend marks filters with an expression: {predicate}")
    if "not" in predicate:
        return not passes(row, predicate["not"])
    value = row.get(predicate["field"])
    if "equal" in predicate:
        return value == predicate["equal"]
    if "oneOf" in predicate:
        return value in predicate["oneOf"]
    raise AssertionError(f"unknown filter {predicate}")


def drawn_rows(spec, layer):
    rows = rows_of(spec, layer)
    for transform in layer.get("transform", []):
        assert set(transform) == {"filter"}, transform
        rows = [row for row in rows if passes(row, transform["filter"])]
    return rows


def mark_of(layer):
    mark = layer["mark"]
    return mark if isinstance(mark, dict) else {"type": mark}


def is_bar_path(symbol):
    """An SVG path in Vega's unit square that is a horizontal bar: wider than it is tall."""
    if not isinstance(symbol, str) or symbol in POINT_SHAPES or not symbol.startswith("M"):
        return False
    xs, ys = [], []
    for command, args in re.findall(r"([MLHVZ])([^MLHVZ]*)", symbol.upper()):
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", args)]
        if command in "ML":
            xs += numbers[0::2]
            ys += numbers[1::2]
        elif command == "H":
            xs += numbers
        elif command == "V":
            ys += numbers
    return bool(xs and ys) and (max(xs) - min(xs)) > 2 * (max(ys) - min(ys))


def legend_problems(spec):
    """What in one chart's legend does not match its marks (an empty list when all agree)."""
    layers = spec.get("layer", [spec])
    legend = {}  # channel -> (field, domain, range)
    for layer in layers:
        for channel in ("color", "fill", "stroke", "shape"):
            encoding = layer.get("encoding", {}).get(channel)
            if encoding and "field" in encoding and encoding.get("legend", {}) is not None:
                scale = encoding.get("scale", {})
                legend[channel] = (encoding["field"], scale.get("domain"), scale.get("range"))
    problems = []
    if not legend:
        # no legend: the chart's symbols (its points; a rule may be a connector) all look alike
        colours = {
            (mark_of(layer).get("color"), mark_of(layer).get("shape", "circle"))
            for layer in layers
            if mark_of(layer)["type"] in SYMBOL_MARKS - {"rule"}
        }
        return [] if len(colours) <= 1 else [f"marks in several colours {colours} and no legend"]
    fields = {field for field, _, _ in legend.values()}
    if len(fields) != 1:
        return [f"the legend mixes fields {fields}"]
    field = fields.pop()
    for channel, (_, domain, scale_range) in legend.items():
        if not domain or not scale_range or len(domain) != len(scale_range):
            problems.append(f"{channel}: the legend's entries are not given with their {channel}s")
    colour_channel = next((c for c in ("color", "fill", "stroke") if c in legend), None)
    entries = legend[colour_channel][1] if colour_channel else legend["shape"][1]

    def legend_symbol(kind):
        if "shape" not in legend:
            return "circle"  # Vega-Lite's legend draws circles unless a shape scale says otherwise
        _, domain, shapes = legend["shape"]
        return shapes[domain.index(kind)] if kind in domain else None

    def legend_colour(kind):
        _, domain, colours = legend[colour_channel]
        return colours[domain.index(kind)] if kind in domain else None

    drawn = set()
    for layer in layers:
        mark = mark_of(layer)
        if mark["type"] not in SYMBOL_MARKS:
            continue
        encoding = layer.get("encoding", {})
        kinds = {row.get(field) for row in drawn_rows(spec, layer)}
        drawn |= kinds
        for kind in sorted(kinds, key=str):
            if kind not in entries:
                problems.append(f"{kind!r} is drawn ({mark['type']}) but not in the legend")
                continue
            # the symbol the mark has, against the legend's symbol for it
            if mark["type"] == "rule":
                if not is_bar_path(legend_symbol(kind)):
                    problems.append(f"{kind!r} is drawn as a bar, the legend shows {legend_symbol(kind)!r}")
            elif "shape" in encoding:
                if encoding["shape"].get("field") != field:
                    problems.append(f"{kind!r}: its shape encodes another field")
            else:
                shape = mark.get("shape", "square" if mark["type"] == "square" else "circle")
                if shape != legend_symbol(kind):
                    problems.append(f"{kind!r} is drawn as {shape!r}, the legend shows {legend_symbol(kind)!r}")
            # and the colour
            coloured = any(encoding.get(c, {}).get("field") == field for c in ("color", "fill", "stroke"))
            if not coloured:
                colour = mark.get("color") or mark.get("fill") or mark.get("stroke")
                if colour_channel and colour != legend_colour(kind):
                    problems.append(f"{kind!r} is drawn in {colour}, the legend shows {legend_colour(kind)}")
    for kind in entries or []:
        if kind not in drawn:
            problems.append(f"the legend shows {kind!r}, which the chart does not draw")
    return problems


def test_every_legend_shows_exactly_the_marks_of_its_chart(pages):
    found, seen = {}, 0
    for name, spec in chart_specs(pages):
        seen += 1
        problems = legend_problems(spec)
        if problems:
            found[(name, spec.get("usermeta", {}).get("name"))] = problems
    assert seen >= 10  # every chart of the book was read (11 since charts of one point became tables)
    assert found == {}


def test_the_check_catches_the_old_contradictions():
    """The Soviet-war chart drew "at most" as a left-pointing triangle under a legend of circles;
    the civil-war chart gave "stated" and "range" one blue circle. Both must be reported."""
    data = {"values": [{"kind": "at most"}, {"kind": "range"}, {"kind": "stated"}]}
    colour = {
        "field": "kind",
        "type": "nominal",
        "scale": {"domain": ["stated", "range", "at most"], "range": ["#1a5fb4", "#1a5fb4", "#c64600"]},
    }
    spec = {
        "data": data,
        "layer": [
            {
                "mark": {"type": "rule"},
                "transform": [{"filter": {"field": "kind", "equal": "range"}}],
                "encoding": {"color": colour},
            },
            {
                "mark": {"type": "point", "shape": "triangle-left"},
                "transform": [{"filter": {"field": "kind", "equal": "at most"}}],
                "encoding": {"color": colour},
            },
        ],
    }
    problems = legend_problems(spec)
    assert any("'at most' is drawn as 'triangle-left'" in p for p in problems), problems
    assert any("'range' is drawn as a bar" in p for p in problems), problems
    assert any("shows 'stated', which the chart does not draw" in p for p in problems), problems


def test_status_and_bound_are_one_scale_for_every_kind_of_figure(edition):
    """Every figure of the data gets a kind of the shared grammar: its colour is its status's, its
    symbol its bound's; no two kinds look alike."""
    frame = charts.figures_frame(edition, list(charts.CHART_PAGES))
    assert len(frame) == len(data_rows("figures.csv"))  # every figure of the data
    table = {label: (colour, symbol) for label, colour, symbol in charts.kinds()}
    assert set(frame["kind"]) <= set(table)
    assert len(set(table.values())) == len(table)
    for row in frame.to_dict("records"):
        colour, symbol = table[row["kind"]]
        assert colour == charts.STATUS[row["status"]][1], row["id"]
        if row["status"] == "lost":
            assert pd.isna(row["best"]) and pd.isna(row["low"]) and pd.isna(row["high"]), row["id"]
        elif pd.notna(row["low"]) and pd.notna(row["high"]):
            assert symbol == charts.BOUND["range"][1], row["id"]
        elif pd.isna(row["best"]):
            assert symbol == charts.BOUND["at least" if pd.notna(row["low"]) else "at most"][1], row["id"]
        else:
            assert symbol == charts.BOUND["exact"][1], row["id"]
