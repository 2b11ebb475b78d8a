"""The per-group table and the comparison with the baseline, on an index.json shaped like
the suite's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.report import non_ok, read_baseline, read_results, table, worse_cases

BASELINE = {
    "1.1.1": "OK",
    "1.1.2": "OK",
    "3.2": "NON-STRICT",
    "4.1.5": "OK",
    "7.1.5": "FAILED",
    "7.1.6": "INFORMATIONAL",
    "9.3.1": "FAILED",
    "10.1.1": "OK",
}


def index_file(tmp_path: Path, results: dict[str, str]) -> Path:
    cases = {
        case: {
            "behavior": behaviour,
            "behaviorClose": "OK",
            "duration": 3,
            "remoteCloseCode": 1000,
            "reportfile": f"wsgui_case_{case.replace('.', '_')}.json",
        }
        for case, behaviour in results.items()
    }
    path = tmp_path / "index.json"
    path.write_text(json.dumps({"wsgui": cases, "other": {"1.1.1": {"behavior": "FAILED"}}}))
    return path


def test_results_are_read_for_one_agent(tmp_path: Path) -> None:
    path = index_file(tmp_path, {"1.1.1": "OK", "7.1.5": "FAILED"})
    assert read_results(path, "wsgui") == {"1.1.1": "OK", "7.1.5": "FAILED"}


def test_same_results_make_a_table_of_same_groups() -> None:
    lines = table(dict(BASELINE), BASELINE).splitlines()
    assert lines[0] == (
        "| group | OK | NON-STRICT | INFORMATIONAL | UNIMPLEMENTED | FAILED | vs bare library |"
    )
    assert lines[2] == "| 1 framing | 2 | 0 | 0 | 0 | 0 | same |"
    assert lines[5] == "| 7 close | 0 | 0 | 1 | 0 | 1 | same |"
    assert lines[-1] == "| all | 4 | 1 | 1 | 0 | 2 | at least as good |"
    assert worse_cases(dict(BASELINE), BASELINE) == []


def test_a_fixed_case_is_better_and_shows_the_baseline_count() -> None:
    ours = {**BASELINE, "9.3.1": "OK"}
    text = table(ours, BASELINE)
    assert "| 9 limits/performance | 1 (bare 0) | 0 | 0 | 0 | 0 (bare 1) | better |" in text
    assert "| all | 5 (bare 4) | 1 | 1 | 0 | 1 (bare 2) | at least as good |" in text


@pytest.mark.parametrize(
    ("case", "behaviour"),
    [("1.1.2", "NON-STRICT"), ("3.2", "FAILED"), ("10.1.1", "UNIMPLEMENTED")],
)
def test_any_case_worse_than_the_baseline_makes_its_group_worse(case: str, behaviour: str) -> None:
    ours = {**BASELINE, case: behaviour}
    assert worse_cases(ours, BASELINE) == [(case, behaviour, BASELINE[case])]
    text = table(ours, BASELINE)
    assert f"WORSE: {case} {behaviour} (bare {BASELINE[case]})" in text
    assert text.endswith("| WORSE |")


def test_a_worse_case_is_not_hidden_by_a_better_one_in_the_same_group() -> None:
    baseline = {"5.1": "OK", "5.2": "NON-STRICT"}
    ours = {"5.1": "NON-STRICT", "5.2": "OK"}  # same counts, but 5.1 got worse
    assert worse_cases(ours, baseline) == [("5.1", "NON-STRICT", "OK")]


def test_a_timing_dependent_case_may_be_non_strict() -> None:
    ours = {**BASELINE, "4.1.5": "NON-STRICT"}
    assert worse_cases(ours, BASELINE) == []
    assert "| 4 opcodes | 0 (bare 1) | 1 (bare 0) | 0 | 0 | 0 | as good |" in table(ours, BASELINE)
    assert worse_cases({**BASELINE, "4.1.5": "FAILED"}, BASELINE) == [("4.1.5", "FAILED", "OK")]


def test_cases_without_a_baseline_are_counted_but_not_compared() -> None:
    ours = {"12.1.1": "OK", "1.1.1": "OK", "9.3.1": "OK"}
    text = table(ours, BASELINE)
    assert "| 12 permessage-deflate | 1 | 0 | 0 | 0 | 0 | no baseline |" in text
    assert text.endswith(
        "| all | 3 | 0 | 0 | 0 | 0 | at least as good (1 cases without a baseline) |"
    )


def test_non_ok_cases_come_in_the_suites_order() -> None:
    ours = {"10.1.1": "FAILED", "2.10": "NON-STRICT", "2.9": "INFORMATIONAL", "1.1.1": "OK"}
    assert non_ok(ours) == [("2.9", "INFORMATIONAL"), ("2.10", "NON-STRICT"), ("10.1.1", "FAILED")]


def test_the_stored_baselines_cover_every_quick_case() -> None:
    root = Path(__file__).parents[2] / "compliance" / "baselines"
    for side in ("client", "server"):
        results, about = read_baseline(root / f"{side}.json")
        assert "websockets 17" in about
        quick = [c for c in results if c.split(".")[0] in {"1", "2", "3", "4", "5", "6", "7", "10"}]
        assert len(quick) == 247
