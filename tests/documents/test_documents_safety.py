"""Untrusted text, long text, fonts, fallback glyphs, determinism, logos and the snapshots themselves."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import document_samples as samples
import pytest
from PIL import Image
from pypdf import PdfReader

from desktop_app.documents import Company, DocumentLine, fonts, render_bill, render_receipt, render_statement
from desktop_app.documents.labels import LANGUAGES


def _fonts(pdf: bytes) -> list[Any]:
    """The font dictionaries of every page."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        found += [font.get_object() for font in resources["/Font"].values()]
    return found


def test_markup_in_customer_text_prints_literally_and_fetches_nothing() -> None:
    hostile = ('<img src="http://x/a.png"/>', '<a href="http://evil.example/">link</a>', "<b>x</b>",
               '<font color="red">f</font>', "&amp; &lt;")
    doc = samples.bill(customer=replace(samples.CUSTOMER, name=hostile[2], address=hostile[0]),
                       notes=" ".join(hostile[1:]),
                       lines=(samples.line(hostile[3], "2026-11", "1", "个", "1.00", "1.00", "0.06"),))
    pdf = render_bill(doc)
    printed = samples.text(pdf)
    for text in hostile:
        assert text in printed
    assert b"/URI" not in pdf and b"/Annots" not in pdf and b"/Subtype /Image" not in pdf


@pytest.mark.parametrize("run", ["W" * 2000, "账" * 2000, "0123456789" * 200])
def test_a_2000_character_unbroken_string_wraps_inside_the_page(run: str) -> None:
    doc = samples.bill(customer=replace(samples.CUSTOMER, address=run), notes=run,
                       lines=(samples.line(run, run[:300], "1", run[:50], "1.00", "1.00", "0.06"),))
    pdf = render_bill(doc)
    reader = PdfReader(io.BytesIO(pdf))
    width = float(reader.pages[0].mediabox.width)
    pieces: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            pieces.append((tm[4] + fonts.string_width(text.strip("\n"), size), text))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert max(right for right, _ in pieces) <= width - 40  # nothing runs into the right margin
    lines = [text for _, text in pieces if text.strip() and set(text.strip()) <= set(run)]
    assert len(lines) > 10  # wrapped, not clipped
    printed = "\n".join(samples.pages(pdf))
    assert printed.count(run[-1]) >= 3 * run.count(run[-1])  # nothing of the address, line or notes is lost
    only_run = "".join(line for line in printed.splitlines() if set(line) <= set(run))
    assert run in only_run  # the notes, line after line across the page breaks


def test_rendering_is_deterministic() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), (31, 78, 121)).save(logo, format="PNG")
    doc = samples.bill(company=replace(samples.COMPANY, logo=logo.getvalue()))
    assert render_bill(doc) == render_bill(doc)
    assert render_bill(doc, copy=True) == render_bill(doc, copy=True)
    assert render_receipt(samples.receipt()) == render_receipt(samples.receipt())
    assert render_statement(samples.statement()) == render_statement(samples.statement())
    assert render_bill(doc) != render_bill(replace(doc, number="ZD-2026-000124"))


def test_a_fresh_process_renders_the_same_bytes() -> None:
    """The stored SHA-256 of an issued bill must match a render in any later process (any hash seed)."""
    script = ("import hashlib, sys; sys.path[:0] = sys.argv[1:]; import document_samples as s; "
              "from desktop_app.documents import render_bill; print(hashlib.sha256(render_bill(s.bill())).hexdigest())")
    here = str(Path(__file__).resolve().parent)
    root = str(Path(__file__).resolve().parents[2])
    expected = hashlib.sha256(render_bill(samples.bill())).hexdigest()
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", script, here, root], capture_output=True, text=True,
                                check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.stdout.strip() == expected


def test_a_logo_is_embedded_once_and_a_broken_logo_is_left_out() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (200, 80), (200, 30, 30)).save(logo, format="PNG")
    pdf = render_bill(samples.bill(company=replace(samples.COMPANY, logo=logo.getvalue())))
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    broken = render_bill(samples.bill(company=replace(samples.COMPANY, logo=b"not an image")))
    assert b"/Subtype /Image" not in broken and "ZD-2026-000123" in samples.text(broken)


def test_every_font_is_an_embedded_truetype_subset() -> None:
    pdf = render_bill(samples.bill(notes="2 m² · 5 µm · ±0.5 ℃ · €12 · lǚ ǎ"))
    found = _fonts(pdf)
    assert {str(font["/BaseFont"]).split("+")[1] for font in found} == {"WenQuanYiMicroHei-0", "DejaVuSans"}
    for font in found:
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"]
    assert b"STSong" not in pdf and b"/Type0" not in pdf


def test_symbols_the_cjk_font_lacks_print_from_the_fallback_font() -> None:
    symbols = "m² µm ±0.5 €12 35℃ 98℉ ǎ ǐ ǒ ǔ ₹5"
    printed = samples.text(render_bill(samples.bill(notes=symbols)))
    assert symbols in printed
    assert fonts.runs("35℃") == ((fonts.MAIN, "35"), (fonts.FALLBACK, "℃"))
    assert fonts.runs("m² µ ± €") == ((fonts.MAIN, "m² µ ± €"),)  # wqy-microhei has these


def test_both_languages_have_every_label() -> None:
    assert LANGUAGES["zh_CN"].keys() == LANGUAGES["en"].keys()


def test_snapshots_refuse_floats_and_stray_fen_and_survive_pickling() -> None:
    with pytest.raises(TypeError):
        DocumentLine("x", "", "1", "个", "1", 1.0, "0.06", Decimal("0.06"), Decimal("1.06"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gross"):
        DocumentLine("x", "", "1", "个", "1", Decimal("1.00"), "0.06", Decimal("0.06"), Decimal("1.065"))
    with pytest.raises(ValueError, match="quantity"):
        DocumentLine("x", "", "one", "个", "1", Decimal("1.00"), "0.06", Decimal("0.06"), Decimal("1.06"))
    doc = samples.bill(company=Company("公司", logo=b"\x89PNG"))
    assert pickle.loads(pickle.dumps(doc)) == doc
    with pytest.raises(TypeError, match="tuple"):
        replace(doc, lines=list(doc.lines))  # type: ignore[arg-type]


def _other_customer() -> Any:
    """The sample bill for a customer whose name uses characters the sample bill does not."""
    return samples.bill(customer=replace(samples.CUSTOMER, name="鸿运昌盛兴隆泰和丰瑞祥有限公司",
                                         address="锦绣山水路8号"))


def test_what_was_rendered_before_never_changes_the_bytes() -> None:
    """Caches only save work: A, B, A in one process and A in a fresh process are the same bytes."""
    first = render_bill(samples.bill())
    other = render_bill(_other_customer())
    credit = render_bill(samples.credit_note())
    assert render_receipt(samples.receipt()) and render_statement(samples.statement())
    assert render_bill(samples.bill()) == first
    assert render_bill(_other_customer()) == other and render_bill(samples.credit_note()) == credit
    script = ("import hashlib, sys; sys.path[:0] = sys.argv[1:]; import document_samples as s; "
              "from desktop_app.documents import render_bill; print(hashlib.sha256(render_bill(s.bill())).hexdigest())")
    here = str(Path(__file__).resolve().parent)
    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run([sys.executable, "-c", script, here, root], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONHASHSEED": "3"})
    assert result.stdout.strip() == hashlib.sha256(first).hexdigest()


def test_cached_font_objects_are_the_bytes_reportlab_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-process font object cache writes what ReportLab's own ``TTFont.addObjects`` writes."""
    docs = [samples.bill(), _other_customer(), samples.bill(notes="2 m² · 35℃ · lǚ ǎ · ₹5")]
    cached = [render_bill(doc) for doc in docs]
    for name in (fonts.MAIN, fonts.FALLBACK):
        monkeypatch.delattr(fonts.registered(name), "addObjects")  # back to the class's method
    assert [render_bill(doc) for doc in docs] == cached


def test_primed_text_is_encoded_as_reportlab_encodes_it() -> None:
    from reportlab.lib.rl_accel import escapePDF
    from reportlab.pdfgen.canvas import Canvas

    assert fonts.escaped(bytes(range(256))) == escapePDF(bytes(range(256)))
    fonts.setup()
    main = fonts.registered(fonts.MAIN)
    for text in ("账单编号 ZD-2026-000123", "人民币壹万陆仟肆佰零玖元零贰分", "鸿运昌盛 (a\\b) 有限公司", "a\xa0b"):
        ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
        fonts.prime(ours)
        fonts.prime(theirs)
        expected = [(subset, fonts.escaped(data)) for subset, data in main.splitString(text, theirs._doc)]
        assert list(fonts.encode(main, text, ours._doc)) == expected
        assert list(fonts.encode(main, text, ours._doc)) == expected  # the second time from the cache
