"""Build benchmarks: a cold build, a no-op rebuild and a rebuild after editing one chapter.

Each run works in a fresh clone of the committed HEAD (the environment, .venv, is the project's own
and is ready). Medians over several runs are printed with the ratios to the cold build; the targets
are a no-op rebuild in at most 10 % and a one-chapter rebuild in at most 25 % of the cold build.

    .venv/bin/python benchmarks/build.py [--runs 3]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
CHAPTER = "chapters/04-jalalabad.md"


def build(checkout: Path) -> float:
    """One strict build of the checkout; seconds taken."""
    started = time.perf_counter()
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(checkout), "--builder", "html", "-n", "-W", "--keep-going"],
                            cwd=checkout, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in {checkout}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def one_run(workdir: Path) -> dict[str, float]:
    checkout = workdir / "edition"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(checkout)], check=True)
    cold = build(checkout)
    noop = build(checkout)
    chapter = checkout / CHAPTER
    # A real edit of a note: a new sentence at the end of the chapter's introduction paragraph.
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("\n\n```{passage}", " (Benchmark edit.)\n\n```{passage}", 1), encoding="utf-8")
    edited = build(checkout)
    shutil.rmtree(checkout)
    return {"cold": cold, "no-op": noop, "one chapter": edited}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    results: dict[str, list[float]] = {"cold": [], "no-op": [], "one chapter": []}
    for run in range(runs):
        with tempfile.TemporaryDirectory() as workdir:
            for name, seconds in one_run(Path(workdir)).items():
                results[name].append(seconds)
        print(f"run {run + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in results.items()), flush=True)
    cold = statistics.median(results["cold"])
    print(f"\n{'build':<14}{'median s':>10}{'min s':>8}{'max s':>8}{'÷ cold':>9}  target")
    for name, values in results.items():
        median = statistics.median(values)
        target = {"no-op": "≤ 10 %", "one chapter": "≤ 25 %"}.get(name, "")
        print(f"{name:<14}{median:>10.1f}{min(values):>8.1f}{max(values):>8.1f}{median / cold:>8.0%}  {target}")


if __name__ == "__main__":
    main()
