"""Every visible string is translated to zh_CN, the .qm is current, every error code has a sentence."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied
from desktop_app.views import i18n, messages

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "benji_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "benji_zh_CN.qm"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot():
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")
    return found


def _tools():  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import i18n as tool  # type: ignore[import-not-found]

    return tool


def test_every_source_string_is_in_the_ts_file_and_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "benji_zh_CN.ts"
    shutil.copy(TS, fresh)
    _tools().update(tmp_path)
    committed, current = _messages(TS), _messages(fresh)
    missing = sorted(set(current) - set(committed))
    assert not missing, f"run `python tools/i18n.py update` and translate: {missing}"
    obsolete = sorted(set(committed) - set(current))
    assert not obsolete, f"run `python tools/i18n.py update` to drop: {obsolete}"
    untranslated = [key for key, tr in committed.items() if tr is None or tr.get("type") or not tr.text]
    assert not untranslated


def test_placeholders_survive_translation() -> None:
    for (context, source), translation in _messages(TS).items():
        assert translation is not None
        assert set(re.findall(r"\{\w*\}", source)) == set(re.findall(r"\{\w*\}", translation.text or "")), (
            context, source)


def test_the_compiled_qm_is_current(tmp_path: Path) -> None:
    compiled = _tools().release(TS.parent, tmp_path)[0]
    assert compiled.read_bytes() == QM.read_bytes(), "run `python tools/i18n.py release`"


def _codes_raised_in_the_code() -> set[str]:
    pattern = re.compile(r'(?:DomainError|ValidationFailed|ConnectionProblem)\(\s*"([a-z_.]+)"')
    codes = set()
    for path in (ROOT / "desktop_app").rglob("*.py"):
        codes.update(pattern.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_error_code_has_a_sentence_in_both_languages(qapp) -> None:  # type: ignore[no-untyped-def]
    codes = _codes_raised_in_the_code() | {ConcurrentEdit("x", "y", "z").code, PermissionDenied("x").code}
    assert len(codes) > 20
    templates = messages._templates()
    assert sorted(codes - set(templates)) == []
    try:
        i18n.install("zh_CN")
        for code in codes:
            text = messages.describe(DomainError(code, field="name"))
            assert re.search(r"[\u4e00-\u9fff]", text), (code, text)
    finally:
        i18n.install("en")


@pytest.mark.parametrize("setting, expected", [("zh_CN", "zh_CN"), ("en", "en")])
def test_explicit_language_settings_win(setting: str, expected: str) -> None:
    assert i18n.resolve(setting) == expected
