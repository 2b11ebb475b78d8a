"""Connection settings read back from wscat, websocat and curl commands and from HAR files.

The reverse of ``copy_as``. One entry point per source; the shared part (what was gathered
and how it becomes options) is in ``draft``.
"""

from wsgui.core.profiles.importers.command import import_command_line
from wsgui.core.profiles.importers.draft import ImportedMessage, ImportedProfile, ImportFailure
from wsgui.core.profiles.importers.har import import_har

__all__ = [
    "ImportFailure",
    "ImportedMessage",
    "ImportedProfile",
    "import_command_line",
    "import_har",
]
