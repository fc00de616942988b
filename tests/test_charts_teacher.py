"""Charts a teacher can show (issue 22): no chart of a single point (read from the Vega-Lite specs);
on a 390 px phone, before any touch, the static chart is drawn for its column (no label under 10 px,
no blank band) and the live chart takes its place without a shift; a tap on a mark shows its tooltip
with a link to the passage and does not navigate; every figure table row shows its passage link."""

import json
import re
import time

import pytest
from bs4 import BeautifulSoup
from helpers import data_rows

CHART_PAGES = ["casualties", "strength", "munitions", "equipment", "aid", "timeline", "map"]


def specs(site):
    for name in CHART_PAGES:
        soup = BeautifulSoup((site / f"chapters/figures/{name}.html").read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select("figure.edition-chart"):
            yield name, figure, json.loads(figure.select_one("script.chart-spec").string)


def rows_of(spec) -> list[dict]:
    rows = []
    for values in (spec.get("datasets") or {}).values():
        rows += values
    rows += (spec.get("data") or {}).get("values", [])
    return rows


def test_no_chart_draws_a_single_point_and_each_has_its_own_caption(site):
    captions = []
    found = list(specs(site))
    assert len(found) == 11  # casualties 3, strength 2, munitions 1, equipment 1, timeline 2, the map wide and narrow
    for page, figure, spec in found:
        rows = rows_of(spec)
        drawn = [r for r in rows if r.get("status") != "lost"] if rows and "status" in rows[0] else rows
        assert len(drawn) >= 2, (page, spec.get("usermeta", {}).get("name"), len(drawn))
        if figure.get("data-layout") != "narrow":  # the map's second layout repeats its caption
            captions.append(figure.figcaption.get_text())
    quantity = [c for c in captions if c]
    assert len(quantity) == len(set(quantity))  # a caption written for each chart, no template
    assert not any(re.match(r"Figures in \w", c) for c in captions)


def test_the_charts_the_book_exists_for_are_still_drawn(site):
    names = {spec.get("usermeta", {}).get("name") for _, _, spec in specs(site)}
    assert {"Armed men", "Scud missiles fired by the government", "The civil war, 1989–1992"} <= names


def test_lone_figures_are_stated_in_a_table_with_their_passage(site, edition):
    soup = BeautifulSoup((site / "chapters/figures/aid.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select("figure.edition-chart")
    stated = {tr["data-figure"] for tr in soup.select("table.figures-in-words tr[data-figure]")}
    others = edition.figures[edition.figures["category"].isin(["aid", "economy", "other"])]
    assert len(stated) == sum(row["category"] in ("aid", "economy", "other") for row in data_rows("figures.csv")) > 0
    assert stated == set(others["id"])
    for tr in soup.select("table.figures-in-words tr[data-figure]"):
        assert tr.select_one("a[href*='#p-']")


# --- in the browser, on a phone ---------------------------------------------------------------------


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


STATIC_TEXT = """() => [...document.querySelectorAll('figure.edition-chart[data-sizing="fills"]')].map(figure => {
  const box = figure.querySelector('.chart-box');
  const svgs = [...figure.querySelectorAll('.chart-static svg')].filter(svg => svg.getBoundingClientRect().width > 0);
  if (svgs.length !== 1) { return {id: figure.id, shown: svgs.length}; }
  const svg = svgs[0];
  const scale = svg.getBoundingClientRect().width / parseFloat(svg.getAttribute('width'));
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const style = getComputedStyle(box);
  const inner = box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return {id: figure.id, shown: 1, smallest: Math.min(...sizes), blank: inner - svg.getBoundingClientRect().height,
          width: box.getBoundingClientRect().width, right: svg.getBoundingClientRect().right, boxRight: box.getBoundingClientRect().right};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["casualties", "strength", "munitions", "equipment", "timeline"])
def test_on_a_phone_the_static_chart_is_drawn_for_its_column(phone, server, page_name):
    phone.goto(f"{server}/chapters/figures/{page_name}.html")
    assert (
        phone.evaluate("document.querySelectorAll('figure.edition-chart.is-interactive').length") == 0
    )  # no intent yet
    measured = phone.evaluate(STATIC_TEXT)
    assert measured
    for chart in measured:
        assert chart["shown"] == 1, chart
        assert chart["smallest"] >= 10, chart  # no label drawn under 10 px
        assert chart["blank"] <= 8, chart  # the box holds the chart, no blank band
        assert chart["right"] <= chart["boxRight"] + 0.5, chart
    # the live chart takes the static one's place without a shift
    figure = phone.locator("figure.edition-chart").first
    before = figure.bounding_box()["height"]
    figure.focus()
    phone.wait_for_function(
        "document.querySelector('figure.edition-chart').dataset.state === 'interactive'", timeout=20000
    )
    phone.wait_for_timeout(300)
    assert abs(figure.bounding_box()["height"] - before) <= 2


@pytest.mark.browser
def test_a_tap_on_a_mark_shows_its_tooltip_and_a_link_the_tap_does_not_navigate(phone, server):
    phone.goto(f"{server}/chapters/figures/munitions.html")
    figure = phone.locator("figure.edition-chart").first
    figure.focus()
    phone.wait_for_function(
        "document.querySelector('figure.edition-chart').dataset.state === 'interactive'", timeout=20000
    )
    mark = figure.locator(".chart-live path[aria-roledescription], .chart-live g.mark-symbol path").first
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    address = phone.url
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = figure.locator(".chart-tap")
    panel.wait_for(state="visible", timeout=5000)
    assert phone.url == address  # the tap showed, it did not navigate
    assert "As written" in panel.inner_text() and "Passage" in panel.inner_text()
    link = panel.locator("a")
    assert link.inner_text().startswith("Open ¶ ") and "#p-" in link.get_attribute("href")
    link.tap()
    phone.wait_for_url(re.compile(r".*/chapters/0\d-[a-z-]+\.html#p-\d+\.\d+$"))


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["casualties", "strength", "munitions", "equipment", "aid", "timeline"])
def test_every_figure_table_row_shows_its_passage_link_on_a_phone(phone, server, page_name):
    phone.goto(f"{server}/chapters/figures/{page_name}.html")
    rows = phone.evaluate("""() => [...document.querySelectorAll('table.figure-table tbody tr')].map(tr => {
      const link = tr.querySelector('td.c-passage a').getBoundingClientRect();
      const written = tr.querySelector('td.c-written').getBoundingClientRect();
      const measure = tr.querySelector('td.c-measure').getBoundingClientRect();
      return {id: tr.id, link: [link.left, link.right, link.width], written: [written.left, written.right],
              measure: [measure.left, measure.right]};
    })""")
    assert rows
    for row in rows:
        for left, right, *_ in (row["link"], row["written"], row["measure"]):
            assert 0 <= left and right <= 390, row
        assert row["link"][2] > 0, row
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
def test_a_row_opened_by_a_charted_link_is_highlighted(phone, server, edition):
    row = edition.figures[edition.figures["category"] == "munitions"]["id"].iloc[0]
    phone.goto(f"{server}/chapters/figures/munitions.html#{row}")
    colour = phone.evaluate(f"getComputedStyle(document.getElementById('{row}').querySelector('td')).backgroundColor")
    assert colour == "rgb(255, 243, 196)"
    other = phone.evaluate(
        "getComputedStyle(document.querySelector('table.figure-table tbody tr:not(:target) td')).backgroundColor"
    )
    assert other != colour


# --- the timeline (fast: drawn from the data, no build) ---------------------------------------------

WAR = dict(start="1989-01-01", end="1992-06-01")


def labelled_events() -> dict[str, tuple[str, str]]:
    """events.csv read here, not by the edition: {id: (first day or month of its date, label)}."""
    import csv

    from helpers import ROOT

    with open(ROOT / "data" / "events.csv", encoding="utf-8", newline="") as file:
        return {row["id"]: (row["date"].split("/")[0].rstrip("?~"), row["label"]) for row in csv.DictReader(file)}


def drawn(chart) -> tuple[dict, list[dict]]:
    spec = chart.to_dict()
    return spec, rows_of(spec)


def test_the_war_timeline_names_each_key_event_on_its_own_line_in_date_order(edition):
    from edition import charts

    expected = {
        i: (day, label)
        for i, (day, label) in labelled_events().items()
        if label and WAR["start"][:7] <= day <= "1992-06"
    }
    assert len(expected) >= 12  # the war's key events, from the Soviet withdrawal to the Peshawar Accord
    chart = charts.timeline_chart(
        charts.events_frame(edition), title="t", caption="c", alternative="a", key_events=True, **WAR
    )
    spec, rows = drawn(chart)
    assert {row["id"] for row in rows} == set(expected)
    in_order = [label for _, (day, label) in sorted(expected.items(), key=lambda item: (item[1][0], item[0]))]
    (layer, *_) = spec["layer"]
    assert layer["encoding"]["y"]["sort"] == in_order  # one line each, in date order, labelled on the axis
    assert all(label in spec["description"] for label in in_order)  # the text alternative lists them too


@pytest.mark.parametrize("window", [dict(start="1978-01-01", end="2021-01-01"), WAR], ids=["overview", "war"])
def test_no_timeline_mark_is_drawn_outside_its_window_and_no_label_is_cut(edition, window):
    from edition import charts

    for key_events in (False, True):
        spec, rows = drawn(
            charts.timeline_chart(
                charts.events_frame(edition), title="t", caption="c", alternative="a", key_events=key_events, **window
            )
        )
        assert rows and len(spec["layer"]) == 2
        (domain,) = [
            layer["encoding"]["x"]["scale"]["domain"] for layer in spec["layer"] if "scale" in layer["encoding"]["x"]
        ]
        assert [time.strftime("%Y-%m-%d", time.gmtime(ms / 1000)) for ms in domain] == [window["start"], window["end"]]
        for layer in spec["layer"]:  # the rule (a period) and the point (its start)
            assert layer["mark"]["clip"] is True
        assert all(window["start"] <= row["start"][:10] and row["end"][:10] <= window["end"] for row in rows)
        labels = layer["encoding"]["y"]["sort"]
        limit = layer["encoding"]["y"]["axis"]["labelLimit"]
        assert labels, key_events
        assert not any("…" in label for label in labels)
        # 11 px labels: at most about 6.2 px a character, so a line of n characters needs 6.2 n px
        assert all(6.2 * len(line) <= limit for label in labels for line in label.split("\n")), labels
