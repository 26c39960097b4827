"""Guards against known defects of the Qt binding we depend on."""

from __future__ import annotations

import sys


def test_process_events_keeps_the_reference_count_of_none(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 decrements None's reference count on every processEvents() call; after a few
    thousand calls the interpreter aborts ("deallocating None")."""
    before = sys.getrefcount(None)
    for _ in range(200):
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -50
