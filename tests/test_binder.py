"""Each chart notebook runs top to bottom in a fresh environment made only from requirements.txt,
from the repository checkout, as Binder would: jupytext opens the .md notebook, nbclient runs it."""
import subprocess
import sys
import textwrap
import venv

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "chapters" / "figures").glob("*.md"))

RUN = textwrap.dedent("""
    import sys
    import jupytext
    from nbclient import NotebookClient
    path = sys.argv[1]
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors
    html = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
            if "text/html" in o.get("data", {})]
    assert any("<svg" in o["data"]["text/html"] for o in html), "no chart was drawn"
    print("ran", path)
""")


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory):
    """A new virtual environment with exactly requirements.txt (and runtime.txt's Python)."""
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", runtime
    home = tmp_path_factory.mktemp("binder") / "env"
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
                             cwd=ROOT, capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    return python


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_chart_notebook_runs_as_on_binder(binder_env, notebook):
    result = subprocess.run([str(binder_env), "-c", RUN, str(notebook)], cwd=notebook.parent,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


def test_jupytext_is_pinned_for_binder():
    requirements = (ROOT / "requirements.txt").read_text()
    assert "jupytext==" in requirements and "jupyter-book==1." in requirements
