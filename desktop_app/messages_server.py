"""Sentences for the codes of LAN server set-up and moving to a server (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def server_templates() -> dict[str, str]:
    return {
        "server.bad_name": QT_TRANSLATE_NOOP(
            "Messages", "The {field} name \"{value}\" cannot be used. Use lower-case letters, digits and _ (at most "
            "63, starting with a letter), e.g. benji_app."
        ),
        "server.same_roles": QT_TRANSLATE_NOOP(
            "Messages", "The owner and the app user must be two different database users (both are \"{name}\")."
        ),
        "server.bad_password": QT_TRANSLATE_NOOP(
            "Messages", "A database password cannot contain the NUL character. Choose another password."
        ),
        "server.not_a_server": QT_TRANSLATE_NOOP(
            "Messages", "This needs a PostgreSQL or MariaDB server database, not an embedded database file."
        ),
        "server.not_embedded": QT_TRANSLATE_NOOP(
            "Messages", "Only an embedded database (a file on this computer) can be moved to a server; this computer "
            "already uses a server."
        ),
        "server.move_verify_failed": QT_TRANSLATE_NOOP(
            "Messages", "The copy on the server does not match the original in table {table} ({expected} rows "
            "expected, {found} found). The server database was emptied again and this computer still uses its own "
            "file; nothing was lost. Try again, and send the log to support if it happens again."
        ),
    }
