"""Which lines two versions of a text share, in time close to linear in their length (patience diff).

`difflib.SequenceMatcher` compares every line with every equal line: a workflow whose 10,000-line `run:` script
repeats one line took it 19 seconds per edit, and every accepted edit asks. Edits here change a few places of a
long text, so the common head and tail are matched first, then lines that occur exactly once on both sides anchor
the rest (their longest increasing run), and only small gaps between anchors go to SequenceMatcher.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence

Block = tuple[int, int, int]  # (start in a, start in b, length) of a run of equal lines
_SMALL = 250_000  # a gap of a x b lines this small is left to SequenceMatcher (quadratic at worst)


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """Runs of equal lines, in order, neither overlapping nor crossing (SequenceMatcher's blocks, sentinel aside)."""
    found: list[Block] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        head = 0
        while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
            head += 1
        tail = 0
        while alo + head < ahi - tail and blo + head < bhi - tail and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
            tail += 1
        if head:
            found.append((alo, blo, head))
        if tail:
            found.append((ahi - tail, bhi - tail, tail))
        alo, ahi, blo, bhi = alo + head, ahi - tail, blo + head, bhi - tail
        if alo == ahi or blo == bhi:
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi)
        if anchors:
            starts = [(alo, blo), *((i + 1, j + 1) for i, j in anchors)]
            ends = [*anchors, (ahi, bhi)]
            found += [(i, j, 1) for i, j in anchors]
            todo += [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in zip(starts, ends, strict=True)]
        elif (ahi - alo) * (bhi - blo) <= _SMALL:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            found += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
    return sorted(found)


def _anchors(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int) -> list[tuple[int, int]]:
    """Lines found exactly once in each range, paired, keeping the longest run in the same order on both sides."""
    once_a = _unique(a, alo, ahi)
    once_b = _unique(b, blo, bhi)
    pairs = [(i, once_b[line]) for line, i in once_a.items() if line in once_b]
    pairs.sort()
    return _longest_increasing(pairs)


def _unique(lines: Sequence[str], lo: int, hi: int) -> dict[str, int]:
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    for index in range(lo, hi):
        line = lines[index]
        if line in seen:
            repeated.add(line)
        seen[line] = index
    return {line: index for line, index in seen.items() if line not in repeated}


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by their first item) whose second items increase."""
    tails: list[int] = []  # tails[k]: the smallest second item ending an increasing run of length k + 1
    ends: list[int] = []  # ends[k]: the index in `pairs` of that run's last pair
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[k], ends[k] = j, index
        previous[index] = ends[k - 1] if k else -1
    run: list[tuple[int, int]] = []
    at = ends[-1] if ends else -1
    while at >= 0:
        run.append(pairs[at])
        at = previous[at]
    return run[::-1]
