"""The build runs the notebooks without a kernel each (edition/execution/): what they show must be
what a Jupyter kernel shows, a notebook that cannot run that way must still run in a kernel, and
a cell that never ends must not hang the build."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT, toc_docnames

NOTEBOOKS = sorted((ROOT / "chapters" / "figures").glob("*.md"))

RUN = textwrap.dedent("""
    import json, sys
    from myst_nb.core.read import read_myst_markdown_notebook
    from edition import execution as execute
    timeout, target, paths = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    jobs = [(path, read_myst_markdown_notebook(open(path, encoding="utf-8").read())) for path in paths]
    runs = execute.run_notebooks(jobs, workers=2, timeout=timeout)
    json.dump([{"path": run.path, "failure": run.failure, "outputs": run.outputs} for run in runs], open(target, "w"))
""")


def run_without_kernel(paths, tmp_path, timeout=300, env=None) -> list[dict]:
    target = tmp_path / "runs.json"
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(timeout), str(target), *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(target.read_text())


def comparable(output: dict) -> dict:
    """An output as both ways must give it: an object's default repr names its memory address."""
    output = json.loads(json.dumps(output))
    plain = output.get("data", {}).get("text/plain")
    if plain is not None and re.fullmatch(r"<.* at 0x[0-9a-f]+>", plain if isinstance(plain, str) else "".join(plain)):
        output["data"]["text/plain"] = "<object>"
    for key in ("text", "traceback"):
        if isinstance(output.get(key), list):
            output[key] = "".join(output[key])
    return output


@pytest.mark.slow  # every chart notebook run twice, once in a real kernel
def test_each_chart_notebook_shows_in_the_build_what_a_kernel_shows(tmp_path, monkeypatch):
    from myst_nb.core.read import read_myst_markdown_notebook
    from nbclient import NotebookClient

    monkeypatch.setenv("EDITION_OUTPUT", "book")  # as in the build; the kernels inherit it
    runs = run_without_kernel(NOTEBOOKS, tmp_path)
    notebooks = [read_myst_markdown_notebook(path.read_text(encoding="utf-8")) for path in NOTEBOOKS]

    async def in_kernels():
        await asyncio.gather(
            *(
                NotebookClient(
                    notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
                ).async_execute()
                for path, notebook in zip(NOTEBOOKS, notebooks)
            )
        )

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, in_kernels()).result()
    assert [p.relative_to(ROOT).with_suffix("").as_posix() for p in NOTEBOOKS] == sorted(toc_docnames("Figures"))
    assert len(runs) == len(notebooks) == len(NOTEBOOKS)
    for path, notebook, run in zip(NOTEBOOKS, notebooks, runs):
        assert run["failure"] == "", f"{path.name}: {run['failure']}"
        cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert len(run["outputs"]) == len(cells), path.name
        for number, (cell, (count, outputs)) in enumerate(zip(cells, run["outputs"]), start=1):
            assert count == cell.execution_count, f"{path.name}, code cell {number}"
            assert [comparable(o) for o in outputs] == [comparable(o) for o in cell.outputs], (
                f"{path.name}, code cell {number}: the outputs differ from the kernel's"
            )
        assert any(
            o["output_type"] in ("display_data", "execute_result") for _, outputs in run["outputs"] for o in outputs
        ), f"{path.name} showed nothing"


def write_notebook(path: Path, *cells: str) -> Path:
    header = (
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# Notebook\n"
    )
    path.write_text(header + "".join(f"\n```{{code-cell}} ipython3\n{cell}\n```\n" for cell in cells), encoding="utf-8")
    return path


def test_streams_displays_results_and_errors_are_recorded_as_a_kernel_records_them(tmp_path):
    notebook = write_notebook(
        tmp_path / "kinds.md",
        "import sys\nprint('one')\nprint('two')\nprint('warned', file=sys.stderr)",
        "from IPython.display import display, HTML\ndisplay(HTML('<b>shown</b>'))\n6 * 7",
        "x = 1;",
        "1 / 0",
        "print('never run')",
    )
    (run,) = run_without_kernel([notebook], tmp_path)
    streams, displays, quiet, error = (outputs for _, outputs in run["outputs"])
    assert [(o["name"], o["text"]) for o in streams] == [("stdout", "one\ntwo\n"), ("stderr", "warned\n")]
    assert [o["output_type"] for o in displays] == ["display_data", "execute_result"]
    assert displays[0]["data"]["text/html"] == "<b>shown</b>" and displays[1]["data"]["text/plain"] == "42"
    assert displays[1]["execution_count"] == 2
    assert quiet == []  # a trailing semicolon shows nothing
    assert error[0]["output_type"] == "error" and error[0]["ename"] == "ZeroDivisionError"
    assert run["failure"].startswith("code cell 4: ZeroDivisionError")
    assert len(run["outputs"]) == 4, "the run goes no further than the failing cell"


def test_a_cell_that_runs_too_long_is_stopped_and_left_to_the_kernel(tmp_path):
    slow = write_notebook(tmp_path / "slow.md", "import time\ntime.sleep(30)")
    quick = write_notebook(tmp_path / "quick.md", "print('done')")
    slow_run, quick_run = run_without_kernel([slow, quick], tmp_path, timeout=1)
    assert "longer than 1 s" in slow_run["failure"]
    assert quick_run["failure"] == "" and quick_run["outputs"][0][1][0]["text"] == "done\n"


@pytest.mark.slow  # a Sphinx build of a small project, with a kernel
def test_the_build_runs_notebooks_itself_and_leaves_to_a_kernel_what_it_cannot_run(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        textwrap.dedent(f"""
        extensions = ["myst_nb", "edition.execution"]
        nb_execution_mode = "cache"
        nb_execution_cache_path = {str(tmp_path / "cache")!r}
        nb_execution_raise_on_error = True
        exclude_patterns = ["_build"]
    """)
    )
    (source / "index.md").write_text("# Index\n\n```{toctree}\nhere\nkernel\n```\n")
    shell = "print('shell:', type(get_ipython()).__name__)"
    write_notebook(source / "here.md", shell)
    # Runs only in a kernel: in the build's own shell its first cell fails, so myst-nb's kernel runs it.
    write_notebook(source / "kernel.md", "assert 'ZMQ' in type(get_ipython()).__name__", shell)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    log = result.stdout + result.stderr
    assert "ran 1 notebooks without kernels" in log, log[-2000:]
    assert "left to myst-nb's kernels: kernel.md (code cell 1: AssertionError" in log, log[-2000:]
    here = (tmp_path / "out" / "here.html").read_text(encoding="utf-8")
    kernel = (tmp_path / "out" / "kernel.html").read_text(encoding="utf-8")
    assert "shell: InteractiveShell" in here
    assert "shell: ZMQInteractiveShell" in kernel
    # The notebook written for the download button carries the outputs the page shows.
    written = next(tmp_path.rglob("jupyter_execute/here.ipynb"))
    code = [cell for cell in nbformat.read(written, as_version=4).cells if cell.cell_type == "code"]
    assert "shell: InteractiveShell" in json.dumps(code[0].outputs)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_downloadable_notebook_has_the_outputs_the_page_shows(site, notebook):
    page = (site / "chapters" / "figures" / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert f"_sources/chapters/figures/{notebook.stem}.ipynb" in page, "the page offers no .ipynb download"
    downloaded = nbformat.read(site / "_sources" / "chapters" / "figures" / f"{notebook.stem}.ipynb", as_version=4)
    code = [cell for cell in downloaded.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs for cell in code), "a code cell of the download has no output"
    assert all(cell.execution_count for cell in code)
