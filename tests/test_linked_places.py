"""The located places as Linked Places Format 1.3 (api/places.lpf.json): every Feature validates
against the JSON Schema with which the World Historical Gazetteer checks uploads
(tests/schemas/whg/), every located place of the index appears once with its coordinates and the
feature class LPF 1.3 requires, and every place of the file is in the index."""

import json

import jsonschema
import pytest
import yaml
from helpers import ROOT, data_rows

BASE = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
FCLASSES = set("AHLPRST")  # the seven GeoNames feature classes of LPF 1.3


@pytest.fixture(scope="module")
def places(site):
    return json.loads((site / "api/places.lpf.json").read_text(encoding="utf-8"))


def test_every_feature_validates_against_the_whg_schema(places):
    schema = json.loads((ROOT / "tests/schemas/whg/schema_lpf_v1.2.json").read_text(encoding="utf-8"))
    assert places["type"] == "FeatureCollection" and "linkedplaces" in places["@context"]
    assert places["features"]
    for feature in places["features"]:
        jsonschema.validate(feature, schema)
        assert feature["properties"]["fclasses"] and set(feature["properties"]["fclasses"]) <= FCLASSES


def test_every_located_place_appears_once_with_its_coordinates(places, edition):
    located = edition.entities[(edition.entities["type"] == "place") & (edition.entities["lat"] != "")]
    by_id = {f["@id"].rsplit("#e-", 1)[1]: f for f in places["features"]}
    assert len(by_id) == len(places["features"]) == len(located)
    for record in located.to_dict("records"):
        feature = by_id[record["id"]]
        assert feature["geometry"] == {"type": "Point", "coordinates": [float(record["lon"]), float(record["lat"])]}
        assert feature["properties"]["title"] == record["name"] == feature["names"][0]["toponym"]


def test_every_place_of_the_file_is_in_the_index_and_its_passages_are_linked(places, pages, edition):
    index = pages["chapters/index-places.html"]
    located = [row for row in data_rows("entities.csv") if row["type"] == "place" and row["lat"]]
    assert len(places["features"]) == len(located) >= 10
    for feature in places["features"]:
        page, _, anchor = feature["@id"][len(BASE) :].partition("#")
        assert feature["@id"].startswith(BASE) and page == "chapters/index-places.html"
        assert index.find(id=anchor) is not None, anchor
        assert feature["links"], anchor  # a place of the file occurs in the text
        for link in feature["links"]:
            target_page, _, passage = link["identifier"][len(BASE) :].partition("#")
            assert link["type"] == "subjectOf" and pages[target_page].find(id=passage) is not None
    kabul = next(f for f in places["features"] if f["@id"].endswith("#e-kabul"))
    assert len(kabul["links"]) > 10 and kabul["when"]["timespans"][0]["start"]["in"].startswith("19")
