"""Rows of a backup: each column's kind, the canonical JSON line of a row, the table checksum, and reading or
writing a table in its stored form (fen as integers, datetimes naive UTC) whatever the backend.

A row line is the JSON array of its values in the table's column order, with sorted keys, no spaces and
UTF-8: ``int`` and ``bool`` as JSON numbers and booleans, ``str`` as strings, ``date`` as ``YYYY-MM-DD``,
``datetime`` as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC), ``bytes`` as base64, ``json`` as the JSON value itself
(SQL NULL and JSON null are both ``null``). The line is the same whichever backend the row came from, so
the table checksum — SHA-256 over the table's name, columns, row count and the sum (mod 2**256) of the
SHA-256 of every row line — is the same too, and does not depend on the order rows are read in.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    column,
    select,
    table,
)
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.types import TypeEngine

from desktop_app.errors import DomainError

KINDS = ("int", "bool", "str", "date", "datetime", "bytes", "json")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MOD = 1 << 256
READ_BATCH = 1000


def kind_of(type_: TypeEngine[Any]) -> str:
    """The kind of a model column (a TypeDecorator by the type it stores)."""
    stored = type_.impl_instance if isinstance(type_, TypeDecorator) else type_
    for cls, kind in ((Boolean, "bool"), (Integer, "int"), (DateTime, "datetime"), (Date, "date"),
                      (LargeBinary, "bytes"), (JSON, "json"), (String, "str")):
        if isinstance(stored, cls):
            return kind
    raise TypeError(f"no backup kind for {type_!r}")


def _raw_type(kind: str) -> TypeEngine[Any]:
    types: dict[str, TypeEngine[Any]] = {
        "int": BigInteger(), "bool": Boolean(), "str": Text(), "date": Date(), "datetime": DateTime(),
        "bytes": LargeBinary(), "json": JSON(none_as_null=True)}
    return types[kind]


def columns_of(model: Table) -> list[tuple[str, str]]:
    return [(col.name, kind_of(col.type)) for col in model.columns]


def raw_table(name: str, columns: Sequence[tuple[str, str]]) -> TableClause:
    """The table with stored-form types only: no Fen/UTCDateTime processing on the way in or out."""
    return table(name, *(column(col, _raw_type(kind)) for col, kind in columns))


def check_columns(name: str, columns: object) -> list[tuple[str, str]]:
    """A table entry's columns, validated strictly (names are SQL identifiers, kinds are ours)."""
    if not NAME.match(name):
        raise DomainError("backup.unsafe_entry", name=name[:80])
    if not isinstance(columns, list) or not columns:
        raise DomainError("backup.corrupt", where=f"table {name}")
    result: list[tuple[str, str]] = []
    for item in columns:
        if (not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str)
                or item[1] not in KINDS):
            raise DomainError("backup.corrupt", where=f"table {name}")
        if not NAME.match(item[0]):
            raise DomainError("backup.unsafe_entry", name=f"{name}.{item[0]}"[:80])
        result.append((item[0], item[1]))
    return result


# --- values -----------------------------------------------------------------------------------------

def _encode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "str":
        return str(value)
    if kind == "date":
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if kind == "datetime":
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, str | bytes):  # a driver that hands JSON back as text
        return json.loads(value)
    return value


def _decode(value: Any, kind: str) -> Any:
    if value is None or kind in ("str", "json"):
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(kind)
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(kind)
        return value
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        if not value.endswith("Z"):
            raise ValueError(kind)
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
    return base64.b64decode(value, validate=True)


def row_line(values: Sequence[Any], kinds: Sequence[str]) -> bytes:
    encoded = [_encode(value, kind) for value, kind in zip(values, kinds, strict=True)]
    return json.dumps(encoded, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_line(line: bytes, names: Sequence[str], kinds: Sequence[str], where: str) -> dict[str, Any]:
    """A row line back into insertable stored-form values; anything malformed is damage."""
    try:
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError(where)
        return {name: _decode(value, kind) for name, value, kind in zip(names, values, kinds, strict=True)}
    except (ValueError, TypeError, AttributeError):
        raise DomainError("backup.corrupt", where=where) from None


class TableSum:
    """The order-independent checksum of one table."""

    def __init__(self, name: str, columns: Sequence[tuple[str, str]]) -> None:
        self.name, self.columns = name, list(columns)
        self.rows = 0
        self._sum = 0

    def add(self, line: bytes) -> None:
        self.rows += 1
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(line).digest(), "big")) % MOD

    def hexdigest(self) -> str:
        head = json.dumps([self.name, self.columns, self.rows], separators=(",", ":")).encode("utf-8")
        return hashlib.sha256(b"benji-table-v1\n" + head + b"\n" + self._sum.to_bytes(32, "big")).hexdigest()


def read_lines(connection: Connection, name: str, columns: Sequence[tuple[str, str]],
               order_by: Sequence[str]) -> Iterator[bytes]:
    """Every row of the table as canonical lines, streamed from the server in batches."""
    raw = raw_table(name, columns)
    query = select(*raw.columns)
    if order_by:
        query = query.order_by(*(raw.c[key] for key in order_by))
    kinds = [kind for _, kind in columns]
    result = connection.execution_options(stream_results=True, yield_per=READ_BATCH).execute(query)
    for row in result:
        yield row_line(tuple(row), kinds)


def table_sums(connection: Connection, tables: Sequence[tuple[str, list[tuple[str, str]]]]) -> dict[str, TableSum]:
    sums = {}
    for name, columns in tables:
        total = TableSum(name, columns)
        for line in read_lines(connection, name, columns, ()):
            total.add(line)
        sums[name] = total
    return sums
