"""The extension in a small Sphinx project of its own (sphinx.testing), not the whole book: the
passage directive, the roles and the domain, with the HTML, text and LaTeX writers."""

import pytest
from helpers import ROOT
from sphinx.testing.util import SphinxTestApp

PAGE = """# A test page

```{passage} 4.2
A note that links {p}`4.2`, {e}`massoud` and an unknown passage {p}`99.99`.
```

```{passage} 99.1
```
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "conf.py").write_text(
        f'extensions = ["myst_parser", "edition"]\nedition_data = {str(ROOT / "data")!r}\nmaster_doc = "index"\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def build(project, builder: str) -> tuple[SphinxTestApp, str]:
    app = SphinxTestApp(builder, srcdir=project)
    try:
        app.build()
        return app, app._warning.getvalue()
    finally:
        app.cleanup()


@pytest.mark.parametrize("builder, name", [("text", "index.txt"), ("latex", "*.tex"), ("html", "index.html")])
def test_a_passage_is_written_by_every_writer_with_its_sigla(project, builder, name):
    app, warnings = build(project, builder)
    output = next(app.outdir.rglob(name)).read_text(encoding="utf-8").replace("\\sphinxhyphen{}", "-")
    if builder == "html":
        from bs4 import BeautifulSoup

        reading = BeautifulSoup(output, "html.parser").select_one("p.reading")
        for tooltip in reading.select(".siglum-note, .edition-sr"):  # tooltips, words for screen readers
            tooltip.decompose()
        output = reading.get_text()
    # the reading view of 4.2: the supplied, uncertain "Seven-" (a parallel, medium) glued to its word
    assert "spring 1989 ⟨Seven-?⟩party" in output
    assert "unknown passage id '99.1': it is not in data/passages.csv" in warnings
    assert "link to unknown passage id '99.99': it is not in data/passages.csv" in warnings


def test_the_domain_reports_every_passage_left_unplaced(project):
    _, warnings = build(project, "text")
    unplaced = [line for line in warnings.splitlines() if "is never placed" in line]
    assert len(unplaced) == 199 - 1  # all but 4.2
