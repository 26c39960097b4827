"""Domain errors: a stable code plus parameters. Views turn the code into a translated sentence.

Services and the database layer raise these; nothing below the views knows any language.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Something the user can fix. ``code`` selects the message, ``params`` fill it in."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code}({detail})" if detail else code)


class ConnectionProblem(DomainError):
    """The database cannot be reached or opened. Codes:

    ``db.unreachable`` (host, port), ``db.wrong_password`` (user), ``db.database_missing`` (database),
    ``db.network_share`` (path), ``db.no_password`` (profile), ``db.schema_too_new`` (revision),
    ``db.not_benji`` (database), ``db.permission_denied`` (user, database), ``db.tls_unavailable`` (host,
    port), ``db.upgrade_needs_owner`` (user, database, revision), ``db.failed`` (reason).
    """


class ConcurrentEdit(DomainError):
    """A row was changed by someone else since it was loaded (``record``, ``by``, ``at``)."""

    def __init__(self, record: str, by: str | None, at: str | None) -> None:
        super().__init__("concurrent_edit", record=record, by=by or "?", at=at or "?")


class PermissionDenied(DomainError):
    """The current user may not do this (``action``)."""

    def __init__(self, action: str) -> None:
        super().__init__("permission_denied", action=action)


class ValidationFailed(DomainError):
    """Input is wrong. ``field`` names the field; the code says what is wrong with it."""

    def __init__(self, code: str, field: str, **params: Any) -> None:
        super().__init__(code, field=field, **params)
