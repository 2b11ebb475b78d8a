"""wsgui.core must run with no Qt at all: import it in a process where PySide6 is blocked."""

from __future__ import annotations

import subprocess
import sys

BLOCK_QT = """
import sys, importlib, pkgutil
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'qasync', 'shiboken6'):
            raise ImportError('Qt imported from wsgui.core: ' + name)
sys.meta_path.insert(0, Blocker())
import wsgui.core
for module in pkgutil.walk_packages(wsgui.core.__path__, 'wsgui.core.'):
    importlib.import_module(module.name)
print('ok')
"""


def test_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr
