"""The keyring wrapper: secrets only in a secure OS store, never in a plaintext or failing backend."""

from __future__ import annotations

import keyring
import pytest
from conftest import MemoryKeyring
from keyring.backends import fail

from desktop_app import credentials


def test_passwords_go_to_the_keyring(memory_keyring: MemoryKeyring) -> None:
    assert credentials.secure_store_available()
    credentials.store_password("postgresql://u@h:5432/db", "pw-1")
    assert memory_keyring.store == {("Benji CRM", "postgresql://u@h:5432/db"): "pw-1"}
    assert credentials.load_password("postgresql://u@h:5432/db") == "pw-1"
    credentials.delete_password("postgresql://u@h:5432/db")
    assert credentials.load_password("postgresql://u@h:5432/db") is None


def test_without_a_secure_store_nothing_is_stored_and_the_session_remembers() -> None:
    keyring.set_keyring(fail.Keyring())
    assert not credentials.secure_store_available()
    with pytest.raises(credentials.NoSecureStore):
        credentials.store_password("k", "pw")
    assert credentials.load_password("k") is None
    session = credentials.SessionPasswords()
    assert session.get("k") is None
    session.remember("k", "typed-at-start")
    assert session.get("k") == "typed-at-start"


def test_a_plaintext_keyring_is_never_used() -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    assert not credentials.secure_store_available()
    with pytest.raises(credentials.NoSecureStore):
        credentials.store_password("k", "pw")
