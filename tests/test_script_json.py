"""Nothing from the data can end, comment out or open a page's script: every free-text column
that reaches an embedded chart spec is tried with </script>, <!-- and <script>, and every JSON
script block of the built pages parses and holds no '<'."""

import dataclasses
import json
import re

import pytest

from edition import charts, maps
from edition.web.jsonscript import script_json

HOSTILE = "a </script> b <!-- c <script>alert('x')</script> d & e"  # U+2028 cannot reach a chart: the loader refuses it
SPEC_BLOCK = re.compile(r'<script type="application/json" class="chart-spec">(.*?)</script>', re.S)


def with_column(edition, table: str, column: str):
    """A copy of the edition whose ``table`` has HOSTILE in every cell of ``column``."""
    frame = getattr(edition, table).copy()
    if column == "description":  # what reaches the map is the place a point stands for
        frame[column] = f"Point given for {HOSTILE}."
    else:
        frame[column] = frame[column].astype(str) + " " + HOSTILE
    return dataclasses.replace(edition, **{table: frame})


def figure_chart(edition):
    return charts.quantity_chart(
        charts.figures_frame(edition, list(charts.CHART_PAGES)), title="t", axis_title="x", caption="c", alternative="a"
    )


def timeline(edition):
    return charts.timeline_chart(
        charts.events_frame(edition), title="t", caption="c", alternative="a", start="1978-01-01", end="2021-01-01"
    )


CASES = [("figures", column, figure_chart) for column in ("measure", "actor", "unit", "note")] + [
    ("events", "event", timeline),
    ("events", "note", timeline),
    ("sections", "title", timeline),
    ("entities", "name", maps.locator_map),
    ("entities", "description", maps.locator_map),
]


@pytest.mark.parametrize("table, column, draw", CASES, ids=[f"{t}.{c}" for t, c, _ in CASES])
def test_a_hostile_cell_stays_inside_the_chart_spec(edition, table, column, draw):
    spec = draw(with_column(edition, table, column)).to_dict()
    page = charts.figure_html(spec)
    blocks = SPEC_BLOCK.findall(page)
    assert len(blocks) == 1 and page.count("<script") == 1 and page.count("</script>") == 1
    assert "<" not in blocks[0] and ">" not in blocks[0] and "<!--" not in page
    parsed = json.loads(blocks[0])
    assert parsed == json.loads(json.dumps(spec))  # escaped, not altered
    assert HOSTILE in json.dumps(parsed, ensure_ascii=False), f"{table}.{column} does not reach the chart"


def test_script_json_escapes_what_could_break_a_script():
    text = script_json({"k": HOSTILE + "\u2028\u2029"})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"k": HOSTILE + "\u2028\u2029"}


def test_every_json_script_block_of_the_built_pages_parses(site):
    blocks = 0
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            if "application/json" in attributes:
                blocks += 1
                assert "<" not in body, f"{path.name}: a '<' inside a JSON script block"
                json.loads(body)
            elif "window.EDITION" in body:
                json.loads(body.split("=", 1)[1].strip().rstrip(";"))
                assert "<" not in body
    assert blocks >= 10  # every chart of the figure pages
