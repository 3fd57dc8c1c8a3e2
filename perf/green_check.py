"""Green stays green: infra-fix's safe `--apply` must not turn a check a project already runs red (issue 7).

Usage: python perf/green_check.py [LIST ...] [--jobs 2] [--only NAME] [--max-files 5000] [--no-unsafe] [--no-bisect]
       python perf/green_check.py --repos ../shared/corpus/repos    # folders of real repositories' files

For each sdist named in the lists (default: ../shared/corpus/public.txt and perf/corpus-extra.txt; wheels are
skipped), its full source tree from the archive cache (~/.cache/infra-fix-corpus/sdist) becomes a git repository,
and infra-fix runs as a user runs it (`--apply`, safe fixes only). Before and after:
  - the real `ruff check` (violations by code) and `ruff format --check` (files it would reformat), with the venv's
    ruff and with every ruff the project pins (ruff-pre-commit rev, uv.lock), run through `uv tool run`;
  - every hook infra-fix added to .pre-commit-config.yaml passes on the tree (pre-commit-hooks' own console
    scripts through pre-commit; ruff hooks through that ruff), and so does every `ruff` step it added to CI;
  - zizmor --offline finds nothing new on a workflow infra-fix changed or created;
  - no workflow but the gating CI (pull_request-triggered, running checks) changed; no Renovate workflow is created
    beside another bot's configuration.
Each problem is bisected (`--select CODE` per fixed code) to name the rule. The same runs with `--unsafe-fixes` are
reported as what those fixes would break, never as failures. Exit 1 on a failure of the safe run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from green import project, report, tree

HERE = Path(__file__).resolve().parent
LISTS = (HERE.parent.parent / "shared" / "corpus" / "public.txt", HERE / "corpus-extra.txt")
CACHE = Path.home() / ".cache" / "infra-fix-corpus" / "sdist"


def sdists(lists: list[Path]) -> list[str]:
    """`name-version` of every sdist line (wheels skipped), in list order, without duplicates."""
    names: list[str] = []
    for path in lists:
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("#", 1)[0].split()
            if fields and "==" in fields[0] and fields[1:2] != ["wheel"]:
                name, version = fields[0].split("==", 1)
                names.append(f"{name.strip()}-{version.strip()}")
    return list(dict.fromkeys(names))


def _plain(value: object) -> object:
    """JSON-ready: mappings with string keys all the way down (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the check over the lists; print the report; 1 when the safe run broke anything."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("lists", nargs="*", type=Path, default=list(LISTS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", help="name-version (repeatable)")
    parser.add_argument("--max-files", type=int, default=5000, help="skip larger sdists (0: no limit)")
    parser.add_argument("--no-unsafe", action="store_true", help="skip the --unsafe-fixes run")
    parser.add_argument("--no-bisect", action="store_true", help="do not look for the rule behind each problem")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--json", type=Path, help="also write every report as JSON to this file")
    parser.add_argument("--repos", type=Path, help="check these folders of repository files instead of sdists")
    args = parser.parse_args(argv)
    if args.repos:
        sources = {p.name: p for p in sorted(args.repos.iterdir()) if p.is_dir()}
    else:
        sources = {n: tree.archive_of(args.cache / n) for n in sdists(args.lists)}
    names = [n for n in sources if not args.only or n in args.only]
    missing = [n for n in names if sources[n] is None]
    if missing:
        print(
            f"not in the archive cache (build them with ../shared/corpus/build): {' '.join(missing)}", file=sys.stderr
        )
    todo = [n for n in names if n not in missing]
    if not todo:
        print("no project to check", file=sys.stderr)
        return 2
    modes = ("safe",) if args.no_unsafe else ("safe", "unsafe")

    def one(name: str) -> project.Report:
        archive = sources[name]
        assert archive is not None
        result = project.check_archive(archive, name, args.max_files, modes, not args.no_bisect)
        print(f"  {name}: {result.seconds:.1f}s", file=sys.stderr, flush=True)
        return result

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:  # the work is in subprocesses: threads are enough
        reports = list(pool.map(one, todo))
    head = tree.git(HERE.parent, "log", "-1", "--format=%h %s").stdout.strip()[:100]
    print(f"infra-fix at {head}\n" + report.render(reports, time.perf_counter() - started), end="", flush=True)
    if args.json:
        args.json.write_text(json.dumps([_plain(dataclasses.asdict(r)) for r in reports], indent=1, default=str))
    failed = any(o.culprits for r in reports for o in r.outcomes if o.mode == "safe")
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
