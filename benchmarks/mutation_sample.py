"""Mutation testing by random sample (issue 26): the whole of the model, the checks and the writers is
about 7,500 mutants, days of work for mutmut on two cores, so runs here are of seeded random samples,
drawn per module in proportion to its size, and the score is reported with its uncertainty.

    .venv/bin/mutmut results --all true > results.txt          # after mutmut has made its mutants
    .venv/bin/python benchmarks/mutation_sample.py draw results.txt --share 0.05 --seed 26 > names.txt
    .venv/bin/mutmut run --max-children 2 $(cat names.txt)
    .venv/bin/mutmut results --all true > results.txt
    .venv/bin/python benchmarks/mutation_sample.py score results.txt names.txt

``draw`` samples among the mutants not yet checked; ``score`` counts, for the named mutants, those
killed, surviving, timed out and left without a test, per module and per layer, with a Wilson 95 %
interval for the share killed (a timeout, a mutant no test runs, or any other outcome counts as not
killed; only those not yet checked are left out).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>edition\.\S+?): (?P<status>.+?)\s*$")


def results(path: Path) -> dict[str, str]:
    """``mutmut results --all true``: mutant name → status."""
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            sys.exit(f"{path}, line {number}: not a line of `mutmut results --all true`: {line!r}")
        found[match["name"]] = match["status"]
    return found


def module(name: str) -> str:
    """``edition.checks.spans.x_f__mutmut_3`` → ``edition.checks.spans``; ``edition.outputs.x_write_all…``
    (a function of the package's ``__init__``) → ``edition.outputs``."""
    parts = name.split(".")
    return ".".join(parts[:3]) if not parts[2].startswith("x") else ".".join(parts[:2])


def layer(name: str) -> str:
    return name.split(".")[1]


def draw(found: dict[str, str], share: float, seed: int) -> list[str]:
    pending = defaultdict(list)
    for name, status in found.items():
        if status == "not checked":
            pending[module(name)].append(name)
    chosen = []
    generator = random.Random(seed)
    for key in sorted(pending):
        names = sorted(pending[key])
        chosen += sorted(generator.sample(names, max(1, round(len(names) * share))))
    return chosen


def wilson(killed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    if not total:
        return (0.0, 0.0)
    p = killed / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


def score(found: dict[str, str], names: list[str]) -> str:
    unknown = [n for n in names if n not in found]
    if unknown:
        sys.exit(f"{len(unknown)} named mutants are not in the results, e.g. {unknown[0]}")
    rows = []
    for group, key in (("module", module), ("layer", layer)):
        counts = defaultdict(Counter)
        for name in names:
            counts[key(name)][found[name]] += 1
        for label in sorted(counts):
            c = counts[label]
            checked = sum(c.values()) - c["not checked"]
            low, high = wilson(c["killed"], checked)
            share = f"{100 * c['killed'] / checked:.1f} % ({100 * low:.0f}–{100 * high:.0f} %)" if checked else "–"
            rows.append(
                f"| {group} | {label} | {sum(c.values())} | {c['killed']} | {c['survived']} | {c['timeout']} "
                f"| {c['no tests']} | {c['not checked']} | {share} |"
            )
    head = (
        "| by | name | sampled | killed | survived | timeout | no tests | not checked | killed of checked (95 % CI) |"
    )
    return "\n".join([head, "|" + "---|" * 9, *rows])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("draw", help="a seeded random sample of the mutants not yet checked")
    d.add_argument("results", type=Path)
    d.add_argument("--share", type=float, required=True)
    d.add_argument("--seed", type=int, required=True)
    s = commands.add_parser("score", help="the named mutants' results, per module and per layer")
    s.add_argument("results", type=Path)
    s.add_argument("names", type=Path)
    args = parser.parse_args(argv)
    found = results(args.results)
    if args.command == "draw":
        print("\n".join(draw(found, args.share, args.seed)))
    else:
        names = [line.strip() for line in args.names.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(score(found, names))


if __name__ == "__main__":
    main()
