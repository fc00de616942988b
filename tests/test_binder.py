"""Each chart notebook runs top to bottom in a fresh environment made only from requirements.txt,
from the repository checkout, as Binder would: jupytext opens the .md notebook, nbclient runs it.
Outside the book's build the charts come as JupyterLab's live chart plus the static SVG, and links
to passages go to the published edition."""

import os
import subprocess
import sys
import textwrap
import venv

import pytest
import yaml
from helpers import ROOT, book_copy

NOTEBOOKS = sorted((ROOT / "chapters" / "figures").glob("*.md"))

RUN = textwrap.dedent("""
    import sys
    import jupytext
    from nbclient import NotebookClient
    path, BASEURL, EXPECT_CHART = sys.argv[1], sys.argv[2], sys.argv[3] == "chart"
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors
    data = [o["data"] for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
            if "data" in o]
    # In Jupyter a chart is JupyterLab's live Vega chart with the static SVG beside it ...
    charts = [d for d in data if "application/vnd.vega.v5+json" in d]
    if EXPECT_CHART:
        assert charts, "no chart was drawn"
    else:  # a page whose figures stand alone states them in a table (no chart of a single point)
        assert not charts and any("figures-in-words" in d.get("text/html", "") for d in data)
    assert all("<svg" in d["image/svg+xml"] and d["application/vnd.vega.v5+json"]["marks"] for d in charts)
    # ... and the links to passages point at the published edition (a checkout has no built pages).
    html = " ".join(d.get("text/html", "") for d in data)
    assert 'href="../' not in html, "a relative link to a page that only the built book has"
    if "<a href" in html:
        assert BASEURL + "chapters/" in html, html[:500]
    print("ran", path)
""")


@pytest.fixture(scope="session")
def binder_checkout(tmp_path_factory):
    """The repository's files, as Binder checks them out (pip's `-e .` writes into the folder it installs)."""
    return book_copy(tmp_path_factory.mktemp("binder"), "checkout")


@pytest.fixture(scope="session")
def binder_env(binder_checkout, tmp_path_factory):
    """A new virtual environment with exactly requirements.txt (and runtime.txt's Python)."""
    runtime = (binder_checkout / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", runtime
    home = tmp_path_factory.mktemp("binder-env") / "env"
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=binder_checkout,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return python


@pytest.mark.slow  # a new virtual environment made with pip, and every chart notebook run in a kernel
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_chart_notebook_runs_as_on_binder(binder_env, binder_checkout, notebook):
    baseurl = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
    env = {k: v for k, v in os.environ.items() if k != "EDITION_OUTPUT"}  # as on Binder: not the book's build
    path = binder_checkout / notebook.relative_to(ROOT)
    result = subprocess.run(
        [str(binder_env), "-c", RUN, str(path), baseurl, "table" if notebook.stem == "aid" else "chart"],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


def test_jupytext_is_pinned_for_binder():
    requirements = (ROOT / "requirements.txt").read_text()
    assert "jupytext==" in requirements and "jupyter-book==1." in requirements
