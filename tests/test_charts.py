"""Charts: static SVG and spec in every chart, no CDN, escaped data, Binder launch links."""

import json
import re
from urllib.parse import urlparse

import pandas as pd
from bs4 import BeautifulSoup
from helpers import CHART_PAGES, data_rows, toc_docnames, toc_pages

from edition import charts


def test_the_bundle_matches_altairs_vega_lite_version():
    import vl_convert

    assert charts.vega_lite_version() in vl_convert.get_vegalite_versions()


def test_data_holding_markup_is_rendered_as_text_never_as_markup(edition):
    hostile = "<script>alert('x')</script>"
    frame = pd.DataFrame(
        [
            dict(
                id="F999",
                category="casualties",
                measure=hostile,
                actor=f"</script>{hostile}",
                date="",
                value_as_written="3 000",
                low=None,
                best=3000.0,
                high=None,
                unit="killed",
                passage="4.18",
                first_token=0,
                last_token=0,
                status="stated",
                source="",
                note="",
            )
        ]
    )
    frame = pd.concat([frame, frame.assign(id="F998", best=4000.0, value_as_written="4 000")], ignore_index=True)
    frame = charts.figures_frame(_with(edition, frame), ["casualties"])  # two figures: a chart needs two
    chart = charts.quantity_chart(frame, title=hostile, axis_title="x", caption=hostile, alternative=hostile)
    markup = charts.figure_html(chart.to_dict()) + charts.data_table(edition, frame)
    soup = BeautifulSoup(markup, "html.parser")
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/json"]
    spec = json.loads(scripts[0].string)
    assert spec["title"]["text"] == hostile if isinstance(spec["title"], dict) else spec["title"] == hostile
    assert soup.figcaption.get_text() == hostile
    assert soup.select_one(".chart-static")["aria-label"].startswith(
        f"{hostile} {hostile}: 3,000"
    )  # as readers write it
    assert hostile in soup.table.get_text()


def _with(edition, figures):
    clone = object.__new__(type(edition))
    clone.__dict__.update(edition.__dict__)
    clone.figures = figures
    return clone


def test_every_chart_page_has_static_svgs_captions_alternatives_and_its_data(pages):
    assert CHART_PAGES == sorted(toc_docnames("Figures")) and len(CHART_PAGES) == 7
    for docname in CHART_PAGES:
        soup = pages[f"{docname}.html"]
        figures = soup.select("figure.edition-chart")
        assert figures or soup.select("table.figures-in-words tbody tr"), docname  # charts, or lone figures stated
        for figure in figures:
            assert figure.select_one(".chart-static svg"), docname
            assert figure.select_one(".chart-static")["aria-label"].strip(), docname
            assert figure.figcaption.get_text(strip=True), docname
            json.loads(figure.select_one("script.chart-spec").string)
        assert soup.select("table.figure-table tbody tr"), docname
        # The chart module is imported on the reader's first intent, not loaded with the page.
        assert not soup.select('script[src*="edition-charts.js"]'), docname
        imports = any(
            "import(" in (script.string or "") and "edition-charts.js" in (script.string or "")
            for script in soup.find_all("script")
        )
        assert imports == bool(figures), docname  # a page without a chart loads no chart module


def test_chapter_docname_names_the_chapter_that_places_the_passage(edition, placed):
    """The chapter of a passage, as the charts' links and the citations name it, is the chapter whose
    ```{passage}``` block places it (read from the chapters themselves)."""
    assert len(placed) == len(edition.passages) > 150
    assert {p.id: charts.chapter_docname(edition, p.id) for p in edition.passages} == placed


def test_every_figure_and_event_is_listed_under_its_chart(edition, pages):
    assert len(edition.figures) == len(data_rows("figures.csv")) > 30
    assert len(edition.events) == len(data_rows("events.csv")) > 10
    for record in edition.figures.to_dict("records"):
        page = pages[f"{charts.CHART_PAGES[record['category']]}.html"]
        assert page.find("tr", id=record["id"]), record["id"]
    timeline = pages[f"{charts.TIMELINE_PAGE}.html"]
    for event in edition.events["id"]:
        assert timeline.find("tr", id=event), event


def test_passages_that_feed_a_figure_link_to_its_chart(edition, pages, placed):
    assert len(edition.figures) == len(data_rows("figures.csv")) > 30
    for record in edition.figures.to_dict("records"):
        chapter = placed[record["passage"]]
        box = pages[f"{chapter}.html"].find(id=f"p-{record['passage']}")
        hrefs = [a["href"] for a in box.select(".passage-figures a")]
        assert f"figures/{charts.CHART_PAGES[record['category']].split('/')[-1]}.html#{record['id']}" in hrefs, record[
            "id"
        ]


def test_launch_buttons_have_the_binderhub_form(pages):
    assert CHART_PAGES == sorted(toc_docnames("Figures"))
    for docname in CHART_PAGES:
        links = [a["href"] for a in pages[f"{docname}.html"].find_all("a", href=True) if "/v2/gh/" in a["href"]]
        assert links, docname
        assert all(
            re.fullmatch(rf"https://[^/]+/v2/gh/[\w.-]+/[\w.-]+/main\?urlpath=lab/tree/{docname}\.md", link)
            for link in links
        ), links


def test_no_page_loads_a_script_or_stylesheet_from_another_host(pages):
    assert toc_pages() <= set(pages), toc_pages() - set(pages)
    for name, soup in pages.items():
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            url = tag.get("src") or (
                tag.get("href")
                if tag.name == "link"
                and "stylesheet" in (tag.get("rel") or [])
                or tag.name == "link"
                and "preload" in (tag.get("rel") or [])
                else None
            )
            if url:
                assert not urlparse(url).netloc and not url.startswith("//"), (name, url)
        # the stylesheets the page carries inline name nothing from another host either
        for style in soup.find_all("style"):
            for url in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", style.string or ""):
                assert not urlparse(url).netloc and not url.startswith("//"), (name, url)
