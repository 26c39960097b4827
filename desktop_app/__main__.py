"""``python -m desktop_app ...``: the admin CLI for IT."""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":  # a bill run's pricing process imports this module too: it must not start the CLI
    multiprocessing.freeze_support()
    sys.exit(main())
