"""The streaming combine (``documents.combine.CombinedWriter``): each part is written to the file as it is added,
the finished file opens in pypdf with every page in order, and memory holds one part at a time, not all."""

from __future__ import annotations

import io
import tracemalloc
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from document_samples import bill, long_bill
from pypdf import PdfReader

from desktop_app.documents import combine, render_bill
from desktop_app.documents.combine import CombinedWriter


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    """Five bills of one page each and one of several pages, each with its own number."""
    made = [render_bill(replace(bill(), number=f"ZD-2026-{n:06d}"), copy=n % 2 == 0) for n in range(1, 6)]
    return [*made, render_bill(replace(long_bill(), number="ZD-2026-000006"))]


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_the_file_opens_with_every_page_in_order(parts: list[bytes], tmp_path: Path) -> None:
    path = tmp_path / "bills.pdf"
    writer = CombinedWriter(path)
    sizes = []
    for part in parts:
        assert writer.add(part) == _pages(part)
        sizes.append(path.stat().st_size if path.exists() else 0)
    writer.close()
    assert writer.pages == sum(_pages(part) for part in parts) > len(parts)
    reader = PdfReader(path, strict=True)
    assert len(reader.pages) == writer.pages
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + _pages(part))
    for n, start in enumerate(starts[:-1], start=1):  # each part's first page carries its number
        assert f"ZD-2026-{n:06d}" in reader.pages[start].extract_text()
    assert "副本" in reader.pages[starts[1]].extract_text() and "副本" not in reader.pages[0].extract_text()
    assert path.read_bytes() == combine(parts)  # the in-memory combine is the same file
    writer.close()  # closing twice is harmless


def test_parts_go_to_the_file_as_they_are_added_not_kept(parts: list[bytes], tmp_path: Path) -> None:
    path = tmp_path / "stream.pdf"
    one = parts[0]
    count = 60
    with path.open("wb") as handle:
        writer = CombinedWriter(handle)
        written = []
        tracemalloc.start()
        try:
            for _ in range(count):
                writer.add(one)
                handle.flush()
                written.append(path.stat().st_size)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        writer.close()
    assert all(later - earlier > len(one) // 2 for earlier, later in pairwise(written))
    assert written[-1] >= (count - 1) * len(one) * 0.9  # on disk as they came, before close()
    assert peak < 6 * len(one)  # a few parts' worth at most, never the 60 parts together
    held = [value for value in vars(writer).values() if isinstance(value, (bytes, bytearray, list))]
    assert sum(len(value) for value in held if isinstance(value, (bytes, bytearray))) < len(one)
    assert len(PdfReader(path).pages) == count


def test_foreign_or_nothing_is_refused(parts: list[bytes], tmp_path: Path) -> None:
    writer = CombinedWriter(tmp_path / "x.pdf")
    with pytest.raises(ValueError):
        writer.add(b"%PDF-1.7\nnot ours")
    with pytest.raises(ValueError):
        writer.close()  # nothing added
    with pytest.raises(ValueError):
        combine([])
    with CombinedWriter(tmp_path / "y.pdf") as good:
        good.add(parts[0])
    assert _pages((tmp_path / "y.pdf").read_bytes()) == 1
    with pytest.raises(ValueError):
        good.add(parts[0])  # closed
