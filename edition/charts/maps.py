"""The locator map: the places of the index on the country outlines shipped by ``countryinfo``.

``world_outline()`` reads the outlines from the installed ``countryinfo`` package (its GeoJSON comes
from johan/world.geo.json, released into the public domain, which simplifies Natural Earth's
public-domain 1:110m countries); nothing is fetched at run time. ``locator_map()`` draws them with
Altair in one of the ``LAYOUTS`` (``locator_maps()`` draws all, for the book to pick from), with one
point and one label per place of ``entities.csv`` that has a position inside the map's window; ``places_frame()`` and ``places_table()`` give the same places (and those outside the
window) as data and as an escaped HTML table. Every point links to its entry in the index of places.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from dataclasses import dataclass

import altair as alt
import pandas as pd
from countryinfo import CountryInfo

from edition import charts
from edition.charts import chapter_href, in_book, published_url
from edition.model import entities as index
from edition.model.edition import Edition

INDEX_PAGE = "index-places"


@dataclass(frozen=True)
class Layout:
    """How the map is drawn for one width of column: its window (west, east, south, north, in
    degrees), its width in pixels, the size of its labels, where the crowded labels go
    (``callouts``: place id → label longitude, latitude, alignment; a label away from its point gets
    a leader line, and the places around Kabul, within a degree of one another, need it; a label
    with no callout sits just right of its point), where the country names stand
    where the country's own centre point does not do, and whether long names are shortened (the
    full name stays in the tooltip and the table)."""

    name: str
    region: tuple
    width: int
    font_size: float
    callouts: dict
    country_labels: dict
    short_names: bool = False


# Afghanistan, Pakistan and their neighbours, for a column of 600 px or more (see edition.css).
WIDE = Layout(
    "wide",
    (55.0, 80.0, 25.0, 45.0),
    620,
    12.5,  # drawn in a column narrower than the map, scaled to about 0.85: at least 10 px
    callouts={
        "afghanistan": (67.4, 33.75, "right"),
        "kabul": (67.9, 34.5, "right"),
        "parwan": (67.9, 35.35, "right"),
        "panjshir": (70.9, 36.25, "left"),
        "bagram": (70.9, 35.65, "left"),
        "kabul-airport": (70.9, 35.05, "left"),
        "jalalabad": (70.7, 34.45, "left"),
        "peshawar": (71.95, 33.1, "left"),
        "pakistan": (74.3, 34.05, "left"),
    },
    country_labels={
        "Iran": (58.0, 31.0),
        "India": (76.8, 26.2),
        "China": (77.6, 38.6),
        "Kazakhstan": (68.0, 43.8),
        "Afghanistan": (64.4, 32.3),
        "Pakistan": (66.6, 27.6),
    },
)
# A phone's column (under 600 px): a tighter window, the crowded labels stacked at a wider spacing,
# short names. Drawn 320 px wide, it is scaled by no more than 0.9 in a 360 px screen's column.
NARROW = Layout(
    "narrow",
    (60.0, 78.0, 27.0, 40.0),
    320,
    11,
    callouts={
        "mazar-i-sharif": (67.11, 36.71, "right"),
        "parwan": (67.0, 35.55, "right"),
        "kabul": (67.0, 34.85, "right"),
        "afghanistan": (67.0, 34.15, "right"),
        "khost": (69.92, 33.34, "right"),
        "panjshir": (71.3, 36.45, "left"),
        "bagram": (71.3, 35.8, "left"),
        "kabul-airport": (71.3, 35.15, "left"),
        "jalalabad": (71.3, 34.5, "left"),
        "peshawar": (72.2, 33.05, "left"),
        "pakistan": (74.0, 33.95, "left"),
        "india": (77.21, 28.61, "right"),
    },
    country_labels={
        "Iran": (60.85, 28.2),
        "India": (75.6, 29.6),
        "China": (76.8, 38.0),
        "Uzbekistan": (64.6, 39.4),
        "Afghanistan": (63.9, 32.6),
        "Pakistan": (66.6, 28.3),
        "Turkmenistan": (62.2, 37.6),
        "Tajikistan": (70.6, 38.6),
    },
    short_names=True,
)
REGION = WIDE.region
LAYOUTS = (WIDE, NARROW)

SEA, LAND, FOCUS, BORDER, INK, ACCENT = "#dce8f2", "#f4f1ea", "#ece2c8", "#9a9486", "#222222", "#b5361c"


# --- the outline ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _countries() -> dict:
    return CountryInfo.all()


def world_outline() -> dict:
    """The countries of the world as one GeoJSON FeatureCollection (longitude, latitude in degrees),
    each feature with ``name`` and ``iso`` (ISO 3166 alpha-3) properties. Read from the installed
    ``countryinfo`` package, never from the network; a new object on every call."""
    features = []
    for record in _countries().values():
        collection = record.get("geoJSON") or {}
        for feature in collection.get("features", []):
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": record["name"], "iso": (record.get("ISO") or {}).get("alpha3", "")},
                    "geometry": feature["geometry"],
                }
            )
    return {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["properties"]["name"])}


def _vertices(geometry: dict):
    def walk(coordinates):
        if coordinates and isinstance(coordinates[0], (int, float)):
            yield coordinates
        else:
            for part in coordinates:
                yield from walk(part)

    yield from walk(geometry["coordinates"])


def inside(lon: float, lat: float, region=REGION, margin: float = 0.0) -> bool:
    west, east, south, north = region
    return west - margin <= lon <= east + margin and south - margin <= lat <= north + margin


def outline_of(region=REGION, margin: float = 1.0) -> dict:
    """The countries with at least one vertex within ``margin`` degrees of the region."""
    features = [
        f for f in world_outline()["features"] if any(inside(x, y, region, margin) for x, y in _vertices(f["geometry"]))
    ]
    return {"type": "FeatureCollection", "features": features}


def country_labels(outline: dict, layout: Layout = WIDE) -> pd.DataFrame:
    """One name per country of the outline, at the layout's ``country_labels`` or at the country's
    own centre point (from countryinfo) where that lies well inside the layout's window."""
    rows = []
    centres = {r["name"]: r.get("latlng") or [] for r in _countries().values()}
    for feature in outline["features"]:
        name = feature["properties"]["name"]
        west, east, south, north = layout.region
        if name in layout.country_labels:  # placed by hand: anywhere inside the window
            (lon, lat), window = layout.country_labels[name], layout.region
        elif len(centres.get(name, [])) == 2:  # the centre point: only well inside it
            (lat, lon), window = centres[name], (west + 2, east - 2, south + 1, north - 1)
        else:
            continue
        if inside(lon, lat, window):
            rows.append(dict(country=name.upper(), lon=float(lon), lat=float(lat)))
    return pd.DataFrame(rows, columns=["country", "lon", "lat"])


# --- the places -------------------------------------------------------------------------------------


def short_passages(ids: list[str], limit: int = 6) -> str:
    """``¶ 1.3, ¶ 4.2, …`` with at most ``limit`` passages and the count of all."""
    shown = ", ".join(f"¶ {p}" for p in ids[:limit])
    return shown if len(ids) <= limit else f"{shown} … ({len(ids)} passages)"


def where_placed(description: str) -> str:
    """What the point stands for, from the entry's note (``point given for Moscow``)."""
    match = re.search(r"[Pp]oint given for (?:its capital, )?(.+?)\.(?:\s|$)", description)
    if not match:
        return "the place itself"
    where = match.group(1).strip()
    return where + "." if re.search(r"\b[A-Z]\.[A-Z]$", where) else where  # "Washington, D.C."


def short_name(name: str) -> str:
    """A name short enough for a phone's map: ``Panjshir Valley`` → ``Panjshir``,
    ``Kabul International Airport`` → ``Kabul airport``."""
    name = re.sub(r" International Airport$", " airport", name)
    return re.sub(r" (Province|Valley)$", "", name)


def places_frame(edition: Edition, layout: Layout = WIDE, from_dir: str = "chapters/figures") -> pd.DataFrame:
    """Every place of the index that has a position, with what the map (drawn in ``layout``) and
    the table show."""
    places = edition.entities[(edition.entities["type"] == "place") & (edition.entities["lat"].str.strip() != "")]
    up = "../" * from_dir.count("/")
    rows = []
    for record in places.to_dict("records"):
        lon, lat = float(record["lon"]), float(record["lat"])
        passages = index.passages_of(edition, record["id"])
        label_lon, label_lat, align = layout.callouts.get(record["id"], (lon, lat, "left"))
        at_point = (label_lon, label_lat) == (lon, lat)
        rows.append(
            dict(
                id=record["id"],
                name=record["name"],
                lon=lon,
                lat=lat,
                label=short_name(record["name"]) if layout.short_names else record["name"],
                href=f"{up}{INDEX_PAGE}.html#e-{record['id']}"
                if in_book()
                else published_url(f"chapters/{INDEX_PAGE}.html#e-{record['id']}"),
                variants=", ".join(v.strip() for v in record["variants"].split("|") if v.strip()),
                passages=short_passages(passages),
                passage_ids=passages,
                occurrences=len(passages),
                placed_at=where_placed(record["description"]),
                on_map=inside(lon, lat, layout.region),
                label_lon=label_lon,
                label_lat=label_lat,
                align=align,
                dx=(7 if at_point else 3) * (1 if align == "left" else -1),
            )
        )
    return pd.DataFrame(rows)


def locator_map(
    edition: Edition,
    *,
    layout: Layout = WIDE,
    title: str = "Places of the narrative",
    caption: str | None = None,
    alternative: str | None = None,
    focus: str = "Afghanistan",
) -> alt.LayerChart:
    """The country outlines of the layout's window in a Mercator projection fitted to it, the
    country ``focus`` shaded, with a point and a label for every place of the index inside it. A
    point carries ``name``, ``href`` (its index entry), ``variants``, ``passages`` and where it is
    placed; a click follows ``href``. Places outside the window are named in the caption and the
    text alternative."""
    frame = places_frame(edition, layout)
    shown, away = frame[frame["on_map"]], frame[~frame["on_map"]]
    outline = outline_of(layout.region)
    west, east, south, north = layout.region
    width = layout.width
    height = round(width * (_mercator_y(north) - _mercator_y(south)) / math.radians(east - west))
    corners = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "MultiPoint", "coordinates": [[west, south], [east, north]]},
    }
    # Clipped by the projection itself, not by the marks: a mark's clip is an SVG clipPath whose id
    # would repeat between the static and the live SVG of the figure.
    projection = alt.Projection(type="mercator", fit=corners, clipExtent=[[0, 0], [width, height]])
    data = shown.drop(columns=["passage_ids", "on_map"])

    # The backdrop (sea, land, borders, country names) is decoration: aria=False keeps it out of the
    # accessibility tree; the places themselves carry the chart's meaning and its descriptions.
    sea = alt.Chart(alt.sphere()).mark_geoshape(fill=SEA, stroke=None, aria=False)
    countries = alt.Chart(alt.NamedData(name="countries"))  # stored once, in the spec's datasets
    # The outlines are not topological: a thick stroke in the land's colour closes the slivers
    # between neighbours before the borders are drawn.
    underlay = countries.mark_geoshape(fill=LAND, stroke=LAND, strokeWidth=3, aria=False)
    land = countries.mark_geoshape(stroke=BORDER, strokeWidth=0.8, aria=False).encode(
        fill=alt.condition(f"datum.properties.name == {json.dumps(focus)}", alt.value(FOCUS), alt.value(LAND))
    )
    names = (
        alt.Chart(country_labels(outline, layout))
        .mark_text(fontSize=layout.font_size - 1, color="#8c8576", fontStyle="italic", aria=False)
        .encode(longitude="lon:Q", latitude="lat:Q", text="country:N")
    )
    tooltip = [
        alt.Tooltip("name:N", title="Place"),
        alt.Tooltip("variants:N", title="Forms in the source"),
        alt.Tooltip("passages:N", title="Passages"),
        alt.Tooltip("placed_at:N", title="Point placed at"),
    ]
    base = alt.Chart(data).encode(tooltip=tooltip)
    leaders = (
        base.transform_filter("datum.lon != datum.label_lon || datum.lat != datum.label_lat")
        .mark_rule(color="#6b6b6b", strokeWidth=0.7)
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="label_lon:Q", latitude2="label_lat:Q")
    )
    points = base.mark_point(
        filled=True, size=46, color=ACCENT, stroke="white", strokeWidth=1, opacity=1, cursor="pointer"
    ).encode(longitude="lon:Q", latitude="lat:Q")
    # Vega-Lite has no offset channel: one pair of label layers (a white halo, then the ink) for each
    # alignment and offset in use.
    labels = []
    for side, dx in sorted(set(zip(data["align"], data["dx"]))):
        group = base.transform_filter(f"datum.align == '{side}' && datum.dx == {dx}")
        for extra in (
            {"stroke": "white", "strokeWidth": 3, "strokeOpacity": 0.85, "strokeJoin": "round"},
            {"color": INK},
        ):
            labels.append(
                group.mark_text(
                    align=side, dx=int(dx), fontSize=layout.font_size, baseline="middle", cursor="pointer", **extra
                ).encode(longitude="label_lon:Q", latitude="label_lat:Q", text="label:N")
            )

    names_away = ", ".join(
        f"{r['name']} ({r['placed_at']})" if r["placed_at"] != "the place itself" else r["name"]
        for r in away.to_dict("records")
    )
    if caption is None:
        caption = (
            f"The {len(shown)} places of the source in and around Afghanistan, at approximate positions; "
            "a country is shown at its capital. A click opens the place's entry in the index."
            + (f" Far outside the map, and so not drawn: {names_away}." if len(away) else "")
        )
    if alternative is None:
        alternative = (
            f"Map of Afghanistan, Pakistan and their neighbours with {len(shown)} places of the source: "
            + "; ".join(f"{r['name']} at {r['lat']:.1f}° N {r['lon']:.1f}° E" for r in shown.to_dict("records"))
            + "."
            + (f" Not drawn, far outside the map: {names_away}." if len(away) else "")
        )
    return (
        alt.layer(sea, underlay, land, names, leaders, points, *labels)
        .properties(
            title=title,
            width=width,
            height=height,
            projection=projection,
            description=alternative,
            datasets={"countries": outline["features"]},
            usermeta={
                "caption": caption,
                "name": "Locator map" + ("" if layout is WIDE else f", {layout.name}"),
                "layout": layout.name,
            },
        )
        .configure_view(fill=SEA, stroke=BORDER)
    )


def locator_maps(edition: Edition, **options) -> charts.Layouts:
    """The locator map in every layout: the book shows the one that suits the reader's column, a
    notebook the wide one."""
    return charts.Layouts([locator_map(edition, layout=layout, **options) for layout in LAYOUTS])


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


# --- the table --------------------------------------------------------------------------------------


def places_table(edition: Edition, frame: pd.DataFrame | None = None, from_dir: str = "chapters/figures") -> str:
    """The places as an HTML table, every cell escaped; each name links to its index entry and each
    passage to the passage."""
    frame = places_frame(edition, from_dir=from_dir) if frame is None else frame
    head = ["Place", "Forms in the source", "Latitude", "Longitude", "Point placed at", "On the map", "Passages"]
    rows = []
    for record in frame.to_dict("records"):
        name = f'<td><a href="{html.escape(record["href"])}">{html.escape(record["name"])}</a></td>'
        cells = [
            record["variants"],
            f"{record['lat']:.2f}° N",
            _longitude(record["lon"]),
            record["placed_at"],
            "yes" if record["on_map"] else "no (far outside)",
        ]
        cells = [f"<td>{html.escape(str(c))}</td>" for c in cells]
        links = ", ".join(
            f'<a href="{html.escape(chapter_href(edition, p, from_dir))}">¶&nbsp;{html.escape(p)}</a>'
            for p in record["passage_ids"]
        )
        rows.append(f'<tr id="place-{html.escape(record["id"])}">{name}{"".join(cells)}<td>{links}</td></tr>')
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    return f'<table class="figure-table"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _longitude(lon: float) -> str:
    return f"{abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"
