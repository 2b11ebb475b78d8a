"""``wsgui history list`` and ``wsgui history export ID --format ndjson|har|csv [-o FILE]``:
the journal from the command line, with no window and no Qt.

``list`` prints one line per session, newest first: its ID (a bare token, for scripts), the
start time, the URL, the state (open, closed or interrupted) and the counts, tab-separated.
``export`` writes one session in the log's export formats, to stdout or ``-o FILE``.
Exit codes: 0 done, 2 a problem (no such session, the journal unreadable), with a message.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from wsgui.core.history.export import FORMATS, export_session
from wsgui.core.history.store import HistoryStore, SessionInfo, default_path
from wsgui.core.model.options import OptionsError
from wsgui.core.model.urls import display_url
from wsgui.core.system.files import write_atomically

__all__ = ["main"]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="wsgui history", description="The journal of past sessions (no window)."
    )
    parser.add_argument("--store", type=Path, help="the journal file (default: the data folder's)")
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="one line per session: ID, start, URL, state, counts")
    listing.add_argument(
        "--search", default="", help="only sessions whose URL, profile or messages hold this"
    )
    export = verbs.add_parser("export", help="write one session as NDJSON, HAR or CSV")
    export.add_argument("id", type=int, help="the session's ID (the first column of list)")
    export.add_argument("--format", choices=FORMATS, default="ndjson")
    export.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = parse_args(argv)
    path = args.store or default_path()
    if not path.exists():
        print(f"wsgui history: no journal yet at {path}", file=err)
        return 2 if args.verb == "export" else 0
    try:
        store = HistoryStore(path)
    except OptionsError as exc:
        print(f"wsgui history: {exc}", file=err)
        return 2
    try:
        if args.verb == "list":
            store.mark_interrupted()  # sessions a wsgui that died left open
            for info in store.sessions(args.search):
                print(line(info), file=out)
            return 0
        return export(store, args, out, err)
    finally:
        store.close()


def line(info: SessionInfo) -> str:
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(info.started))
    counts = f"{info.entries} entries, {info.sent} sent, {info.received} received"
    close = "" if info.close_code is None else f", close {info.close_code}"
    return f"{info.id}\t{started}\t{display_url(info.url)}\t{info.state}\t{counts}{close}"


def export(store: HistoryStore, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if store.session(args.id) is None:
        print(f"wsgui history: no session {args.id} (see wsgui history list)", file=err)
        return 2
    text = io.StringIO()
    count = export_session(store, args.id, args.format, text)
    if args.output is None:
        out.write(text.getvalue())
        return 0
    try:
        write_atomically(args.output, text.getvalue().encode("utf-8"), mode=0o600)
    except OSError as exc:
        print(f"wsgui history: cannot write {args.output}: {exc.strerror or exc}", file=err)
        return 2
    print(f"wsgui history: {count} entries written to {args.output}", file=err)
    return 0
