"""Lockout counted in the database, argon2id parameters, rehash, Unicode passwords, forced change."""

from __future__ import annotations

import pytest
from conftest import ADMIN_PASSWORD, PASSWORD
from sqlalchemy import select, update

from desktop_app.db import open_url
from desktop_app.errors import DomainError
from desktop_app.models import AuditEntry, User
from desktop_app.services.auth import change_own_password, log_in
from desktop_app.services.context import Context
from desktop_app.services.passwords import parameters
from desktop_app.services.users import UserInput, create_user, reset_password, unlock_user


def _attempt(database, login: str, password: str) -> str:  # type: ignore[no-untyped-def]
    try:
        log_in(Context(database), login, password)
    except DomainError as error:
        return error.code
    return "ok"


def test_five_failures_lock_the_account_across_two_app_instances(org, db_url: str) -> None:  # type: ignore[no-untyped-def]
    first = org["contexts"]["admin"].database
    second = open_url(db_url)  # another desktop: its own engine and connections
    try:
        codes = [_attempt(first if n % 2 else second, "north1", "wrong-password") for n in range(5)]
        assert codes == ["auth.failed"] * 5
        assert _attempt(second, "north1", PASSWORD) == "auth.locked"  # even the right password
        assert _attempt(first, "north1", PASSWORD) == "auth.locked"
        assert _attempt(first, "south1", PASSWORD) == "ok"  # only that account
        unlock_user(org["contexts"]["admin"], org["ids"]["north1"])
        assert _attempt(second, "north1", PASSWORD) == "ok"
    finally:
        second.dispose()
    with first.engine.connect() as connection:
        actions = connection.scalars(select(AuditEntry.action).where(AuditEntry.entity == "user")).all()
    assert actions.count("user.login_failed") == 5 and "user.locked" in actions and "user.unlock" in actions


def test_unknown_logins_get_the_same_answers(org) -> None:  # type: ignore[no-untyped-def]
    database = org["contexts"]["admin"].database
    assert [_attempt(database, "nobody", "x" * 9) for _ in range(5)] == ["auth.failed"] * 5
    assert _attempt(database, "nobody", "x" * 9) == "auth.locked"


def test_stored_hashes_meet_the_argon2id_minimums(org) -> None:  # type: ignore[no-untyped-def]
    with org["contexts"]["admin"].database.engine.connect() as connection:
        hashes = connection.scalars(select(User.password_hash)).all()
    assert len(hashes) == 7
    for encoded in hashes:
        assert encoded.startswith("$argon2id$v=19$")
        memory, iterations, lanes = parameters(encoded)  # type: ignore[misc]
        assert memory >= 19 * 1024 and iterations >= 2 and lanes == 1


def test_a_weaker_hash_is_upgraded_at_log_in(org) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    weak = Argon2id(salt=b"0123456789abcdef", length=32, iterations=1, lanes=1, memory_cost=8192)
    database = org["contexts"]["admin"].database
    with database.engine.begin() as connection:
        connection.execute(update(User).where(User.login == "clerk")
                           .values(password_hash=weak.derive_phc_encoded(PASSWORD.encode())))
    assert _attempt(database, "clerk", PASSWORD) == "ok"
    with database.engine.connect() as connection:
        stored = connection.scalar(select(User.password_hash).where(User.login == "clerk"))
    assert parameters(stored) == (19 * 1024, 2, 1)


@pytest.mark.parametrize("password", ["密码是一句很长的中文句子，带标点！", "p" * 128, "Ｆｕｌｌ－ｗｉｄｔｈ１２３"])
def test_long_and_unicode_passwords_work(org, password: str) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    create_user(admin, UserInput("unicode", "统一码"), password)
    assert _attempt(admin.database, "unicode", password) == "ok"


def test_reset_forces_a_change_at_the_next_log_in(org) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    reset_password(admin, org["ids"]["south1"], "Temp-pass-123", confirm=ADMIN_PASSWORD)
    user = log_in(Context(admin.database), "south1", "Temp-pass-123")
    assert user.must_change_password
    change_own_password(Context(admin.database, user.actor()), "Temp-pass-123", "Own-pass-456")
    assert not log_in(Context(admin.database), "south1", "Own-pass-456").must_change_password


def test_the_same_account_logs_in_on_several_desktops_at_the_same_moment(admin_context, db_url: str) -> None:  # type: ignore[no-untyped-def]
    """Log-in bookkeeping (last log-in, lock) does not trip the user row's optimistic version check: four
    desktops logging in as the same user at once all get in (found by the billing concurrency tests)."""
    import threading

    barrier = threading.Barrier(4)
    results: list[str] = []

    def desktop() -> None:
        database = open_url(db_url)
        try:
            barrier.wait(timeout=30)
            log_in(Context(database), "admin", ADMIN_PASSWORD)
            results.append("ok")
        except Exception as error:  # the test reports what went wrong
            results.append(repr(error))
        finally:
            database.dispose()

    threads = [threading.Thread(target=desktop) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == ["ok"] * 4
