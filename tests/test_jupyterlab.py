"""The launch button's path opens a notebook, ready to run, in a real JupyterLab.

Binder (repo2docker) installs requirements.txt and then runs the repository's `postBuild`. The test
does the same on 127.0.0.1: a clean checkout of the repository, `postBuild` run with its own HOME,
then JupyterLab (from requirements-test.txt; Binder's image brings its own) serving the checkout.
Chromium opens `lab/tree/chapters/figures/<name>.md`, exactly the path of the launch button, and
must land in a notebook panel (not the text editor); Run All Cells must draw every chart live
(JupyterLab's Vega renderer) with no error output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, jupyter_app

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(path.stem for path in (ROOT / "chapters" / "figures").glob("*.md"))
TOKEN = "edition-test-token"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1, serving a clean checkout, after the repository's postBuild."""
    work = tmp_path_factory.mktemp("lab")
    checkout, home = work / "checkout", work / "home"
    home.mkdir()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(checkout)], check=True)
    env = {**os.environ, "HOME": str(home), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("JUPYTER_CONFIG_DIR", None)
    env.pop("EDITION_OUTPUT", None)  # as on Binder: not inside the book's build
    postbuild = subprocess.run(
        ["bash", str(checkout / "postBuild")], cwd=checkout, env=env, capture_output=True, text=True
    )
    assert postbuild.returncode == 0, postbuild.stderr
    with jupyter_app("jupyter-lab", checkout, TOKEN, work / "lab.log", env) as base:
        yield dict(base=base, home=home)


def test_postbuild_makes_jupytext_the_default_viewer_of_markdown_and_myst(lab):
    overrides = lab["home"] / ".jupyter" / "labconfig" / "default_setting_overrides.json"
    assert overrides.exists(), "postBuild wrote no JupyterLab settings"
    text = overrides.read_text()
    settings = json.loads(text)
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_launch_path_opens_a_notebook_whose_charts_run_live(browser, lab, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        # The launch button's path; `reset` only forgets the tabs the previous test left open.
        page.goto(f"{lab['base']}/lab/tree/chapters/figures/{name}.md?reset&token={TOKEN}")
        panel = page.locator(".jp-NotebookPanel")
        panel.wait_for(state="visible", timeout=60000)
        assert page.locator(".jp-FileEditor:visible").count() == 0, "the .md file opened in the text editor"
        panel.locator(".jp-CodeCell").first.wait_for(state="visible", timeout=60000)
        # JupyterLab may ask which kernel to start, with the notebook's own (Python 3) selected.
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        try:
            dialog.wait_for(state="visible", timeout=8000)
        except Exception:
            pass
        if dialog.count():
            assert "Python 3" in dialog.inner_text()
            dialog.get_by_role("button", name="Select Kernel").click()
            dialog.wait_for(state="detached")
        page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('.jp-NotebookPanel-toolbar') !== null")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile("^Run All Cells")).click()
        # Every code cell has run (its prompt shows an execution count, not [*] or [ ]).
        page.wait_for_function(
            """() => {
            const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
            timeout=240000,
        )
        if name == "aid":  # its figures stand alone: stated in a table, no chart of a single point
            table = page.locator(".jp-NotebookPanel .jp-OutputArea-output table.figures-in-words")
            table.first.wait_for(state="visible", timeout=30000)
            assert page.locator(".jp-NotebookPanel .vega-embed").count() == 0
        else:
            charts = page.locator(".jp-NotebookPanel .jp-OutputArea-output .vega-embed")
            charts.first.wait_for(state="visible", timeout=30000)
        page.wait_for_function(
            """() => [...document.querySelectorAll('.jp-NotebookPanel .vega-embed')]
                                          .every(e => e.querySelector('svg, canvas'))""",
            timeout=30000,
        )
        errors = page.locator(
            '.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert errors.count() == 0, errors.all_inner_texts()
        assert "Traceback" not in page.locator(".jp-NotebookPanel .jp-OutputArea").all_inner_texts().__str__()
    finally:
        context.close()
