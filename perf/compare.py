"""The speed targets of issue 19, measured side by side in one run (`make bench`; docs/performance.md).

Usage: python perf/compare.py [--runs 5] [--repo-review PATH] [REPOSITORY ...]

1. `infra-fix --check` against repo-review (with sp-repo-review's checks) on each repository: the two commands run
   interleaved, each N times, and the median wall time of each gives the ratio; the median of the ratios is the
   figure (target: at most 0.5). Repositories are used as they are (a git work tree, or a folder).
2. `infra-fix --version` against `python -c pass` of the same interpreter (target: at most 3x).
3. `--check` on a uv workspace of 200 members against one of 20 (target: at most 10.5x).
4. `--check --jobs 2` against `--jobs 1` over every repository given, all in one call (target: at least 1.7x faster
   on two CPUs).

Absolute times vary between machines and with the machine's load (printed with the figures); the ratios of
commands run side by side are what compares. Bytecode caching is on, as users have it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
INFRA_FIX = str(BIN / "infra-fix")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # users have bytecode caching on
DEFAULT_REPOS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "repos"


def wall(argv: Sequence[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=cwd, check=False)  # noqa: S603
    return time.perf_counter() - start


def side_by_side(commands: dict[str, Sequence[str]], runs: int) -> dict[str, float]:
    """The median wall time of each command, the commands interleaved run after run (one warm-up round first)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            took = wall(argv)
            if round_:
                times[name].append(took)
    return {name: statistics.median(values) for name, values in times.items()}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return (
        f"{cpu}, {cpus} CPUs usable, load average {load}; Python {platform.python_version()} "
        f"({sys.executable}); {platform.system()} {platform.release()}"
    )


def compare_with_repo_review(repos: list[Path], repo_review: str, runs: int) -> float | None:
    print(f"\n1. infra-fix --check against repo-review ({runs} interleaved runs each, median wall time)")
    print(f"   {'repository':32} {'infra-fix':>10} {'repo-review':>12} {'ratio':>6}")
    trial = subprocess.run([repo_review, str(repos[0])], capture_output=True, text=True, check=False)  # noqa: S603
    if "Traceback" in trial.stderr:  # a broken install would time its own crash
        print(f"   repo-review does not run: {trial.stderr.strip().splitlines()[-1]}")
        return None
    ratios = []
    for repo in repos:
        medians = side_by_side({"if": [INFRA_FIX, "--check", str(repo)], "rr": [repo_review, str(repo)]}, runs)
        ratio = medians["if"] / medians["rr"]
        ratios.append(ratio)
        print(f"   {repo.name[:32]:32} {medians['if']:9.3f}s {medians['rr']:11.3f}s {ratio:6.2f}", flush=True)
    median = statistics.median(ratios)
    print(f"   median ratio {median:.2f} (target: at most 0.5)")
    return median


def version_floor(runs: int) -> float:
    medians = side_by_side({"version": [INFRA_FIX, "--version"], "pass": [sys.executable, "-c", "pass"]}, runs * 3)
    ratio = medians["version"] / medians["pass"]
    print(
        f"\n2. infra-fix --version {medians['version'] * 1000:.0f} ms, python -c pass {medians['pass'] * 1000:.0f} ms:"
        f" {ratio:.2f}x (target: at most 3x)"
    )
    return ratio


def workspace(root: Path, members: int) -> Path:
    repo = root / f"ws{members}"
    (repo / "packages").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "root"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n'
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    )
    for i in range(members):
        member = repo / "packages" / f"p{i:03d}"
        (member / "src" / f"p{i:03d}").mkdir(parents=True)
        (member / "pyproject.toml").write_text(
            f'[project]\nname = "p{i:03d}"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = ["root"]\n'
        )
        (member / "src" / f"p{i:03d}" / "__init__.py").write_text("")
    git(repo)
    return repo


def git(repo: Path) -> None:
    for argv in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *argv], cwd=repo, check=True, capture_output=True)  # noqa: S603, S607 - git from PATH


def workspace_scaling(runs: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        small, big = workspace(Path(tmp), 20), workspace(Path(tmp), 200)
        medians = side_by_side(
            {"20": [INFRA_FIX, "--check", str(small)], "200": [INFRA_FIX, "--check", str(big)]}, runs
        )
    ratio = medians["200"] / medians["20"]
    print(
        f"\n3. a workspace of 200 members {medians['200']:.3f}s, of 20 {medians['20']:.3f}s: {ratio:.2f}x"
        " (target: at most 10.5x)"
    )
    return ratio


def own_work_trees(repos: list[Path], tmp: Path) -> list[Path]:
    """Each repository as a git work tree of its own: as it is where it is one, else a copy (a corpus folder
    inside another repository would otherwise be read as a part of that one)."""
    trees = []
    for repo in repos:
        if (repo / ".git").exists():
            trees.append(repo)
            continue
        copy = tmp / repo.name
        shutil.copytree(repo, copy, symlinks=True)
        git(copy)
        trees.append(copy)
    return trees


def jobs_speedup(repos: list[Path], runs: int) -> float | None:
    if len(repos) < 2:
        return None
    every = [str(repo) for repo in repos]
    medians = side_by_side(
        {"1": [INFRA_FIX, "--check", "--jobs", "1", *every], "2": [INFRA_FIX, "--check", "--jobs", "2", *every]}, runs
    )
    speedup = medians["1"] / medians["2"]
    print(
        f"\n4. --check over {len(repos)} repositories: --jobs 1 {medians['1']:.2f}s, --jobs 2 {medians['2']:.2f}s:"
        f" {speedup:.2f}x faster (target: at least 1.7x on two CPUs)"
    )
    return speedup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repos", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo-review", default=shutil.which("repo-review") or str(BIN / "repo-review"))
    args = parser.parse_args()
    given = args.repos or sorted(p for p in DEFAULT_REPOS.iterdir() if p.is_dir())
    print(f"machine: {machine()}")
    version = subprocess.run([INFRA_FIX, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    version = "; ".join(line.strip() for line in version.stdout.splitlines())
    print(f"{version}; repo-review at {args.repo_review}")
    with tempfile.TemporaryDirectory() as tmp:
        repos = own_work_trees(given, Path(tmp))
        if Path(args.repo_review).exists():
            compare_with_repo_review(repos, args.repo_review, args.runs)
        else:
            print("\n1. repo-review is not installed here: `make bench` installs it into .bench/")
        version_floor(args.runs)
        workspace_scaling(args.runs)
        jobs_speedup(repos, max(1, args.runs // 2))
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
