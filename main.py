"""Start Benji CRM (本机CRM). Everything else lives in desktop_app/.

The installed bundle has two programs built from this file (installer/benji.spec): ``Benji`` (the windowed
app; ``Benji --cli COMMAND`` runs an admin command) and ``benji-admin``, a console program for IT whose
arguments are the admin CLI's (``benji-admin check``), plus ``--self-test`` and ``--machine-profile URL``.
"""

import multiprocessing
import os
import sys

ADMIN_PROGRAM = "benji-admin"
ADMIN_OWN_SWITCHES = ("--self-test", "--machine-profile", "--version")


def _arguments(argv: list[str]) -> list[str]:
    """The app's arguments; for the admin program its arguments go to the admin CLI."""
    program = os.path.splitext(os.path.basename(sys.executable if getattr(sys, "frozen", False) else ""))[0]
    if program.lower() != ADMIN_PROGRAM or (len(argv) > 1 and argv[1].split("=")[0] in ADMIN_OWN_SWITCHES):
        return argv
    return [argv[0], "--cli", *argv[1:]]


if __name__ == "__main__":
    multiprocessing.freeze_support()  # the bundled app starts a bill run's pricing process from itself
    from desktop_app.app import main

    sys.exit(main(_arguments(sys.argv)))
