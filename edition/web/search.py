"""The search index of the built site (issue 24): Pagefind, one record per passage.

Pagefind (PyPI ``pagefind[bin]``, run offline through its Python API) writes a static, chunked index
into ``pagefind/`` of the site; ``search.html`` loads ``pagefind/pagefind.js`` and only the parts of
the index a query needs. Every record is made here, not crawled from the pages, so that a result
never quotes interface text:

- a **passage**: its URL is the passage itself (``chapters/04-jalalabad.html#p-4.22``); its text is
  the editors' plain English and the edited text (the supplied words of
  :func:`edition.model.edited.edited_text`, without sigla: "Dostum" is found where the source lost
  it); filters ``kind: passage`` and ``passage: 4.22`` (a passage number is looked up by filter);
- a **note**: the editors' notes on a passage, opening them (``#notes-4.22``: Pagefind keeps one
  record per URL);
- an **index entry**: a person, organisation, place or event, with its description;
- a **page**: the text of every other page's article (the chapters without their passages).

The search page (``edition/static/search.js``) lists them in that order.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
from pathlib import Path

from edition.model.edited import Name, Unit, edited_text, separators
from edition.model.edition import Edition

OUTPUT = "pagefind"
KINDS = ("passage", "note", "entry", "page")
# Pages that are no reading matter: the search page itself, Sphinx's empty general index, the 404 page.
SKIPPED_PAGES = {"search.html", "genindex.html", "404.html"}
# What a page's article holds that is interface, not text: left out of a page's record.
INTERFACE = (
    ".passage",
    ".headerlink",
    "script",
    "style",
    "noscript",
    ".view-switch",
    ".view-switch-slot",
    ".goto-passage",
    ".letter-jump",
    "button",
    "dialog",
    "template",
)
# The bundle's files the book does not use (Pagefind's own UIs and its highlighter).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",  # every record is English
)
INLINED = re.compile(r'<style data-inlined="[^"]*">.*?</style>', re.S)


def plain_edited(edition: Edition, passage) -> str:
    """The edited text as plain words: source tokens, supplied and regularised words, no sigla and
    nothing for what is lost."""

    def flat(pieces):
        for piece in pieces:
            if isinstance(piece, Name):
                yield from flat(piece.units)
            else:
                yield piece

    units: list[Unit] = [u for u in flat(edited_text(edition, passage)) if u.kind not in ("gap", "none")]
    return "".join(gap + unit.text for gap, unit in zip(separators(units), units)).strip()


def passage_records(edition: Edition, pages: dict[str, str], notes: dict[str, str]) -> list[dict]:
    """``pages``: passage id → the URL of its page (relative to the site); ``notes``: passage id → its notes."""
    records = []
    for passage in edition.passages:
        if passage.id not in pages:
            continue
        url = f"{pages[passage.id]}#{passage.anchor}"
        chapter = edition.section_title(passage.section)
        rendering = re.sub(r"[⟨⟩]", "", edition.rendering_of(passage.id)).replace("[…]", "…")
        records.append(
            dict(
                url=url,
                content=f"{rendering}\n{plain_edited(edition, passage)}",
                meta=dict(title=f"¶ {passage.id}", chapter=chapter, kind="passage"),
                filters=dict(kind=["passage"], passage=[passage.id]),
            )
        )
        if notes.get(passage.id):
            records.append(
                dict(
                    url=f"{pages[passage.id]}#notes-{passage.id}",
                    content=notes[passage.id],
                    meta=dict(title=f"Note on ¶ {passage.id}", chapter=chapter, kind="note"),
                    filters=dict(kind=["note"]),
                )
            )
    return records


ENTRY_WORDS = {"person": "Person", "organisation": "Organisation", "place": "Place", "event": "Event"}


def entry_records(edition: Edition, entry_pages: dict[str, str]) -> list[dict]:
    """``entry_pages``: entity id → the URL of the page that lists it."""
    records = []
    for record in edition.entities.to_dict("records"):
        if record["id"] not in entry_pages:
            continue
        records.append(
            dict(
                url=f"{entry_pages[record['id']]}#e-{record['id']}",
                content=f"{record['name']}. {record['description']}",
                meta=dict(title=record["name"], chapter=ENTRY_WORDS.get(record["type"], "Index"), kind="entry"),
                filters=dict(kind=["entry"]),
            )
        )
    return records


def page_records(site: Path) -> list[dict]:
    """Every other page: its title and the text of its article, without passages and interface."""
    from bs4 import BeautifulSoup

    records = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative in SKIPPED_PAGES or relative.split("/")[0] in ("_static", "_sources", OUTPUT):
            continue
        soup = BeautifulSoup(INLINED.sub("", path.read_text(encoding="utf-8")), "html.parser")
        article = soup.select_one("article.bd-article") or soup.select_one("main")
        if article is None:
            continue
        for selector in INTERFACE:
            for element in article.select(selector):
                element.decompose()
        heading = article.find("h1")
        title = " ".join((heading.get_text(" ") if heading else soup.title.get_text()).split())
        text = " ".join(article.get_text(" ").split())
        if text:
            records.append(
                dict(url=relative, content=text, meta=dict(title=title, kind="page"), filters=dict(kind=["page"]))
            )
    return records


def records_key(site: Path, *extra: str) -> str:
    """What the index is made from: the built pages (without their inlined stylesheets), this code, ``extra``."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in extra:
        digest.update(part.encode())
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.split("/")[0] in ("_static", "_sources", OUTPUT):
            continue
        digest.update(relative.encode() + b"\0" + INLINED.sub("", path.read_text(encoding="utf-8")).encode())
    return digest.hexdigest()


async def _write(records: list[dict], out: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(out), force_language="en")
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(
                url=record["url"],
                content=record["content"],
                language="en",
                meta=record["meta"],
                filters=record["filters"],
            )


def run_coroutine(coroutine):
    """Run Pagefind's asynchronous API to its end, also where the build itself runs inside an event
    loop (Sphinx called from a notebook or a test): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def write_index(records: list[dict], site: Path) -> Path:
    """Write Pagefind's bundle for ``records`` into ``site/pagefind`` (replacing an older one)."""
    out = site / OUTPUT
    if out.exists():
        shutil.rmtree(out)
    run_coroutine(_write(records, out))
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return out
