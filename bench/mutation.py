"""The mutation score of the modules `make mutation` mutates ([tool.mutmut] in
pyproject.toml), module by module, from mutmut's own results.

Run after `mutmut run` (from the project root, in the environment mutmut ran in):

    .mutmut-venv/bin/python bench/mutation.py [--survivors]

A mutant is killed when a test fails with it, or when it makes a test hang (mutmut's
"timeout": an endless loop a reader would meet too). The score is the killed share of
the mutants that some test reaches; those no test reaches are counted apart, since the
run only takes the tests that need no site build or browser. --survivors lists the
survivors, for `mutmut show NAME`.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict

KILLED = {"killed", "timeout"}


def results() -> list[tuple[str, str]]:
    """(mutant name, status) for every mutant, from `mutmut results --all true`."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    pairs = [line.strip().rsplit(": ", 1) for line in out.splitlines() if ": " in line]
    return [(name, status) for name, status in pairs]


def module(mutant: str) -> str:
    # macros.export.x_cell__mutmut_3 -> macros.export
    return mutant.split("__mutmut_")[0].rsplit(".", 1)[0]


def table(pairs: list[tuple[str, str]]) -> str:
    by_module: dict[str, Counter] = defaultdict(Counter)
    for name, status in pairs:
        by_module[module(name)][status] += 1
        by_module["all"][status] += 1
    lines = [
        "| module | mutants | killed | survived | no test reaches it | score (killed / reached) |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(by_module, key=lambda m: (m == "all", m)):
        counts = by_module[name]
        total = sum(counts.values())
        killed = sum(counts[s] for s in KILLED)
        unreached = counts["no tests"]
        reached = total - unreached - counts["skipped"]
        score = f"{100 * killed / reached:.1f}%" if reached else "-"
        label = f"**{name}**" if name == "all" else f"`{name}`"
        lines.append(f"| {label} | {total} | {killed} | {counts['survived']} | {unreached} | {score} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    pairs = results()
    if not pairs:
        print("No mutmut results here: run `make mutation` (or `mutmut run`) first.", file=sys.stderr)
        return 1
    print(table(pairs))
    if "--survivors" in argv:
        for name, status in pairs:
            if status == "survived":
                print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
