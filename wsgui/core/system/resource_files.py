"""Finding files of resources/ without Qt: inside the installed package, or in the source tree.

The wheel carries resources/ as wsgui/resources (pyproject force-include); a source checkout
or an editable install has it at the top of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources"


def resource_path(name: str) -> Path:
    """The file ``name`` of resources/, wherever this copy of wsgui was installed from."""
    packaged = resources.files("wsgui") / "resources" / name
    if packaged.is_file():
        return Path(str(packaged))
    return _SOURCE_TREE / name
