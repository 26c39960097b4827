"""Start Benji CRM (本机CRM). Everything else lives in desktop_app/."""

import multiprocessing
import sys

from desktop_app.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the bundled app starts a bill run's pricing process from itself
    sys.exit(main())
