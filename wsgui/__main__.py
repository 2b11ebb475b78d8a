"""``python -m wsgui``."""

import sys

from wsgui.app import main

sys.exit(main())
