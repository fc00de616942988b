"""The static DTS 1.0 API (Distributed Text Services 1.0, versions/v1.0 of the specification):
every endpoint's JSON has the members and shapes the specification requires, and following the
URI templates for every section and passage returns the TEI of exactly its source tokens."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
import yaml
from helpers import NS, ROOT, data_rows, serve, source_tokens
from lxml import etree
from uritemplate import URITemplate

BASE = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
DTS = "https://w3id.org/api/dts#"


@pytest.fixture(scope="module")
def api(site, tmp_path_factory):
    """The site served on 127.0.0.1 under the published path; URLs of html.baseurl mapped to it."""
    root = tmp_path_factory.mktemp("dts-host")
    path = urlparse(BASE).path.strip("/")
    (root / path).symlink_to(site, target_is_directory=True)
    httpd = serve(root)
    local = f"http://127.0.0.1:{httpd.server_address[1]}/{path}/"

    def get(url):
        assert url.startswith(BASE), url
        with urllib.request.urlopen(local + url[len(BASE) :]) as response:
            return response.read()

    yield get
    httpd.shutdown()


def get_json(api, url):
    return json.loads(api(url))


# --- the shapes, as the specification's tables give them (Y = required) -----------------------------


def is_template(value):
    return isinstance(value, str) and value.startswith(BASE) and "{" in value


def check_top(body, kind):
    assert body["@context"] == "https://dtsapi.org/context/v1.0.json"
    assert body["dtsVersion"] == "1.0" and body["@type"] == kind


def check_citation_trees(trees):
    assert isinstance(trees, list) and len(trees) == 1 and "identifier" not in trees[0]  # the default tree
    tree = trees[0]
    assert tree["@type"] == "CitationTree"
    (section,) = tree["citeStructure"]
    assert section["citeType"] == "section"
    (passage,) = section["citeStructure"]
    assert passage["citeType"] == "passage" and "citeStructure" not in passage


def check_metadata(metadata):
    """A MetadataObject: literals, URIs, arrays of {value, lang} or arrays of URIs."""
    for name, value in metadata.items():
        if isinstance(value, list):
            assert all(isinstance(v, str) or set(v) == {"value", "lang"} for v in value), name
        else:
            assert isinstance(value, (str, int, float)), name


def check_member(member):
    assert {"@id", "@type", "title", "totalParents"} <= set(member) and isinstance(member["totalParents"], int)
    assert is_template(member["collection"])
    if member["@type"] == "Collection":
        assert isinstance(member["totalChildren"], int)
    else:
        assert member["@type"] == "Resource"
        assert is_template(member["navigation"]) and is_template(member["document"])
        check_citation_trees(member["citationTrees"])
        check_metadata(member.get("dublinCore", {}))


def check_unit(unit, units_by_id):
    assert {"identifier", "@type", "level", "parent"} <= set(unit) and unit["@type"] == "CitableUnit"
    assert isinstance(unit["level"], int) and (unit["parent"] is None) == (unit["level"] == 1)
    assert unit["parent"] is None or unit["parent"] in units_by_id
    assert unit["@id"].startswith("urn:cts:") and unit["@id"].endswith(":" + unit["identifier"])


def check_names_ranges(template):
    """ref, start and end in the template, as the specification's static example writes them
    (``{/ref,start,end}``: they exclude one another, so one path segment carries whichever is given)."""
    assert {"ref", "start", "end"} <= set(URITemplate(template).variable_names), template


def the_resource(api) -> dict:
    """Walked as DTS clients walk: root collection › text group › resource."""
    entry = get_json(api, BASE + "api/dts.json")
    (group,) = get_json(api, URITemplate(entry["collection"]).expand())["member"]
    (resource,) = get_json(api, URITemplate(entry["collection"]).expand(id=group["@id"]))["member"]
    return resource


def test_entry_collections_and_resource_have_the_required_members(api):
    entry = get_json(api, BASE + "api/dts.json")
    check_top(entry, "EntryPoint")
    assert entry["@id"] == BASE + "api/dts.json"
    for name in ("collection", "navigation", "document"):
        assert is_template(entry[name]), name
    assert {"id", "nav"} <= set(URITemplate(entry["collection"]).variable_names)
    check_names_ranges(entry["navigation"])
    check_names_ranges(entry["document"])
    root = get_json(api, URITemplate(entry["collection"]).expand())
    check_top(root, "Collection")
    check_member(root)
    assert root["totalParents"] == 0 and root["totalChildren"] == len(root["member"]) == 1
    # the middle level: the text group of the CTS URN, a Collection holding the resource
    (group,) = root["member"]
    check_member(group)
    assert group["@type"] == "Collection" and group["@id"] == "wikipedia"
    again = get_json(api, URITemplate(entry["collection"]).expand(id=group["@id"]))
    check_top(again, "Collection")
    assert again["totalParents"] == 1 and again["totalChildren"] == len(again["member"]) == 1
    parents = get_json(api, URITemplate(again["collection"]).expand(nav="parents"))
    assert [p["@id"] for p in parents["member"]] == [root["@id"]]
    (member,) = again["member"]
    check_member(member)
    assert member["@type"] == "Resource"
    resource = get_json(api, URITemplate(entry["collection"]).expand(id=member["@id"]))
    check_top(resource, "Resource")
    check_member(resource)
    check_names_ranges(resource["navigation"])
    check_names_ranges(resource["document"])
    parents = get_json(api, URITemplate(resource["collection"]).expand(nav="parents"))
    assert [p["@id"] for p in parents["member"]] == [group["@id"]]


def test_a_range_is_not_answered_by_a_level_0_server(api):
    """Level 0 need not support start/end; a static server answers a range with an error (404)."""
    resource = the_resource(api)
    for template in (resource["navigation"], resource["document"]):
        url = URITemplate(template).expand(start="1", end="2")
        assert url.endswith("/1/2.json") or url.endswith("/1/2.xml")
        with pytest.raises(urllib.error.HTTPError) as caught:
            api(url)
        assert caught.value.code == 404


def test_navigation_follows_the_templates_for_every_section_and_passage(api, edition):
    entry = get_json(api, BASE + "api/dts.json")
    resource = the_resource(api)
    navigation = URITemplate(entry["navigation"])
    whole = get_json(api, navigation.expand(resource=resource["@id"], down=-1))
    check_top(whole, "Navigation")
    assert whole["@id"].startswith(BASE) and whole["resource"]["@id"] == resource["@id"]
    check_citation_trees(whole["resource"]["citationTrees"])
    units = {u["identifier"]: u for u in whole["member"]}
    assert len(units) == len(whole["member"]) == len(data_rows("sections.csv")) + len(data_rows("passages.csv"))
    for unit in whole["member"]:
        check_unit(unit, units)
    # document order: each section, then its passages
    expected = []
    for section in edition.sections["section"]:
        expected += [str(section)] + [p.id for p in edition.passages_in_section(int(section))]
    assert [u["identifier"] for u in whole["member"]] == expected
    top = get_json(api, navigation.expand(resource=resource["@id"], down=1))
    assert [u["identifier"] for u in top["member"]] == [str(s) for s in edition.sections["section"]]
    for ident, unit in units.items():
        alone = get_json(api, navigation.expand(resource=resource["@id"], ref=ident))
        assert alone["ref"] == unit and "member" not in alone
        children = get_json(api, navigation.expand(resource=resource["@id"], ref=ident, down=1))
        assert children["member"][0] == unit
        assert [u["parent"] for u in children["member"][1:]] == [ident] * (len(children["member"]) - 1)
        # two levels down from a unit of a two-level tree: the same as the whole subtree
        assert (
            get_json(api, navigation.expand(resource=resource["@id"], ref=ident, down=2))["member"]
            == (get_json(api, navigation.expand(resource=resource["@id"], ref=ident, down=-1))["member"])
        )
        siblings = get_json(
            api, navigation.expand(resource=resource["@id"], ref=ident, down="0")
        )  # a string: uritemplate drops an int 0
        assert unit in siblings["member"] and {u["parent"] for u in siblings["member"]} == {unit["parent"]}


def test_documents_for_the_whole_every_section_and_every_passage_hold_their_source_tokens(api, edition):
    entry = get_json(api, BASE + "api/dts.json")
    resource = the_resource(api)
    document = URITemplate(entry["document"])
    whole = etree.fromstring(api(document.expand(resource=resource["@id"])))
    assert etree.QName(whole).localname == "TEI" and etree.QName(whole).namespace == NS["t"]
    blocks = whole.xpath("//t:body//t:ab", namespaces=NS)
    assert [t for b in blocks for t in source_tokens(b)] == edition.tokens
    whole_ids = set(whole.xpath("//@xml:id"))
    whole_url = BASE + "edition.tei.xml#"
    dangling = 0
    assert list(edition.sections["section"]) == [int(row["section"]) for row in data_rows("sections.csv")]
    for section in edition.sections["section"]:
        passages = edition.passages_in_section(int(section))
        for ref, expected in [(str(section), " ".join(p.text for p in passages))] + [(p.id, p.text) for p in passages]:
            fragment = etree.fromstring(api(document.expand(resource=resource["@id"], ref=ref)))
            assert etree.QName(fragment).localname == "TEI"
            (wrapper,) = fragment.xpath("//d:wrapper", namespaces={"d": DTS})
            assert source_tokens(wrapper) == expected.split(), ref
            assert fragment.xpath("//t:*[@n=$n]", namespaces=NS, n=ref)
            # every pointer resolves: inside the fragment, or (made absolute) in the whole document
            ids = set(fragment.xpath("//@xml:id"))
            for value in fragment.xpath("//@ref | //@target | //@corresp | //@source | //@wit | //@resp"):
                for pointer in value.split():
                    if pointer.startswith("#"):
                        dangling += pointer[1:] not in ids
                    elif pointer.startswith(whole_url):
                        assert pointer[len(whole_url) :] in whole_ids, (ref, pointer)
    assert dangling == 0
