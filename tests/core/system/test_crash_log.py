"""The crash log: reports with their tracebacks, repeats as one line, a size cap with rotation,
and a problem said (not raised) when the file cannot be written."""

from __future__ import annotations

import sys
from pathlib import Path

from wsgui.core.system.crash_log import CrashLog, report_exception, report_loop_context


def raised(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise ValueError(message)
    except ValueError:
        exc_type, exc, tb = sys.exc_info()
        assert exc_type is not None and exc is not None
        return exc_type, exc, tb


def test_a_report_has_the_summary_and_the_traceback(tmp_path: Path) -> None:
    exc_type, exc, tb = raised("boom")
    report = report_exception(exc_type, exc, tb, "UI")  # type: ignore[arg-type]
    assert report.summary == "ValueError: boom"
    assert "Traceback (most recent call last)" in report.details
    assert "in raised" in report.details
    log = CrashLog(tmp_path / "logs" / "wsgui.log", lambda: "wsgui: 1.0\nPython: 3.12")
    assert log.write(report) is None
    assert log.write(report, repeat=2) is None
    text = log.path.read_text()
    assert text.count("wsgui run started") == 1 and "Python: 3.12" in text
    assert "unexpected error (UI)" in text and "ValueError: boom" in text
    assert "again (#2, UI): ValueError: boom" in text


def test_loop_contexts_with_and_without_an_exception() -> None:
    _t, exc, _tb = raised("in a task")
    report = report_loop_context(
        {"message": "Task exception was never retrieved", "exception": exc, "future": "<Task x>"}
    )
    assert report.origin == "task" and report.summary == "ValueError: in a task"
    assert report.details.startswith("Task exception was never retrieved\nfuture: '<Task x>'")
    bare = report_loop_context({"message": "Task was destroyed but it is pending!"})
    assert bare.summary == "Task was destroyed but it is pending!"


def test_the_file_is_capped_and_rotated(tmp_path: Path) -> None:
    log = CrashLog(tmp_path / "wsgui.log", max_bytes=2_000, backups=2)
    exc_type, exc, tb = raised("x" * 300)
    for _ in range(40):
        assert log.write(report_exception(exc_type, exc, tb, "UI")) is None  # type: ignore[arg-type]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["wsgui.log", "wsgui.log.1", "wsgui.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())


def test_an_unwritable_place_is_said_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    log = CrashLog(blocker / "wsgui.log")
    exc_type, exc, tb = raised("boom")
    problem = log.write(report_exception(exc_type, exc, tb, "UI"))  # type: ignore[arg-type]
    assert problem is not None and str(blocker) in problem
