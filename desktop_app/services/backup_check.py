"""What the Backup section of the GUI needs beyond backup.py / backup_restore.py: a test restore into a scratch
database, and a restore into this desktop's own embedded database behind a password re-entry.

* ``try_restore`` (试恢复): the backup is restored, exactly as a real restore does it (verify the whole file, load into
  a staging database, check every table's count and checksum and the audit chain), into a new SQLite file in a
  temporary folder, which is deleted afterwards. The live database is never written.
* ``restore_embedded``: the user's own password again (a sensitive action), then ``restore_backup`` into the
  context's embedded database. A server is restored by IT with ``backup restore FILE --into URL`` into an empty
  database (docs/admin-guide.md): refused here with ``backup.restore_server_by_it``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL

from desktop_app.config import SQLITE
from desktop_app.db import open_url
from desktop_app.errors import DomainError
from desktop_app.services.auth import confirm_password
from desktop_app.services.backup import Manifest, Progress
from desktop_app.services.backup_restore import RestoreReport, restore_backup
from desktop_app.services.context import SYSTEM, Context


@dataclass(frozen=True)
class TrialRestoreReport:
    manifest: Manifest
    tables: int
    rows: int
    audit_entries: int
    upgraded_from: str | None
    seconds: float


def try_restore(context: Context, path: Path, passphrase: str, *, progress: Progress | None = None,
              folder: Path | None = None) -> TrialRestoreReport:
    """Restore ``path`` into a scratch SQLite database in a temporary folder (under ``folder`` when given),
    verify it there, then delete it; ``backup.view`` is needed. Raises the ``backup.*`` error of the file."""
    context.require("backup.view")
    started = time.monotonic()
    scratch_dir = Path(tempfile.mkdtemp(prefix="benji-test-restore-", dir=folder))
    try:
        scratch = open_url(URL.create("sqlite+pysqlite", database=str(scratch_dir / "scratch.db")),
                           "test restore")
        try:
            # the scratch database is thrown away: restoring into it needs no approval of the user
            scratch_context = Context(scratch, SYSTEM, context.clock, context.desktop)
            report = restore_backup(scratch_context, Path(path), passphrase, scratch, progress=progress)
        finally:
            scratch.dispose()
    finally:
        shutil.rmtree(scratch_dir, ignore_errors=True)
    return TrialRestoreReport(report.manifest, report.tables, report.rows, report.audit_entries,
                             report.upgraded_from, time.monotonic() - started)


def restore_embedded(context: Context, path: Path, passphrase: str, confirm: str, *,
                     progress: Progress | None = None) -> RestoreReport:
    """Replace this desktop's embedded database by the backup (``backup.approve`` and the user's password).

    The restore disposes the context's connections and swaps the file; the caller must stop using the
    database afterwards (the GUI closes and the program is started again)."""
    context.require("backup.approve")
    confirm_password(context, confirm)
    database = context.database
    if database.kind != SQLITE or database.sqlite_path is None:
        raise DomainError("backup.restore_server_by_it", database=database.description)
    return restore_backup(context, Path(path), passphrase, database, progress=progress)
