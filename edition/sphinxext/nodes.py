"""The edition's own docutils nodes: an editorial mark (siglum) and a passage's cite button.

Each node has an HTML visitor and a plain-text one; the LaTeX writer (the book is printed from
HTML, but Sphinx asks every registered node for a LaTeX visitor) writes their text with its own
escaping.
"""

from __future__ import annotations

import html

from docutils import nodes

from edition.model.edited import ALTERNATIVE_MARKER


class siglum(nodes.Inline, nodes.TextElement):
    """An editorial mark in the reading view, with its explanation on hover and focus."""


def visit_siglum_html(self, node):
    note_id = f"note-{node['entry_id']}-{node['serial']}"
    classes = " ".join(
        ["siglum", node["kind"]]
        + (["negation"] if node["negation"] else [])
        + (["has-alternatives"] if node.get("alternatives") else [])
    )
    # A span with competing readings carries the marker ‡ (its tooltip gives every reading).
    marker = f'<sup class="siglum-alt">{ALTERNATIVE_MARKER}</sup>' if node.get("alternatives") else ""
    shown = f"{html.escape(node.astext())}{marker}"
    # A screen reader is given the mark in words, not its brackets ("Seven, supplied by the editors,
    # medium certainty"); the visible mark is hidden from it. A regularised form is words already.
    if node.get("spoken"):
        shown = (
            f'<span class="siglum-mark" aria-hidden="true">{shown}</span>'
            f'<span class="edition-sr">{html.escape(node["spoken"])}</span>'
        )
    self.body.append(
        f'<span class="{classes}" tabindex="0" aria-describedby="{note_id}" data-entry="{html.escape(node["entry_id"])}">'
        f"{shown}"
        f'<span class="siglum-note" role="tooltip" id="{note_id}">{html.escape(node["explanation"])}</span></span>'
    )
    raise nodes.SkipNode


def visit_siglum_text(self, node):
    self.add_text(node.astext() + (ALTERNATIVE_MARKER if node.get("alternatives") else ""))
    raise nodes.SkipNode


class spoken_mark(nodes.Inline, nodes.TextElement):
    """An editorial mark in a rendering (⟨Seven?⟩, […]): seen as written, told to a screen reader in words."""


def visit_spoken_mark_html(self, node):
    classes = " ".join(["rendering-mark", *node["classes"]])
    self.body.append(
        f'<span class="{html.escape(classes)}"><span aria-hidden="true">{html.escape(node.astext())}</span>'
        f'<span class="edition-sr">{html.escape(node["spoken"])}</span></span>'
    )
    raise nodes.SkipNode


def visit_spoken_mark_text(self, node):
    self.add_text(node.astext())
    raise nodes.SkipNode


def visit_spoken_mark_latex(self, node):
    self.body.append(self.encode(node.astext()))
    raise nodes.SkipNode


class cite_control(nodes.General, nodes.Element):
    """A button that offers a ready citation of its passage (built by edition.js)."""


def visit_cite_control_html(self, node):
    pid = html.escape(node["passage"])
    self.body.append(
        f'<button type="button" class="cite-button" data-passage="{pid}" aria-label="Cite passage {pid}">cite</button>'
    )
    raise nodes.SkipNode


class edited_toggle(nodes.General, nodes.Element):
    """In the plain-English view on a narrow screen: the button that shows a passage's edited text."""


def visit_edited_toggle_html(self, node):
    target = html.escape(node["target"])
    self.body.append(
        f'<button type="button" class="edited-toggle pst-js-only" aria-expanded="false" aria-controls="{target}">'
        "show the edited text</button>"
    )
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def visit_siglum_latex(self, node):
    self.body.append(self.encode(node.astext() + (ALTERNATIVE_MARKER if node.get("alternatives") else "")))
    raise nodes.SkipNode


def setup_nodes(app) -> None:
    app.add_node(
        siglum, html=(visit_siglum_html, None), text=(visit_siglum_text, None), latex=(visit_siglum_latex, None)
    )
    app.add_node(
        spoken_mark,
        html=(visit_spoken_mark_html, None),
        text=(visit_spoken_mark_text, None),
        latex=(visit_spoken_mark_latex, None),
    )
    app.add_node(edited_toggle, html=(visit_edited_toggle_html, None), text=(skip, None), latex=(skip, None))
    app.add_node(cite_control, html=(visit_cite_control_html, None), text=(skip, None), latex=(skip, None))
