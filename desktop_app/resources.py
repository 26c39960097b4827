"""Where the shipped resources are (works from a checkout and from a PyInstaller bundle)."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


FONTS = resource_dir() / "fonts"
ICONS = resource_dir() / "icons"
TRANSLATIONS = resource_dir() / "translations"
CJK_FONT_FILE = FONTS / "wqy-microhei.ttc"
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"
