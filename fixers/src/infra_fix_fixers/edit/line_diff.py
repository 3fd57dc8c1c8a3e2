"""Which lines two versions of a text share, in time close to linear in their length (patience diff).

`difflib.SequenceMatcher` compares every line with every equal line: a workflow whose 10,000-line `run:` script
repeats one line took it 19 seconds per edit, and every accepted edit asks. Edits here change a few places of a
long text, so the common head and tail are matched first, and what lies between goes to Myers' algorithm, whose
cost grows with the number of lines changed rather than with the lines repeated (and which finds the longest
common subsequence). Where that would take too long (a text largely rewritten), lines that occur exactly once on
both sides anchor the rest (patience diff: their longest increasing run), and small gaps go to SequenceMatcher; a
large gap with neither is left unmatched (its findings lose their line, never the run its time).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Block = tuple[int, int, int]  # (start in a, start in b, length) of a run of equal lines
_SMALL = 250_000  # a gap of a x b lines this small is left to SequenceMatcher (quadratic at worst)
_EDITS = 200  # lines inserted or deleted in one gap, at most, for Myers' algorithm...
_STEPS = 4_000_000  # ...and line comparisons, at most (its cost is about lines x edits)


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
        most = min(_EDITS, _STEPS // (ahi - alo + bhi - blo))
        pairs = _myers(a[alo:ahi], b[blo:bhi], most)
        if pairs is not None:
            found += [(alo + i, blo + j, 1) for i, j in pairs]
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi)
        if anchors:
            starts = [(alo, blo), *((i + 1, j + 1) for i, j in anchors)]
            ends = [*anchors, (ahi, bhi)]
            found += [(i, j, 1) for i, j in anchors]
            todo += [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in zip(starts, ends, strict=True)]
        elif (ahi - alo) * (bhi - blo) <= _SMALL:
            import difflib  # only where the fast paths leave a region to compare

            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            found += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
    return _collapsed(sorted(found))


def _collapsed(blocks: list[Block]) -> list[Block]:
    """Adjacent runs joined into one, as SequenceMatcher joins them: a diff groups its hunks by the length of the
    equal runs between changes, and three runs of two lines are one run of six."""
    joined: list[Block] = []
    for i, j, n in blocks:
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + n)
        else:
            joined.append((i, j, n))
    return joined


def _myers(a: Sequence[str], b: Sequence[str], most: int) -> list[tuple[int, int]] | None:
    """The pairs (i, j) of equal lines of a shortest edit script from `a` to `b` (Myers 1986), or None when it
    needs more than `most` insertions and deletions."""
    n, m = len(a), len(b)
    limit = min(most, n + m)
    shift = limit + 1  # k runs from -limit to limit
    v = [0] * (2 * limit + 3)
    trace: list[list[int]] = []
    for d in range(limit + 1):
        trace.append(v[:])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[shift + k - 1] < v[shift + k + 1]):
                x = v[shift + k + 1]  # down: a line of b inserted
            else:
                x = v[shift + k - 1] + 1  # right: a line of a deleted
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[shift + k] = x
            if x >= n and y >= m:
                return _path(trace, n, m, shift)
    return None


def _path(trace: list[list[int]], x: int, y: int, shift: int) -> list[tuple[int, int]]:
    """Walk the script back from its end, collecting the diagonal (equal) steps."""
    pairs: list[tuple[int, int]] = []
    for d in range(len(trace) - 1, -1, -1):
        v, k = trace[d], x - y
        down = k == -d or (k != d and v[shift + k - 1] < v[shift + k + 1])
        previous_k = k + 1 if down else k - 1
        previous_x = v[shift + previous_k] if d else 0
        previous_y = previous_x - previous_k if d else 0
        while x > previous_x and y > previous_y:
            x, y = x - 1, y - 1
            pairs.append((x, y))
        x, y = previous_x, previous_y
    return pairs[::-1]


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
