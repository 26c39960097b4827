"""The trigram index behind customer search: SQLite FTS5 ``trigram`` over ``customers.search_text`` (an
external-content table kept in step by triggers) or a PostgreSQL ``pg_trgm`` GIN index. MariaDB has no
trigram index; it scans. The statements run after ``customers`` is created and in migration 0005.
"""

from __future__ import annotations

from sqlalchemy import DDL, event, text
from sqlalchemy.engine import Connection

SQLITE_TABLE = "customer_search"

_SQLITE = [
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(search_text, content='customers', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER customer_search_ai AFTER INSERT ON customers BEGIN "
    f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER customer_search_ad AFTER DELETE ON customers BEGIN "
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER customer_search_au AFTER UPDATE OF search_text ON customers BEGIN "
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
]


def sqlite_has_trigram(connection: Connection) -> bool:
    """FTS5 with the trigram tokenizer needs SQLite 3.34 (every Python 3.11+ on Windows ships newer)."""
    try:
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.benji_probe USING fts5(x, tokenize='trigram')")
        connection.exec_driver_sql("DROP TABLE temp.benji_probe")
        return True
    except Exception:  # an older SQLite without FTS5 or trigram: search scans instead
        return False


def create_search_index(connection: Connection, *, rebuild: bool = False) -> bool:
    """Create the index for the connection's backend; True when there is one."""
    name = connection.dialect.name
    if name == "sqlite":
        if not sqlite_has_trigram(connection):
            return False
        for statement in _SQLITE:
            connection.execute(DDL(statement))  # type: ignore[no-untyped-call]
        if rebuild:
            connection.exec_driver_sql(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')")
        return True
    if name == "postgresql":
        # pg_trgm is a "trusted" extension (PostgreSQL 13+): a database owner may create it. Without it
        # the search still works, by scanning; a savepoint keeps the transaction usable on failure.
        savepoint = connection.begin_nested()
        try:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            connection.execute(text("CREATE INDEX ix_customers_search_trgm ON customers "
                                    "USING gin (search_text gin_trgm_ops)"))
            savepoint.commit()
            return True
        except Exception:
            savepoint.rollback()
            return False
    return False


def drop_search_index(connection: Connection) -> None:
    name = connection.dialect.name
    if name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS customer_search_{trigger}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
    elif name == "postgresql":
        connection.exec_driver_sql("DROP INDEX IF EXISTS ix_customers_search_trgm")


def not_in_models(obj: object, name: str | None, kind: str, reflected: bool, _compare_to: object) -> bool:
    """``include_object`` for Alembic's comparison: the index's tables and index are not in the models."""
    ours = name is not None and (name.startswith(SQLITE_TABLE) or name == "ix_customers_search_trgm")
    return not (reflected and ours)


def install(table: object) -> None:
    @event.listens_for(table, "after_create")
    def _after_create(_target: object, connection: Connection, **_kw: object) -> None:
        create_search_index(connection)
