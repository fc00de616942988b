"""FAIR Signposting: every text chapter (and the home page) carries typed links to its permanent
URL, its records (CSL-JSON, TEI), its licence, its type and its downloads, each pointing at a file
the site contains; a .zenodo.json beside CITATION.cff says the same as CITATION.cff."""

import json

import yaml
from helpers import ROOT, data_rows

BASE = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
RELATIONS = {"cite-as", "describedby", "license", "type", "item"}


def links_of(soup) -> list[dict]:
    return [
        {"rel": " ".join(link.get("rel")), "href": link["href"], "type": link.get("type")}
        for link in soup.find_all("link", rel=True)
        if " ".join(link.get("rel")) in RELATIONS
    ]


def in_site(site, href) -> bool:
    path = href[len(BASE) :].split("#")[0]
    return (
        href.startswith(BASE) and (site / (path if path and not path.endswith("/") else path + "index.html")).is_file()
    )


def check_page(site, soup, kind):
    links = links_of(soup)
    assert {link["rel"] for link in links} == RELATIONS
    described = {link["type"]: link["href"] for link in links if link["rel"] == "describedby"}
    assert {"application/vnd.citationstyles.csl+json", "application/tei+xml"} <= set(described)
    assert [link["href"] for link in links if link["rel"] == "type"] == [f"https://schema.org/{kind}"]
    assert [link["href"] for link in links if link["rel"] == "license"] == [
        "https://creativecommons.org/licenses/by-sa/4.0/"
    ]
    for link in links:
        if link["rel"] not in ("license", "type"):
            assert in_site(site, link["href"]), link
    return links


def test_every_text_chapter_has_the_five_relations_each_pointing_at_a_file_of_the_site(site, pages, edition):
    chapters = [name for name, soup in pages.items() if soup.select("div.passage[id^=p-]")]
    texts = {f"chapters/{int(s):02d}-{k}.html" for s, k in zip(edition.sections["section"], edition.sections["key"])}
    assert texts <= set(chapters) and len(texts) == len(data_rows("sections.csv"))
    for name in texts:
        links = check_page(site, pages[name], "Chapter")
        assert [link["href"] for link in links if link["rel"] == "cite-as"] == [BASE + name]
        record = next(link["href"] for link in links if link["type"] == "application/vnd.citationstyles.csl+json")
        items = json.loads((site / record[len(BASE) :]).read_text(encoding="utf-8"))
        passages = {item["URL"].rsplit("#p-", 1)[1] for item in items if "#p-" in item["URL"]}
        assert passages == {box["id"][2:] for box in pages[name].select("div.passage[id^=p-]")}
        assert all(item["URL"].startswith(BASE + name) for item in items[1:]) and items[0]["type"] == "book"


def test_the_home_page_signposts_the_book_and_citation_cff(site, pages):
    links = check_page(site, pages["index.html"], "Book")
    assert [link["href"] for link in links if link["rel"] == "cite-as"] == [BASE]
    cff = next(link["href"] for link in links if link["rel"] == "describedby" and link["href"].endswith(".cff"))
    assert (site / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes() and cff == BASE + "CITATION.cff"


def test_zenodo_json_says_what_citation_cff_says():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == cff["title"] and zenodo["version"] == str(cff["version"])
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"].lower() == cff["license"].lower() and zenodo["upload_type"] in ("dataset", "publication")
    related = {(r["relation"], r["identifier"]) for r in zenodo["related_identifiers"]}
    assert ("isSupplementTo", cff["repository-code"]) in related
    assert any(identifier.startswith(BASE) for _, identifier in related)
    assert zenodo["description"].split()[:5] == cff["abstract"].split()[:5]
