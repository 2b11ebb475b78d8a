"""Reading the suite's results: each case's behaviour, the per-group table, and the comparison
with the bare library's results (the baseline), case by case."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

__all__ = [
    "BEHAVIOURS",
    "TIMING_DEPENDENT",
    "Results",
    "case_order",
    "group_of",
    "non_ok",
    "read_baseline",
    "read_results",
    "table",
    "worse_cases",
]

Results = dict[str, str]  # case id ("5.6") -> behaviour ("OK")

BEHAVIOURS = ("OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED")
GROUP_NAMES = {
    "1": "framing",
    "2": "ping/pong",
    "3": "reserved bits",
    "4": "opcodes",
    "5": "fragmentation",
    "6": "UTF-8",
    "7": "close",
    "9": "limits/performance",
    "10": "misc",
    "12": "permessage-deflate",
    "13": "permessage-deflate params",
}
# How good a behaviour is, to compare a case with the baseline. INFORMATIONAL is what the
# suite gives the cases it does not judge (7.1.6, 7.13.x): it ranks with NON-STRICT.
RANK = {"OK": 3, "NON-STRICT": 2, "INFORMATIONAL": 2, "UNIMPLEMENTED": 1, "FAILED": 0}
# Cases that come out OK or NON-STRICT from run to run, for the bare library too (5 runs of
# each side here): OK when the echo of the first message leaves before the invalid frame
# that follows it is read and fails the connection, NON-STRICT when it does not.
TIMING_DEPENDENT = {
    "3.4": "a text message, then one with RSV = 4 (sent byte by byte), then a ping",
    "4.1.5": "a text message, then a frame with reserved opcode 7, then a ping",
    "4.2.5": "a text message, then a frame with reserved opcode 15, then a ping",
}


def case_order(case_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in case_id.split("."))


def group_of(case_id: str) -> str:
    return case_id.split(".", 1)[0]


def read_results(index: Path, agent: str) -> Results:
    """The behaviour of each case the agent ran, from the suite's ``index.json``."""
    cases = json.loads(index.read_text())[agent]
    return {case: str(result["behavior"]) for case, result in cases.items()}


def read_baseline(path: Path) -> tuple[Results, str]:
    """A stored baseline: its results and what it is (library, versions, date)."""
    data = json.loads(path.read_text())
    return dict(data["results"]), str(data["about"])


def worse_cases(ours: Results, baseline: Results) -> list[tuple[str, str, str]]:
    """(case, ours, baseline) for each case that did worse than the baseline; a timing-
    dependent case may be NON-STRICT where the baseline had OK, and the reverse."""
    worse = []
    for case, behaviour in ours.items():
        base = baseline.get(case)
        if base is None or RANK[behaviour] >= RANK[base]:
            continue
        if case in TIMING_DEPENDENT and behaviour == "NON-STRICT":
            continue
        worse.append((case, behaviour, base))
    return sorted(worse, key=lambda item: case_order(item[0]))


def non_ok(results: Results) -> list[tuple[str, str]]:
    """Every case not OK, in the suite's order."""
    return sorted(
        ((c, b) for c, b in results.items() if b != "OK"), key=lambda item: case_order(item[0])
    )


def _counts(results: Results) -> dict[str, Counter[str]]:
    groups: dict[str, Counter[str]] = {}
    for case in sorted(results, key=case_order):
        groups.setdefault(group_of(case), Counter())[results[case]] += 1
    return groups


def table(ours: Results, baseline: Results) -> str:
    """A Markdown table: per group, the count of each behaviour (the baseline's in brackets
    where it differs) and how the group compares with the baseline's same cases."""
    shared = {case: baseline[case] for case in ours if case in baseline}
    mine, theirs = _counts(ours), _counts(shared)
    header = "| group | " + " | ".join(BEHAVIOURS) + " | vs bare library |"
    lines = [header, "|" + "---|" * (len(BEHAVIOURS) + 2)]
    worse = worse_cases(ours, baseline)
    for group, counts in mine.items():
        base = theirs.get(group, Counter())
        verdict = _verdict(group, ours, baseline, worse)
        cells = [_cell(counts[b], base[b], group in theirs) for b in BEHAVIOURS]
        name = f"{group} {GROUP_NAMES.get(group, '')}".strip()
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
    total, base_total = Counter(ours.values()), Counter(shared.values())
    complete = len(shared) == len(ours)  # else the totals do not count the same cases
    cells = [_cell(total[b], base_total[b], complete) for b in BEHAVIOURS]
    overall = "WORSE" if worse else "at least as good"
    if not complete:
        overall += f" ({len(ours) - len(shared)} cases without a baseline)"
    lines.append("| all | " + " | ".join(cells) + f" | {overall} |")
    return "\n".join(lines)


def _cell(count: int, base: int, compared: bool) -> str:
    return f"{count} (bare {base})" if compared and count != base else str(count)


def _verdict(
    group: str, ours: Results, baseline: Results, worse: list[tuple[str, str, str]]
) -> str:
    mine = [w for w in worse if group_of(w[0]) == group]
    if mine:
        return "WORSE: " + ", ".join(f"{c} {o} (bare {b})" for c, o, b in mine)
    cases = [c for c in ours if group_of(c) == group and c in baseline]
    if not cases:
        return "no baseline"
    if any(RANK[ours[c]] > RANK[baseline[c]] for c in cases):
        return "better"
    return "same" if all(ours[c] == baseline[c] for c in cases) else "as good"
