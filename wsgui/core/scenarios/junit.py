"""``--junit PATH``: the runs as JUnit XML, the report GitLab, GitHub Actions and Jenkins read.

One ``<testsuite>`` per scenario file, one ``<testcase>`` per step (a FAIL is a ``<failure>``
with the same reason the terminal line gives), one per [checks] entry; a run that could not
happen (a variable, the connection) is an ``<error>`` testcase, and the steps it did not
reach are ``<skipped>``. Written atomically: a CI job never reads half a file.
"""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path

from wsgui.core.scenarios.runner import RunResult
from wsgui.core.system.files import write_atomically

__all__ = ["junit_xml", "write_junit"]


def junit_xml(results: Sequence[tuple[RunResult, Sequence[str]]]) -> bytes:
    """``results``: each run with the titles of its file's steps (to report the skipped)."""
    root = ET.Element("testsuites", name="wsgui run")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    seconds = 0.0
    for result, planned in results:
        suite = _suite(result, planned)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        seconds += float(suite.get("time", "0"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _suite(result: RunResult, planned: Sequence[str]) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        name=result.name,
        timestamp=result.started.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        hostname=socket.gethostname(),
    )
    failures = errors = skipped = 0
    seconds = 0.0
    for step in result.steps:
        case = _case(suite, result.name, step.title, step.seconds)
        seconds += step.seconds
        if not step.passed:
            failures += 1
            ET.SubElement(
                case, "failure", message=step.reason, type="AssertionError"
            ).text = step.reason
    if result.error:
        errors += 1
        case = _case(suite, result.name, "run", 0.0)
        ET.SubElement(case, "error", message=result.error, type="RunError").text = result.error
        for title in planned[len(result.steps) :]:
            skipped += 1
            case = _case(suite, result.name, title, 0.0)
            ET.SubElement(case, "skipped", message="not played: the run stopped before it")
    for index, key in enumerate(("tests", "failures", "errors", "skipped")):
        count = (len(suite), failures, errors, skipped)[index]
        suite.set(key, str(count))
    suite.set("time", f"{seconds:.3f}")
    return suite


def _case(suite: ET.Element, classname: str, name: str, seconds: float) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=name, classname=classname, time=f"{seconds:.3f}")


def write_junit(path: Path, results: Sequence[tuple[RunResult, Sequence[str]]]) -> None:
    """Write the report atomically: a CI job never reads half a file."""
    write_atomically(path, junit_xml(results))
