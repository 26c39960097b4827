"""Sentences for the codes of backups and restores (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def backup_templates() -> dict[str, str]:
    return {
        "backup.wrong_passphrase": QT_TRANSLATE_NOOP(
            "Messages", "The passphrase does not open this backup. Type the passphrase that was used when the backup "
            "was made (capitals and spaces count)."
        ),
        "backup.corrupt": QT_TRANSLATE_NOOP(
            "Messages", "This backup file is damaged ({where}) and cannot be used. Use another copy of the backup; "
            "nothing was changed."
        ),
        "backup.truncated": QT_TRANSLATE_NOOP(
            "Messages", "This backup file is incomplete (it ends too early, e.g. the copy was interrupted). Copy the "
            "backup again or use another one; nothing was changed."
        ),
        "backup.newer_schema": QT_TRANSLATE_NOOP(
            "Messages", "This backup was made by a newer version of Benji CRM (database version {revision}, this "
            "program knows up to {head}). Update Benji CRM on this computer first, then restore again."
        ),
        "backup.not_a_backup": QT_TRANSLATE_NOOP(
            "Messages", "This file is not a Benji CRM backup. Choose a backup file made by Benji CRM (`backup create`)."
        ),
        "backup.unsafe_entry": QT_TRANSLATE_NOOP(
            "Messages", "This backup contains an entry that is not part of a Benji CRM database ({name}); it was "
            "refused for safety. Use a backup made by Benji CRM itself; nothing was changed."
        ),
        "backup.unsupported_version": QT_TRANSLATE_NOOP(
            "Messages", "This backup uses a format version this program cannot read ({version}). Update "
            "Benji CRM, then try again."
        ),
        "backup.passphrase_too_short": QT_TRANSLATE_NOOP(
            "Messages", "Choose a backup passphrase of at least {minimum} characters, and keep it safe: without it the "
            "backup cannot be restored."
        ),
        "backup.target_not_empty": QT_TRANSLATE_NOOP(
            "Messages", "The target database {database} is not empty. Restore into a new, empty database (ask IT to "
            "create one), or restore into the embedded database file."
        ),
        "backup.target_busy": QT_TRANSLATE_NOOP(
            "Messages", "The database file {path} is still in use by another program or window. Close Benji CRM "
            "everywhere it uses this file, then restore again."
        ),
        "backup.verify_failed": QT_TRANSLATE_NOOP(
            "Messages", "The restored data did not pass the check ({table}); the live database was not replaced. Try "
            "another backup, or contact support with this message."
        ),
    }
