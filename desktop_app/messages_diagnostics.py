"""Sentences for the codes of the Diagnostics page and the support bundle (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def diagnostics_templates() -> dict[str, str]:
    return {
        "support.write_failed": QT_TRANSLATE_NOOP(
            "Messages", "The support bundle could not be written to {path} ({reason}). Choose a folder you may "
            "write to with enough free space, e.g. Documents, and try again."
        ),
    }
