"""The audit log's hash chain (pure): canonical content and the hash that links each entry to the last."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

VERSION = "benji-audit-v1"
FIELDS = ("seq", "at", "user_id", "user_login", "desktop", "action", "entity", "entity_id", "detail")


def canonical(entry: dict[str, Any]) -> str:
    """The entry's content as one stable string (sorted keys, UTC timestamp with microseconds)."""
    content = {key: entry[key] for key in FIELDS}
    at = content["at"]
    if isinstance(at, datetime):
        content["at"] = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    payload = f"{VERSION}\n{prev_hash}\n{canonical(entry)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
