"""Build benchmarks, in one run on one machine:

1. today against a reference commit (default cd8986e, the commit issue 13 measured): each is cloned
   into a temporary folder and built cold (no ``_build``) with the strict build, alternately,
   ``--runs`` times; then a no-op rebuild (``jupyter-book build`` again, and ``make book`` twice: the
   first runs the build and records it, the second is make's no-op) and a rebuild after editing one
   chapter (work tree only); then the same cold builds, of both, and the no-ops, in the environment ``make book`` makes
   (requirements.txt only, without the test tools);
2. a scaling table: cold builds of synthetic copies of the work tree with 7, 14 and 28 chart
   notebooks and with 1× and 4× the text (see ``scaled_copy``).

Every build imports the ``edition`` package of the checkout it builds (``PYTHONPATH``), not the
editable install of ``.venv``, so the reference commit is built with its own code. Uncommitted
changes of the work tree take part (it is copied, not cloned). The Live code client's tarball is
copied from this work tree's ``_build/.vendor`` so that no build downloads it.

    .venv/bin/python benchmarks/build.py [--runs 2] [--reference cd8986e] [--no-scaling]
"""

from __future__ import annotations

import argparse
import os
import re
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
STRICT = ["-n", "-W", "--keep-going"]
IGNORE = shutil.ignore_patterns(
    "_build", ".venv", ".git", "node_modules", ".cache", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info"
)


def build(checkout: Path, strict: bool = True, jupyter_book: Path = JUPYTER_BOOK) -> tuple[float, int]:
    """One build of the checkout; seconds taken and the number of warnings."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    result = subprocess.run(
        [str(jupyter_book), "build", str(checkout), "--builder", "html", *(STRICT if strict else ["-n"])],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in {checkout}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    warnings = len(re.findall(r"WARNING: (?!.*Kernel is running)", result.stdout + result.stderr))
    return elapsed, warnings


def make_book(checkout: Path, jupyter_book: Path = JUPYTER_BOOK) -> float:
    """``make book`` in the checkout, with the environment of ``jupyter_book``; seconds taken."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    result = subprocess.run(
        ["make", "--no-print-directory", "book", f"VENV={jupyter_book.parent.parent}"],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"make book failed in {checkout}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def seed_vendor(checkout: Path) -> None:
    vendor = ROOT / "_build" / ".vendor"
    if vendor.is_dir():
        shutil.copytree(vendor, checkout / "_build" / ".vendor", dirs_exist_ok=True)


def work_tree_copy(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=IGNORE)
    seed_vendor(target)
    return target


def reference_clone(commit: str, target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "--quiet", commit], check=True)
    seed_vendor(target)
    return target


def book_env(folder: Path) -> Path:
    """A virtual environment made from requirements.txt alone (the book's, as on Binder), without the
    test tools: with them comes rfc3987-syntax (jupyterlab → jupyter-events → jsonschema's format
    extra), whose import compiles some 40 Lark grammars (about 1 s) in every process that imports
    jsonschema: jupyter-book itself and each notebook kernel (through Altair)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    source = folder / "src"
    shutil.copytree(ROOT, source, ignore=IGNORE)
    subprocess.run(
        [str(folder / "bin" / "pip"), "install", "--quiet", "-r", "requirements.txt"],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (folder / ".installed").touch()  # what `make env` leaves, so that `make book` takes it as made
    return folder / "bin" / "jupyter-book"


def edit_one_chapter(checkout: Path) -> None:
    chapter = checkout / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("\n\n```{passage}", " (Benchmark edit.)\n\n```{passage}", 1), encoding="utf-8")


# --- scaling ---------------------------------------------------------------------------------------


def scaled_copy(target: Path, notebooks: int, text: int) -> Path:
    """The work tree with ``notebooks`` chart notebooks (the seven, then copies of them) and ``text``
    times the text: each text chapter (chapters/NN-*.md) once as it is, plus ``text - 1`` copies in
    which every passage is written out (its ¶ number, its text from the loader, its notes), since
    a passage can be placed only once. The copies go into the table of contents."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from page_weight import stock_page_source

    checkout = work_tree_copy(target)
    figures = sorted((checkout / "chapters" / "figures").glob("*.md"))
    extra = []
    for index in range(notebooks - len(figures)):
        source = figures[index % len(figures)]
        copy = source.with_name(f"copy{index // len(figures) + 1}-{source.name}")
        # A comment in its first cell: myst-nb's cache keys a notebook on its code, and an identical
        # copy would reuse the original's execution instead of running its own kernel.
        first_cell = r"(```\{code-cell\}[^\n]*\n(?:[ \t]*:[\w-]+:.*\n)*)"
        copy.write_text(
            re.sub(first_cell, rf"\1# copy {index}\n", source.read_text(encoding="utf-8"), count=1), encoding="utf-8"
        )
        extra.append(copy)
    chapters = sorted((checkout / "chapters").glob("[0-9][0-9]-*.md"))
    for round_ in range(1, text):
        for chapter in chapters:
            content, _ = stock_page_source(str(chapter.relative_to(checkout).with_suffix(".html")))
            copy = chapter.with_name(f"copy{round_}-{chapter.name}")
            copy.write_text(content, encoding="utf-8")
            extra.append(copy)
    if extra:
        toc = (checkout / "_toc.yml").read_text(encoding="utf-8").rstrip() + "\n  - caption: Copies\n    chapters:\n"
        toc += "".join(f"      - file: {path.relative_to(checkout).with_suffix('').as_posix()}\n" for path in extra)
        (checkout / "_toc.yml").write_text(toc, encoding="utf-8")
    return checkout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--reference", default="cd8986e")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--scaling-only", action="store_true")
    parser.add_argument("--no-book-env", action="store_true", help="skip the builds in a requirements.txt-only venv")
    args = parser.parse_args()
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; work tree at {head}, reference {args.reference}",
        flush=True,
    )

    results: dict[str, list[float]] = {
        "reference cold": [],
        "cold": [],
        "no-op": [],
        "no-op, make book": [],
        "one chapter": [],
    }
    with tempfile.TemporaryDirectory(prefix="build-bench-") as temp:
        if args.scaling_only:
            return scaling(temp)
        for run in range(args.runs):
            order = ("reference", "today") if run % 2 == 0 else ("today", "reference")
            for side in order:
                folder = Path(temp) / f"{side}-{run}"
                if side == "reference":
                    checkout = reference_clone(args.reference, folder)
                    results["reference cold"].append(build(checkout)[0])
                else:
                    checkout = work_tree_copy(folder)
                    results["cold"].append(build(checkout)[0])
                    results["no-op"].append(build(checkout)[0])
                    make_book(checkout)  # runs jupyter-book (no build of make's recorded yet) and records it
                    results["no-op, make book"].append(make_book(checkout))
                    edit_one_chapter(checkout)
                    results["one chapter"].append(build(checkout)[0])
                shutil.rmtree(folder)
            print(
                f"run {run + 1}/{args.runs}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in results.items()), flush=True
            )

        if not args.no_book_env:
            # The environment `make book` makes (requirements.txt), for both sides alike, in turn.
            tool = book_env(Path(temp) / "book-env")
            for run in range(args.runs):
                reference = reference_clone(args.reference, Path(temp) / f"book-env-reference-{run}")
                results.setdefault("reference cold, book env", []).append(build(reference, jupyter_book=tool)[0])
                shutil.rmtree(reference)
                checkout = work_tree_copy(Path(temp) / f"book-env-{run}")
                results.setdefault("cold, book env", []).append(build(checkout, jupyter_book=tool)[0])
                results.setdefault("no-op, book env", []).append(build(checkout, jupyter_book=tool)[0])
                make_book(checkout, jupyter_book=tool)
                results.setdefault("no-op, make book, book env", []).append(make_book(checkout, jupyter_book=tool))
                shutil.rmtree(checkout)
                print(
                    "book env: "
                    + ", ".join(
                        f"{k} {results[k][-1]:.1f} s"
                        for k in (
                            "reference cold, book env",
                            "cold, book env",
                            "no-op, book env",
                            "no-op, make book, book env",
                        )
                    ),
                    flush=True,
                )

        reference = statistics.median(results["reference cold"])
        cold = statistics.median(results["cold"])
        print("\n| build | median s | min s | max s | ratio | target |\n|---|---:|---:|---:|---:|---|")
        for name, values in results.items():
            median = statistics.median(values)
            book_cold = statistics.median(results.get("cold, book env") or [1])
            book_reference = statistics.median(results.get("reference cold, book env") or [1])
            ratio, target = {
                "reference cold": ("", ""),
                "cold": (f"{median / reference:.2f}× reference", "≤ 0.60×"),
                "no-op": (f"{median / cold:.0%} of cold", "≤ 10 %"),
                "no-op, make book": (f"{median / cold:.1%} of cold", "≤ 10 %"),
                "one chapter": (f"{median / cold:.0%} of cold", "≤ 25 %"),
                "reference cold, book env": ("", ""),
                "cold, book env": (f"{median / book_reference:.2f}× reference, book env", "≤ 0.60×"),
                "no-op, book env": (f"{median / book_cold:.0%} of its cold", "≤ 10 %"),
                "no-op, make book, book env": (f"{median / book_cold:.1%} of its cold", "≤ 10 %"),
            }[name]
            label = (
                f"cold, {args.reference}"
                if name == "reference cold"
                else f"cold, {args.reference}, book env"
                if name == "reference cold, book env"
                else name
                if "book env" in name
                else f"{name}, today"
            )
            digits = 2 if median < 1 else 1
            print(
                f"| {label} | {median:.{digits}f} | {min(values):.{digits}f} | {max(values):.{digits}f} | {ratio} | {target} |"
            )

        if not args.no_scaling:
            scaling(temp)


def scaling(temp: str) -> None:
    """Cold builds of synthetic copies: 7, 14, 28 chart notebooks × 1×, 4× the text."""
    print("\nScaling: cold builds of synthetic copies (one run each; not strict: copies repeat labels)\n")
    print("| chart notebooks | text | pages | cold s | extra s per notebook over 7 |\n|---:|---:|---:|---:|---:|")
    base = None
    for text in (1, 4):
        for notebooks in (7, 14, 28):
            checkout = scaled_copy(Path(temp) / f"scale-{notebooks}-{text}", notebooks, text)
            pages = sum(1 for _ in checkout.joinpath("_toc.yml").read_text().splitlines() if "file:" in _) + 1
            seconds, _ = build(checkout, strict=False)
            base = seconds if notebooks == 7 else base  # the 7-notebook build of the same text
            per = f"{(seconds - base) / (notebooks - 7):.1f}" if notebooks > 7 else ""
            print(f"| {notebooks} | {text}× | {pages} | {seconds:.1f} | {per} |", flush=True)
            shutil.rmtree(checkout)


if __name__ == "__main__":
    main()
