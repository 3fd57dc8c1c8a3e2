"""Whole-command timings: `infra-fix --check` as users run it, on the demo and on each corpus project.

Usage: python perf/timings.py [CORPUS_DIR] [--runs 5]

Each target is timed N times (wall clock, subprocess included); the table shows the median and the minimum.
`infra-fix --version` is the floor: interpreter start, click and the entry points, no repository work.
Corpus projects are copied into temporary git repositories first, as corpus_check does, so git is consulted as in
a real checkout.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import tempfile
import time
from pathlib import Path

from corpus_check import INFRA_FIX, TIMEOUT, git_repo

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"


def time_command(argv: list[str], runs: int) -> tuple[list[float], int]:
    """Wall-clock seconds of each run, and the last exit code."""
    times, code = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, check=False)  # noqa: S603
        times.append(time.perf_counter() - started)
        code = proc.returncode
    return times, code


def row(name: str, files: int, times: list[float], code: int) -> str:
    return f"{name:<32} {files:>5} {statistics.median(times):>9.3f} {min(times):>9.3f} {code:>4}"


def count_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'target':<32} {'files':>5} {'median s':>9} {'min s':>9} {'exit':>4}   ({args.runs} runs each)")
    print(row("infra-fix --version", 0, *time_command([INFRA_FIX, "--version"], args.runs)))
    demo = Path(tempfile.mkdtemp(prefix="timings-demo-"))
    try:
        git_repo(DEMO, demo / "repo")  # the demo is a repository of its own, as `make demo` runs it
        print(
            row(
                "fixtures/demo", count_files(DEMO), *time_command([INFRA_FIX, "--check", str(demo / "repo")], args.runs)
            )
        )
    finally:
        shutil.rmtree(demo, ignore_errors=True)
    if args.corpus is None:
        return 0
    medians = []
    for project in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        work = Path(tempfile.mkdtemp(prefix=f"timings-{project.name}-"))
        try:
            git_repo(project, work / "repo")
            times, code = time_command([INFRA_FIX, "--check", str(work / "repo")], args.runs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        medians.append(statistics.median(times))
        print(row(project.name, count_files(project), times, code), flush=True)
    print(
        f"corpus: {len(medians)} projects, median of medians {statistics.median(medians):.3f}s, "
        f"slowest {max(medians):.3f}s, total {sum(medians):.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
