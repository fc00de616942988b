"""EDTF dates (edition/model/dates.py): every form the data package allows is read, and every other
form is refused with a message that says what is allowed."""

import json

import pytest
from helpers import ROOT

from edition.model.dates import EDTF, edtf_bounds


@pytest.mark.parametrize(
    "date, bounds",
    [
        ("1989", ("1989-01-01", "1989-12-31")),
        ("1992-02", ("1992-02-01", "1992-02-29")),
        ("1989-02-15", ("1989-02-15", "1989-02-15")),
        ("1988-05/1989-02", ("1988-05-01", "1989-02-28")),
        ("1991-03/1991-04-11", ("1991-03-01", "1991-04-11")),
        ("1992-04-10?", ("1992-04-10", "1992-04-10")),
        ("1990~", ("1990-01-01", "1990-12-31")),
    ],
)
def test_every_allowed_form_is_read(date, bounds):
    assert edtf_bounds(date) == bounds


@pytest.mark.parametrize(
    "date, problem",
    [
        ("../1992", "is not a date the edition allows"),
        ("1989/..", "is not a date the edition allows"),
        ("1989-2", "is not a date the edition allows"),
        ("spring 1989", "is not a date the edition allows"),
        ("1989-13", "month 13 does not exist"),
        ("1991-02-29", "day 29 does not exist in 1991-02"),
        ("1992/1989", "ends (1989-12-31) before it begins (1992-01-01)"),
    ],
)
def test_every_other_form_is_refused_with_its_reason(date, problem):
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        edtf_bounds(date)


def test_the_data_package_allows_exactly_the_forms_edtf_bounds_reads():
    import re

    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    patterns = {
        field["constraints"]["pattern"]
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        if field["name"] == "date" and resource["name"] != "releases"  # a release date is a day (type date)
    }
    assert len(patterns) == 1
    schema = re.compile(patterns.pop())
    for date in ("1989", "1992-02", "1988-05/1989-02", "1992-04-10?", "1990~", "../1992", "1989/..", "1989-2", "x"):
        assert bool(schema.match(date)) == bool(EDTF.match(date)), date
