"""The digital edition of the damaged "Afghan Civil War (1989–1992)" text: data model and Sphinx extension.

The package by layer (see the README's map): ``model`` (the data, light), ``checks``, ``sphinxext``
(the Sphinx glue), ``outputs`` (TEI, DTS, text, passages.json, PDF and bundle), ``charts`` (the
notebooks' API), ``web`` (what happens to built pages) and ``execution`` (the notebook executor).
"""

from edition.model.edition import Edition, Passage, load_edition
from edition.model.files import EditionDataError

__all__ = ["Edition", "EditionDataError", "Passage", "load_edition", "setup"]


def setup(app):
    """Sphinx entry point (``extra_extensions: [edition]``); Sphinx is imported only here."""
    from edition.sphinxext import setup as setup_extension

    return setup_extension(app)
