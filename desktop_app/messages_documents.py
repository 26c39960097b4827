"""Sentences for the codes of printing: frozen documents and the document style (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def document_templates() -> dict[str, str]:
    return {
        "document.tampered": QT_TRANSLATE_NOOP(
            "Messages", "The stored original of {number} does not match its fingerprint (SHA-256): it was changed "
            "outside the application. Print a copy instead and tell your administrator."
        ),
        "branding.accent_invalid": QT_TRANSLATE_NOOP(
            "Messages", 'Enter the accent colour as # and six hexadecimal digits, e.g. #1F4E79 (not "{value}").'
        ),
        "branding.text_too_long": QT_TRANSLATE_NOOP(
            "Messages", "This text is {length} characters long; shorten it to at most {maximum}."
        ),
        "branding.logo_too_large": QT_TRANSLATE_NOOP(
            "Messages", "The logo is {size_kb} KB; choose an image of at most {maximum_kb} KB."
        ),
        "branding.logo_format": QT_TRANSLATE_NOOP(
            "Messages", "Choose the logo as a PNG or JPEG image."
        ),
    }
