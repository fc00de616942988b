"""The book's notebooks run in the build without a kernel each (issue 13).

myst-nb runs every notebook in a Jupyter kernel of its own. For the seven chart notebooks that is
some 2.8 s of CPU each before their own work begins: start an IPython kernel, import pandas and
Altair, start vl-convert. Here the build runs the notebooks it is about to read itself, before it
reads them:

- the chart libraries are imported once, in the build's process;
- ``workers`` processes are forked from it, each with one IPython shell (the kernel's interpreter,
  without the kernel), which runs its share of the notebooks in turn, each in a fresh namespace and
  in the notebook's own folder, as a kernel would;
- every output is recorded as nbclient records it (streams, displays, the cell's result, errors),
  and each executed notebook goes into myst-nb's execution cache (jupyter-cache), where myst-nb then
  finds it as if it had run the notebook itself.

A notebook that fails here (an error in a cell, or a cell that runs longer than the build's
timeout) is not cached: myst-nb then runs it in a kernel, as before, and reports the failure in its
own way, so a strict build still fails on it. Binder and JupyterLab run the same notebooks in
kernels; ``tests/test_execution.py`` checks that both ways give the same outputs.

What it relies on beyond documented APIs (an upgrade of these packages must be checked against
``tests/test_execution.py``):

- myst-nb: ``app.env.mystnb_config`` (set by myst-nb at ``builder-inited``: execution mode, cache
  path, exclude patterns, metadata key) and ``myst_nb.core.read.create_nb_reader``;
- jupyter-cache: ``get_cache(...).match_cache_notebook``, ``cache_notebook_bundle`` and
  ``jupyter_cache.base.CacheBundleIn``, the cache myst-nb reads its outputs from;
- IPython: ``InteractiveShell`` with its ``displayhook`` and ``display_pub`` replaced by recorders
  (``IPython.core.displayhook.DisplayHook``, ``IPython.core.displaypub.DisplayPublisher``), and
  ``run_cell``;
- nbformat: ``nbformat.v4.new_output`` for the recorded outputs, as nbclient makes them.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# What ipykernel reports about its language (myst-nb takes the code cells' lexer from it).
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": sys.version.split()[0],
}


@dataclass
class Run:
    """One notebook's run: the outputs and execution count of each code cell, or why it failed."""

    path: str
    outputs: list = field(default_factory=list)  # per code cell: (execution_count, [output, ...])
    seconds: float = 0.0
    failure: str = ""


# --- In a worker: one IPython shell that records what each cell shows -----------------------------


class CellTimeout(Exception):
    pass


class _Stream(io.TextIOBase):
    """sys.stdout or sys.stderr during a cell: consecutive writes make one stream output."""

    def __init__(self, name: str, recorder: "_Recorder"):
        self.name, self.recorder = name, recorder

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        from nbformat.v4 import new_output

        if text:
            outputs = self.recorder.outputs
            if outputs and outputs[-1].output_type == "stream" and outputs[-1].name == self.name:
                outputs[-1].text += text
            else:
                outputs.append(new_output("stream", name=self.name, text=text))
        return len(text)


class _Recorder:
    """An IPython shell whose displays, results, streams and tracebacks become notebook outputs."""

    def __init__(self):
        from IPython.core.displayhook import DisplayHook
        from IPython.core.displaypub import DisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from nbformat.v4 import new_output
        from traitlets.config import Config

        recorder = self
        self.outputs: list = []
        self.count = 0  # the running cell's execution count

        class Publisher(DisplayPublisher):
            def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
                recorder.outputs.append(new_output("display_data", data=data, metadata=metadata or {}))

            def clear_output(self, wait=False):
                recorder.outputs.clear()

        class Hook(DisplayHook):
            def write_output_prompt(self):
                pass

            def write_format_data(self, format_dict, md_dict=None):
                recorder.outputs.append(
                    new_output(
                        "execute_result", data=format_dict, metadata=md_dict or {}, execution_count=recorder.count
                    )
                )

            def finish_displayhook(self):
                pass

        config = Config()
        config.HistoryManager.enabled = False  # no history database, shared by every process
        shell = InteractiveShell.instance(config=config)
        shell.display_pub = Publisher(shell=shell)
        shell.displayhook = Hook(shell=shell)
        shell.display_trap.hook = shell.displayhook

        def show_traceback(etype, evalue, stb):
            recorder.outputs.append(new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))

        shell._showtraceback = show_traceback
        self.shell = shell

    def run(self, path: str, cells: list[tuple[str, list[str]]], timeout: int) -> Run:
        """Run the code cells (source, tags) of the notebook at ``path`` in a fresh namespace."""
        started = time.perf_counter()
        run = Run(path)
        folder = str(Path(path).parent)
        self.shell.reset(new_session=True)
        cwd, streams = os.getcwd(), (sys.stdout, sys.stderr)
        sys.path.insert(0, folder)  # a kernel started in the notebook's folder imports from it
        os.chdir(folder)

        def too_long(signum, frame):
            raise CellTimeout(f"a cell ran longer than {timeout} s")

        previous = signal.signal(signal.SIGALRM, too_long)
        try:
            for index, (source, tags) in enumerate(cells):
                self.outputs = []
                count = self.count = self.shell.execution_count
                sys.stdout, sys.stderr = _Stream("stdout", self), _Stream("stderr", self)
                signal.alarm(timeout)
                try:
                    result = self.shell.run_cell(source, store_history=True)
                finally:
                    signal.alarm(0)
                    sys.stdout, sys.stderr = streams
                run.outputs.append((count, self.outputs))
                error = result.error_before_exec or result.error_in_exec
                if error is not None and "raises-exception" not in tags:
                    run.failure = f"code cell {index + 1}: {type(error).__name__}: {error}"
                    break
        finally:
            signal.signal(signal.SIGALRM, previous)
            os.chdir(cwd)
            sys.path.remove(folder)
            self.shell.reset(new_session=True)
        run.seconds = time.perf_counter() - started
        return run


_RECORDER: _Recorder | None = None


def _run_in_worker(job) -> Run:
    global _RECORDER
    path, cells, timeout = job
    try:
        if _RECORDER is None:
            _RECORDER = _Recorder()
        return _RECORDER.run(path, cells, timeout)
    except Exception as error:  # whatever goes wrong, the build learns of it and falls back
        return Run(path, failure=f"{type(error).__name__}: {error}")


def code_cells(notebook) -> list[tuple[str, list[str]]]:
    return [(cell.source, list(cell.metadata.get("tags", []))) for cell in notebook.cells if cell.cell_type == "code"]


def run_notebooks(jobs: list[tuple[str, object]], workers: int, timeout: int) -> list[Run]:
    """Run the notebooks (path, notebook) in ``workers`` forked processes (at least one, so that the
    shell never lives in the build's own process); a Run per notebook, in order. Without fork
    (Windows), in this process. A worker that dies (a crash in a library) fails the notebooks it
    had not finished, which then go to myst-nb's kernels."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    work = [(path, code_cells(notebook), timeout) for path, notebook in jobs]
    if "fork" not in multiprocessing.get_all_start_methods():
        return [_run_in_worker(job) for job in work]
    with ProcessPoolExecutor(max(1, min(workers, len(work))), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_run_in_worker, job) for job in work]
        runs = []
        for (path, *_), future in zip(work, futures):
            try:
                runs.append(future.result())
            except BrokenProcessPool as error:
                runs.append(Run(path, failure=f"its process ended: {error}"))
        return runs


def merge(notebook, run: Run):
    """The notebook with the outputs and execution counts of its run, as nbclient leaves it."""
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell, (count, outputs) in zip(cells, run.outputs):
        cell.execution_count, cell.outputs = count, outputs
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)
    return notebook


# --- In the build: the notebooks about to be read, run and cached ---------------------------------


def notebooks_to_run(app, docnames) -> list[tuple[str, object, object]]:
    """(path, notebook, reader) of each document about to be read that myst-nb would execute
    through its cache and finds no match for."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    nb_config = getattr(app.env, "mystnb_config", None)
    if (
        nb_config is None
        or nb_config.execution_mode != "cache"
        or nb_config.kernel_rgx_aliases
        or nb_config.execution_in_temp
    ):
        return []
    cache = get_cache(nb_config.execution_cache_path)
    found = []
    for docname in sorted(docnames):
        path = str(app.env.doc2path(docname))
        if not path.endswith((".md", ".ipynb")) or any(
            Path(path).match(p) for p in nb_config.execution_excludepatterns
        ):
            continue
        text = Path(path).read_text(encoding="utf-8")
        if path.endswith(".md") and "{code-cell}" not in text:
            continue
        reader = create_nb_reader(path, app.env.myst_config, nb_config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        if nb_config.metadata_key in notebook.metadata:
            continue  # a notebook with its own execution settings: myst-nb's to run
        try:
            cache.match_cache_notebook(notebook)
            continue  # already cached
        except KeyError:
            found.append((path, notebook, reader))
    return found


def run_before_reading(app, env, docnames) -> None:
    """``env-before-read-docs``: run the notebooks about to be read and put them in myst-nb's cache."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    found = notebooks_to_run(app, docnames)
    if not found:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    started = time.perf_counter()
    nb_config = env.mystnb_config
    workers = min(int(getattr(app.config, "edition_jobs", 0) or 2), os.cpu_count() or 1, len(found))
    import edition.charts  # noqa: F401  (pandas, Altair, vl-convert: imported once, shared by every worker)

    runs = run_notebooks([(path, notebook) for path, notebook, _ in found], workers, int(nb_config.execution_timeout))
    cache = get_cache(nb_config.execution_cache_path)
    failed = []
    for (path, notebook, reader), run in zip(found, runs):
        if run.failure:
            failed.append(f"{Path(path).relative_to(app.srcdir)} ({run.failure})")
            continue
        cache.add_nb_to_project(path, read_data=reader.read_fmt)
        cache.cache_notebook_bundle(
            CacheBundleIn(merge(notebook, run), path, data={"execution_seconds": run.seconds}),
            check_validity=False,
            overwrite=True,
        )
    ran = len(found) - len(failed)
    logger.info(
        f"ran {ran} notebooks without kernels, in {workers} processes, in {time.perf_counter() - started:.1f} s"
    )
    if failed:
        logger.info("left to myst-nb's kernels: " + "; ".join(failed))


def executed_copy(app, doctree) -> None:
    """``doctree-read``: the notebook myst-nb writes for the page's download button (and Binder's
    ``_sources`` copy) with its outputs. myst-nb writes the notebook as it read it when the outputs
    came from its cache, and only an executed one when it ran a kernel itself."""
    nb_config = getattr(app.env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache":
        return
    written = Path(nb_config.output_folder, *f"{app.env.docname}.ipynb".split("/"))
    if not written.is_file():
        return
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.read(written, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if not code or any(cell.get("outputs") for cell in code):
        return
    try:
        _, executed = get_cache(nb_config.execution_cache_path).merge_match_into_notebook(notebook)
    except KeyError:
        return  # not in the cache: nothing to add
    nbformat.write(executed, written)


def setup(app):
    """Wired in by the edition's extension; also a Sphinx extension of its own (with myst-nb)."""
    app.connect("env-before-read-docs", run_before_reading)
    app.connect("doctree-read", executed_copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
