"""The digital edition of the damaged "Afghan Civil War (1989–1992)" text: data model and Sphinx extension."""
from .data import Edition, EditionDataError, Passage, load_edition

__all__ = ["Edition", "EditionDataError", "Passage", "load_edition", "setup"]


def setup(app):
    """Sphinx entry point (``extra_extensions: [edition]``); Sphinx is imported only here."""
    from .sphinx_ext import setup as setup_extension

    return setup_extension(app)
