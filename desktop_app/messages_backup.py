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
        "backup_schedule.every_hours_range": QT_TRANSLATE_NOOP(
            "Messages", "Back up every {minimum} to {maximum} hours: type a whole number in that range (24 = once a "
            "day)."
        ),
        "backup_schedule.keep_range": QT_TRANSLATE_NOOP(
            "Messages", "“{field_label}” must be a whole number from {minimum} to {maximum}."
        ),
        "backup_schedule.keep_nothing": QT_TRANSLATE_NOOP(
            "Messages", "Keep at least one backup: set the daily, weekly or monthly count above 0."
        ),
        "backup_schedule.passphrase_too_short": QT_TRANSLATE_NOOP(
            "Messages", "Choose a backup passphrase of at least {minimum} characters and write it down somewhere safe: "
            "without it no backup can be restored."
        ),
        "backup_schedule.passphrase_required": QT_TRANSLATE_NOOP(
            "Messages", "Type the backup passphrase: automatic backups are encrypted with it, and this computer has "
            "none saved yet."
        ),
        "backup_schedule.folder_required": QT_TRANSLATE_NOOP(
            "Messages", "Choose the folder the automatic backups are written to (a local disk or a NAS share)."
        ),
        "backup_schedule.folder_not_absolute": QT_TRANSLATE_NOOP(
            "Messages", "Give the backup folder as a full path, e.g. D:\\Backups\\Benji or "
            "\\\\nas\\backups\\benji (not “{folder}”)."
        ),
        "backup_schedule.folder_missing": QT_TRANSLATE_NOOP(
            "Messages", "The backup folder {folder} cannot be found. Check that the disk or NAS share is connected, or "
            "choose another folder."
        ),
        "backup_schedule.folder_not_writable": QT_TRANSLATE_NOOP(
            "Messages", "Benji CRM cannot write to the backup folder {folder} ({reason}). Give this Windows user write "
            "permission there, or choose another folder."
        ),
        "backup_schedule.no_keyring": QT_TRANSLATE_NOOP(
            "Messages", "This computer has no secure password store, so the backup passphrase cannot be saved for "
            "automatic backups. Run the scheduled backup on a Windows desktop, or set "
            "BENJI_BACKUP_PASSPHRASE for the task."
        ),
        "backup_schedule.no_passphrase": QT_TRANSLATE_NOOP(
            "Messages", "The automatic backup on {desktop} has no backup passphrase. Open Backup (备份与恢复) on that "
            "computer and save the passphrase again (it is kept in that computer's Windows credential store "
            "only)."
        ),
        "backup_schedule.busy": QT_TRANSLATE_NOOP(
            "Messages", "{holder} on {desktop} has been making a backup since {since}. Wait for it to finish, then try "
            "again."
        ),
        "backup_schedule.failed": QT_TRANSLATE_NOOP(
            "Messages", "The automatic backup could not be written: {reason}. Check the backup folder and free disk "
            "space, then use “Back up now”."
        ),
        "backup.restore_server_by_it": QT_TRANSLATE_NOOP(
            "Messages", "Benji CRM works with a server database ({database}): a restore into a server is done by IT "
            "with `backup restore FILE --into URL` into an empty database (see the admin guide)."
        ),
    }
