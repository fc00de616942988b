"""Published ids are the build's business: a retired id names its successor and stays resolvable.

The fixture is a copy of the data in which passage 1.3 has been merged into 1.2 and its id
retired, built with the edition's extension into a minimal Sphinx project."""

import json
import subprocess
import sys
import textwrap

import pytest
from helpers import ROOT, data_copy, edit_rows, serve

from edition.outputs.publish import version

pytestmark = pytest.mark.slow  # Sphinx builds of a small project, each in a process of its own


def merge_1_3_into_1_2(tmp_path, retire=True):
    data = data_copy(tmp_path)

    def merge(rows):
        second = next(r for r in rows if r["id"] == "1.3")
        next(r for r in rows if r["id"] == "1.2")["last_token"] = second["last_token"]
        return [r for r in rows if r["id"] != "1.3"]

    edit_rows(data / "passages.csv", merge)

    def move(rows):
        for row in rows:
            if row["passage"] == "1.3":
                row["passage"] = "1.2"

    for table in ("apparatus", "figures", "events"):
        edit_rows(data / f"{table}.csv", move)

    def join_renderings(rows):
        first, second = (next(r for r in rows if r["passage"] == pid) for pid in ("1.2", "1.3"))
        first["rendering"] += " " + second["rendering"]
        return [r for r in rows if r is not second]

    edit_rows(data / "renderings.csv", join_renderings)
    # a paragraph of the narrative no longer starts inside the merged passage
    edit_rows(data / "narrative_paragraphs.csv", lambda rows: [r for r in rows if r["passage"] != "1.3"])
    # the corrections of 1.3 now concern 1.2 (a correction may also name a retired id, but not one that
    # is neither a passage nor retired)
    for table in ("corrections", "narrative_notes"):
        edit_rows(
            data / f"{table}.csv",
            lambda rows: [
                r.update(target="1.2")
                if r.get("target") == "1.3"
                else r.update(passage="1.2")
                if r.get("passage") == "1.3"
                else None
                for r in rows
            ]
            and None,
        )
    if retire:
        (data / "retired_ids.csv").write_text(
            "id,successor,note\n1.3,1.2,Merged into 1.2 (one sentence).\n", encoding="utf-8"
        )
    return data


def build(tmp_path, data):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        textwrap.dedent(f"""
        extensions = ["myst_parser", "edition"]
        edition_data = {str(data)!r}
    """)
    )
    (source / "index.md").write_text(
        "# Lead\n\n```{passage} 1.1\n```\n\n```{passage} 1.2\n```\n\nSee {p}`1.2` and {p}`1.3`.\n"
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", str(source), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return out, result.stderr


@pytest.fixture(scope="module")
def retired_site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("retired")
    return build(tmp_path, merge_1_3_into_1_2(tmp_path))


def test_a_retired_id_needs_no_placement_and_a_link_to_it_is_reported(retired_site):
    _, errors = retired_site
    assert (
        "published passage id" not in errors
        and "passage 1.3 is never placed" not in errors
        and "Traceback" not in errors
    )
    assert "link to retired passage id '1.3': link to its successor 1.2 instead" in errors


def test_an_id_neither_placed_nor_retired_fails_the_build(tmp_path):
    _, errors = build(tmp_path, merge_1_3_into_1_2(tmp_path, retire=False))
    assert (
        "published passage id 1.3 is neither in data/passages.csv nor retired in data/retired_ids.csv: "
        "citations of it would break"
    ) in errors


def test_passages_json_lists_the_retired_id_with_its_successor(retired_site):
    out, _ = retired_site
    payload = json.loads((out / "passages.json").read_text(encoding="utf-8"))
    assert payload["retired"] == [
        dict(
            id="1.3", status="retired", successor="1.2", note="Merged into 1.2 (one sentence).", url="index.html#p-1.3"
        )
    ]
    assert "1.3" not in [p["id"] for p in payload["passages"]]


@pytest.mark.browser
def test_the_old_link_lands_on_the_successor_with_a_notice(retired_site, browser):
    out, _ = retired_site
    httpd = serve(out)
    context = browser.new_context(viewport={"width": 1280, "height": 500})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"
        page.set_content(f'<a href="{origin}/index.html#p-1.3">a citation of ¶ 1.3</a>')  # an old citation
        page.click("a")
        page.wait_for_url("**/index.html#p-1.3")
        notice = page.locator('[id="p-1.3"]')
        assert notice.is_visible()
        assert notice.inner_text() == (
            f"¶ 1.3 is retired in version {version()} of the edition; its text is now ¶ 1.2. "
            "Merged into 1.2 (one sentence)."
        )
        # the notice sits in the successor's passage, which is on screen
        assert page.evaluate("document.getElementById('p-1.3').closest('.passage').id") == "p-1.2"
        top = page.evaluate("document.getElementById('p-1.3').getBoundingClientRect().top")
        assert -2 <= top < 500  # scrolled to it (sub-pixel rounding aside)
        assert errors == []
    finally:
        context.close()
        httpd.shutdown()
