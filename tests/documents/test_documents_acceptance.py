"""Issue 7 acceptance items 3 and 5, as the issue states them: hostile customer text with the network blocked,
and a 300-line bill."""

from __future__ import annotations

import io
import re
import socket
from dataclasses import replace
from typing import Any

import document_samples as samples
import pytest
from pypdf import PdfReader

from desktop_app.documents import render_bill

HOSTILE = 'A & B <b>x</b> <img src="http://127.0.0.1:9/x"/>'


def test_a_hostile_customer_name_prints_literally_and_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("network blocked by the test")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    doc = samples.bill(customer=replace(samples.CUSTOMER, name=HOSTILE, address=HOSTILE), notes=HOSTILE)
    pdf = render_bill(doc)
    flat = re.sub(r"\s+", " ", samples.text(pdf))
    assert flat.count(HOSTILE) >= 2  # the customer block and the notes, character for character
    assert attempts == []  # nothing tried to reach the network
    for page in PdfReader(io.BytesIO(pdf)).pages:  # no link, no image came from the text
        assert "/Annots" not in page and "/XObject" not in page["/Resources"]
    assert b"/URI" not in pdf


def test_a_300_line_bill_paginates_with_repeated_headers_and_page_x_of_y() -> None:
    doc = samples.long_bill(300)
    pages = samples.pages(render_bill(doc))
    count = len(pages)
    assert count >= 8
    numbers = [f"{index:03d}" for index in range(1, 301)]
    seen = [number for page in pages for number in re.findall(r"\b(\d{3}) ", page) if number in numbers]
    assert sorted(set(seen)) == numbers  # every line printed
    for index, page in enumerate(pages, start=1):
        assert f"{index}/{count}" in page.replace(" ", ""), page[-200:]  # 第 x/y 页 on every page
        assert "品名/摘要" in page and "价税合计" in page  # the table header, repeated on each page
    total = f"{doc.total_gross:,.2f}"
    assert total in pages[-1]  # the totals come once, at the end
    assert all(total not in page for page in pages[:-2])
