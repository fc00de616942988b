"""A static DTS 1.0 API ("level 0": generated files, path-style URI templates) under ``api/``.

Distributed Text Services 1.0 (distributed-text-services/specifications, ``versions/v1.0``).
The entry point is ``api/dts.json``; every template is an absolute URL made from ``html.baseurl``:

- collection: ``…/api/dts/collection{/id}{;nav}.json`` (no id: the root collection);
- navigation: ``…/api/dts/navigation/{resource}{;down}{/ref,start,end}.json``, written for
  ``down`` absent, 0, 1, 2 and -1 on every section and passage, and ``down`` 1, 2 and -1 on the whole
  resource;
- document: ``…/api/dts/document/{resource}{/ref,start,end}.xml``: the whole TEI, or one section
  or passage in ``dts:wrapper`` inside a ``TEI`` root, cut from the one TEI document of :mod:`.tei`.

The templates name ``start`` and ``end`` as the specification's example of a static
implementation does ("URI Templates examples for static website"): ``ref``, ``start`` and ``end``
exclude one another, so one path segment carries whichever is given. This is a level-0 server: no
file answers a range (``…/1/11.json``), so a static server answers it with 404, which level 0
allows.

The collections are the root (``digital-editions``), the text group of the CTS URN
(``wikipedia``), and in it the one resource, the edition (``afghan-civil-war-1989-1992``), the
levels DTS clients walk (root › collection › resource). Its citation tree is section › passage, and
the identifiers of the citable units are the passage ids (``4.16``) and section numbers (``4``),
each with its CTS URN as ``@id``. A static server serves ``.json`` as ``application/json`` rather
than ``application/ld+json``.

A document fragment carries the edition's header; every local pointer of the part it holds
(``#bib-…``, ``#e-…``, a note's ``#p-…``) that points outside the fragment is rewritten to the
absolute URL of that element in the whole document (``…/edition.tei.xml#bib-…``).
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from edition.model.citation import citation, cts_urn
from edition.outputs.tei import XML_ID, tei

DTS_VERSION = "1.0"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_NS = "https://w3id.org/api/dts#"
RESOURCE = "afghan-civil-war-1989-1992"
COLLECTION = "digital-editions"
TEXT_GROUP = "wikipedia"  # the text group of the CTS URN
POINTING = ("ref", "target", "corresp", "source", "wit", "resp", "sameAs", "prev", "next")
CITE_TYPES = ("section", "passage")
ET.register_namespace("dts", DTS_NS)


def absolute(pointer: str, present: set[str], whole: str) -> str:
    """A local pointer (``#id``) to an element not in the fragment, made absolute in the whole document."""
    if pointer.startswith("#") and pointer[1:] not in present:
        return whole + pointer
    return pointer


class Api:
    def __init__(self, context):
        self.context = context
        self.edition, self.meta = context.edition, context.meta
        self.root = self.meta.base_url + "api/"

    # --- addresses ---------------------------------------------------------------------------
    def templates(self, resource: str | None = None) -> dict:
        api = self.root + "dts/"
        if resource is None:
            return {
                "collection": api + "collection{/id}{;nav}.json",
                "navigation": api + "navigation/{resource}{;down}{/ref,start,end}.json",
                "document": api + "document/{resource}{/ref,start,end}.xml",
            }
        return {
            "collection": api + f"collection/{resource}{{;nav}}.json",
            "navigation": api + f"navigation/{resource}{{;down}}{{/ref,start,end}}.json",
            "document": api + f"document/{resource}{{/ref,start,end}}.xml",
        }

    @staticmethod
    def navigation_path(down: int | None = None, ref: str | None = None) -> str:
        return (
            f"dts/navigation/{RESOURCE}"
            + (f";down={down}" if down is not None else "")
            + (f"/{ref}" if ref else "")
            + ".json"
        )

    @staticmethod
    def document_path(ref: str | None = None) -> str:
        return f"dts/document/{RESOURCE}" + (f"/{ref}" if ref else "") + ".xml"

    # --- objects -------------------------------------------------------------------------------
    def dublin_core(self) -> dict:
        meta = self.meta
        return {
            "title": [{"lang": "en", "value": meta.title}],
            "creator": [{"lang": "en", "value": n.display} for n in meta.text_authors],
            "contributor": [{"lang": "en", "value": f"{n.display} (editors)"} for n in meta.editors],
            "publisher": [{"lang": "en", "value": meta.publisher}],
            "date": meta.date_released,
            "language": ["en"],
            "license": [meta.licence_url],
            "identifier": [cts_urn(), meta.base_url],
            "bibliographicCitation": [{"lang": "en", "value": citation(meta)["text"]}],
        }

    def citation_trees(self) -> list:
        return [
            {
                "@type": "CitationTree",
                "citeStructure": [
                    {
                        "@type": "CiteStructure",
                        "citeType": "section",
                        "citeStructure": [{"@type": "CiteStructure", "citeType": "passage"}],
                    }
                ],
            }
        ]

    def resource(self, top: bool = False) -> dict:
        item = {
            "@id": RESOURCE,
            "@type": "Resource",
            "title": self.meta.title,
            "description": "The damaged, machine-preprocessed copy of the English Wikipedia article "
            f"“{self.meta.source_title}”, edited in numbered passages (version {self.meta.version}).",
            "totalParents": 1,
            "totalChildren": 0,
            **self.templates(RESOURCE),
            "download": self.meta.base_url + "edition.tei.xml",
            "mediaTypes": ["application/tei+xml"],
            "citationTrees": self.citation_trees(),
            "dublinCore": self.dublin_core(),
        }
        return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **item} if top else item

    def collection(self, top: bool = True) -> dict:
        """The root collection; its one member is the text group."""
        item = {
            "@id": COLLECTION,
            "@type": "Collection",
            "title": f"Digital editions: {self.meta.title}",
            "totalParents": 0,
            "totalChildren": 1,
            "collection": self.root + f"dts/collection/{COLLECTION}{{;nav}}.json",
        }
        if top:
            return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **item, "member": [self.text_group(top=False)]}
        return item

    def text_group(self, top: bool = True) -> dict:
        """The text group of the CTS URN (``wikipedia``), between the root and the resource."""
        item = {
            "@id": TEXT_GROUP,
            "@type": "Collection",
            "title": "Wikipedia",
            "description": "Articles of the English Wikipedia edited here; the text group of the CTS URNs.",
            "totalParents": 1,
            "totalChildren": 1,
            "collection": self.root + f"dts/collection/{TEXT_GROUP}{{;nav}}.json",
        }
        if top:
            return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **item, "member": [self.resource()]}
        return item

    def units(self) -> list[dict]:
        """Every citable unit in document order (pre-order, depth first)."""
        out = []
        for section in self.edition.sections.to_dict("records"):
            number = str(section["section"])
            out.append(
                {
                    "identifier": number,
                    "@type": "CitableUnit",
                    "level": 1,
                    "parent": None,
                    "citeType": "section",
                    "@id": cts_urn(number),
                    "dublinCore": {"title": [{"lang": "en", "value": f"{number} · {section['title']}"}]},
                }
            )
            for passage in self.edition.passages_in_section(int(number)):
                out.append(
                    {
                        "identifier": passage.id,
                        "@type": "CitableUnit",
                        "level": 2,
                        "parent": number,
                        "citeType": "passage",
                        "@id": cts_urn(passage.id),
                    }
                )
        return out

    def navigation(self, path: str, *, ref: dict | None = None, member: list | None = None) -> dict:
        body = {
            "@context": CONTEXT,
            "dtsVersion": DTS_VERSION,
            "@type": "Navigation",
            "@id": self.root + path,
            "resource": {**self.resource(), "@type": "Resource"},
        }
        if ref is not None:
            body["ref"] = ref
        if member is not None:
            body["member"] = member
        return body

    def navigations(self) -> dict[str, dict]:
        units = self.units()
        out = {}
        for down in (1, 2, -1):
            depth = 2 if down == -1 else down
            out[self.navigation_path(down)] = self.navigation(
                self.navigation_path(down), member=[u for u in units if u["level"] <= depth]
            )
        for unit in units:
            ident = unit["identifier"]
            below = [u for u in units if u["parent"] == ident]
            siblings = [u for u in units if u["parent"] == unit["parent"]]
            out[self.navigation_path(None, ident)] = self.navigation(self.navigation_path(None, ident), ref=unit)
            out[self.navigation_path(0, ident)] = self.navigation(
                self.navigation_path(0, ident), ref=unit, member=siblings
            )
            for down in (1, 2, -1):  # the tree is two levels deep: below a unit, down 2 and -1 agree
                path = self.navigation_path(down, ident)
                out[path] = self.navigation(path, ref=unit, member=[unit] + below)
        return out

    # --- documents ------------------------------------------------------------------------------------
    def fragment(self, document: ET.ElementTree, element: ET.Element) -> ET.ElementTree:
        """A ``TEI`` root with the edition's header and the requested part in ``dts:wrapper``;
        names point at the index of the whole TEI document."""
        root = ET.Element(tei("TEI"), dict(document.getroot().attrib))
        root.append(copy.deepcopy(document.getroot().find(tei("teiHeader"))))
        text = ET.SubElement(root, tei("text"))
        body = ET.SubElement(text, tei("body"))
        wrapper = ET.SubElement(body, f"{{{DTS_NS}}}wrapper")
        wrapper.append(copy.deepcopy(element))
        present = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
        whole = self.meta.base_url + "edition.tei.xml"
        for named in root.iter():
            for name in POINTING:
                if named.get(name):
                    named.set(name, " ".join(absolute(p, present, whole) for p in named.get(name).split()))
        return ET.ElementTree(root)

    def documents(self, document: ET.ElementTree) -> dict[str, ET.ElementTree]:
        out = {self.document_path(): document}
        for div in document.getroot().iter(tei("div")):
            if div.get("type") == "section":
                out[self.document_path(div.get("n"))] = self.fragment(document, div)
                for block in div.iter(tei("ab")):
                    out[self.document_path(block.get("n"))] = self.fragment(document, block)
        return out

    def entry(self) -> dict:
        return {
            "@context": CONTEXT,
            "dtsVersion": DTS_VERSION,
            "@id": self.root + "dts.json",
            "@type": "EntryPoint",
            **self.templates(),
        }


def write(context, document: ET.ElementTree, outdir: Path) -> list[Path]:
    api = Api(context)
    folder = outdir / "api"
    files: dict[str, dict] = {
        "dts.json": api.entry(),
        "dts/collection.json": api.collection(),
        f"dts/collection/{COLLECTION}.json": api.collection(),
        f"dts/collection/{COLLECTION};nav=parents.json": {**api.collection(), "member": []},
        f"dts/collection/{TEXT_GROUP}.json": api.text_group(),
        f"dts/collection/{TEXT_GROUP};nav=parents.json": {**api.text_group(), "member": [api.collection(top=False)]},
        f"dts/collection/{RESOURCE}.json": api.resource(top=True),
        f"dts/collection/{RESOURCE};nav=parents.json": {
            **api.resource(top=True),
            "member": [api.text_group(top=False)],
        },
    }
    files.update(api.navigations())
    written = []
    for name, body in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)
    for name, tree in api.documents(document).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        tree.write(target, encoding="utf-8", xml_declaration=True)
        written.append(target)
    return written


__all__ = ["Api", "COLLECTION", "RESOURCE", "TEXT_GROUP", "write"]
