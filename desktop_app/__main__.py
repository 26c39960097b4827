"""``python -m desktop_app ...``: the admin CLI for IT."""

import sys

from desktop_app.cli import main

sys.exit(main())
