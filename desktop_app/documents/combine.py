"""One PDF from several of ours, page after page, for batch printing — with no PDF library.

Batch printing must print the *stored* PDFs (an issued bill is frozen; re-rendering it could differ after
a change to the renderer), so this module joins existing files instead of rendering again. It reads the
files this package writes (ReportLab: a classic cross-reference table, direct stream lengths, no object
streams, no encryption, no incremental updates) and refuses anything else with ValueError rather than
guess. Each file's objects are renumbered into one file; the per-file catalogue, page tree and
information dictionary are replaced by one of each. ``CombinedWriter`` writes the result part by part to a
file (a batch export of thousands of bills never holds them together); ``combine`` is the same in memory.
Fonts are not shared between the parts (each part keeps its own subset), so the result is about the sum of
the inputs' sizes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from array import array
from collections.abc import Sequence
from typing import BinaryIO

__all__ = ["CombinedWriter", "combine"]

_HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
_CATALOG, _TREE = 1, 2

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ROW = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ = re.compile(rb"(\d+) 0 obj\s")
_REF = re.compile(rb"(\d+) 0 R\b")
_LENGTH = re.compile(rb"/Length (\d+)(?! \d+ R)")
_STREAM = re.compile(rb"stream\r?\n")


class _Part:
    """The objects of one input PDF by number, with its root and page objects found."""

    def __init__(self, data: bytes, index: int) -> None:
        self.index = index
        self.data = data
        match = _STARTXREF.search(data[-64:])
        if not data.startswith(b"%PDF-") or match is None:
            raise ValueError(f"part {index} is not a complete PDF")
        position = int(match.group(1))
        if data[position:position + 4] != b"xref":
            raise ValueError(f"part {index}: only a classic cross-reference table is supported")
        self.offsets = self._read_xref(position)
        trailer = data[data.index(b"trailer", position):]
        if b"/Encrypt" in trailer or b"/Prev" in trailer:
            raise ValueError(f"part {index}: encrypted or incrementally updated PDFs are not supported")
        self.root = self._ref(trailer, b"/Root")
        info = re.search(rb"/Info (\d+) 0 R", trailer)
        self.info = int(info.group(1)) if info else None
        self.bodies = {number: self._object(number) for number in self.offsets}
        self.page_tree: list[int] = []
        self.pages: list[int] = []
        self._walk(self._ref(self.bodies[self.root][0], b"/Pages"))

    def _read_xref(self, position: int) -> dict[int, int]:
        lines = self.data[position:].split(b"\n", 2)
        first, count = (int(value) for value in lines[1].split())
        offsets: dict[int, int] = {}
        for number, row in enumerate(_XREF_ROW.finditer(lines[2], 0, count * 20 + 1), start=first):
            if row.group(3) == b"n":
                offsets[number] = int(row.group(1))
        if len(offsets) + 1 < count:
            raise ValueError(f"part {self.index}: cross-reference table is damaged")
        return offsets

    def _ref(self, text: bytes, key: bytes) -> int:
        match = re.search(re.escape(key) + rb" (\d+) 0 R", text)
        if match is None:
            raise ValueError(f"part {self.index}: {key.decode()} not found")
        return int(match.group(1))

    def _object(self, number: int) -> tuple[bytes, bytes]:
        """(dictionary text, stream bytes or b"") of object ``number``."""
        start = self.offsets[number]
        header = _OBJ.match(self.data, start)
        if header is None or int(header.group(1)) != number:
            raise ValueError(f"part {self.index}: object {number} is not where the cross-reference says")
        body_start = header.end()
        end = self.data.index(b"endobj", body_start)
        stream = _STREAM.search(self.data, body_start, end)
        if stream is None or b">>" not in self.data[body_start:stream.start()]:
            return self.data[body_start:end].strip(), b""
        head = self.data[body_start:stream.start()]
        length = _LENGTH.search(head)
        if length is None:
            raise ValueError(f"part {self.index}: object {number} has no direct stream length")
        data_end = stream.end() + int(length.group(1))
        return head.strip(), self.data[stream.end():data_end]

    def _walk(self, number: int) -> None:
        head = self.bodies[number][0]
        if b"/Type /Pages" in head:
            self.page_tree.append(number)
            kids = re.search(rb"/Kids \[([^\]]*)\]", head)
            for kid in _REF.findall(kids.group(1) if kids else b""):
                self._walk(int(kid))
        elif b"/MediaBox" in head:
            self.pages.append(number)
        else:
            raise ValueError(f"part {self.index}: page {number} has no /MediaBox of its own")


_SUBSET_TAG = re.compile(rb"/([A-Z]{6})\+")


def _retag(text: bytes, index: int) -> bytes:
    """Give the font subsets of part ``index`` their own tags (AAAAAA+ → e.g. AABAAA+).

    Every part names its first subset AAAAAA+…; some printers and viewers pick fonts by name, so equal
    names for different subsets in one file could print wrong glyphs.
    """
    prefix = "".join(chr(65 + index // 26**power % 26) for power in (2, 1, 0)).encode()
    return _SUBSET_TAG.sub(lambda match: b"/" + prefix + match.group(1)[3:] + b"+", text)


def _renumber(text: bytes, mapping: dict[int, int]) -> bytes:
    """Rewrite every ``N 0 R`` outside string literals."""
    pieces: list[bytes] = []
    position = 0
    for literal in re.finditer(rb"\((?:\\.|[^\\)])*\)|<(?!<)[0-9A-Fa-f\s]*>", text, re.S):
        pieces.append(_REF.sub(lambda m: b"%d 0 R" % mapping[int(m.group(1))], text[position:literal.start()]))
        pieces.append(literal.group(0))
        position = literal.end()
    pieces.append(_REF.sub(lambda m: b"%d 0 R" % mapping[int(m.group(1))], text[position:]))
    return b"".join(pieces)


class CombinedWriter:
    """One PDF written part by part, for a batch too big to hold: ``add(pdf)`` renumbers the part's objects
    and writes them to ``target`` at once (nothing of a part is kept but its objects' offsets and its page
    numbers); ``close()`` writes the one catalogue and page tree, the cross-reference table and the trailer.
    ``target`` is a path (created or truncated, closed by ``close``) or a binary file positioned at its start
    (left open). ValueError for a foreign part (nothing of it is written) or when nothing was added."""

    def __init__(self, target: str | os.PathLike[str] | BinaryIO) -> None:
        if isinstance(target, (str, os.PathLike)):
            self._out: BinaryIO = open(target, "wb")  # noqa: SIM115 - closed by close()
            self._owned = True
        else:
            self._out, self._owned = target, False
        self._position = 0
        self._digest = hashlib.md5(usedforsecurity=False)
        self._offsets = array("Q", [0, 0, 0])  # by object number; 1 (catalogue) and 2 (page tree) come last
        self._kids = array("Q")
        self.parts = 0
        self.closed = False
        self._write(_HEADER)

    @property
    def pages(self) -> int:
        return len(self._kids)

    @property
    def size(self) -> int:
        """Bytes written so far."""
        return self._position

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._digest.update(data)
        self._position += len(data)

    def add(self, pdf: bytes) -> int:
        """Append the pages of ``pdf``; returns how many."""
        if self.closed:
            raise ValueError("the combined PDF is closed")
        part = _Part(bytes(pdf), self.parts)
        dropped = {part.root, *part.page_tree} | ({part.info} if part.info is not None else set())
        mapping = {number: _TREE for number in part.page_tree} | {part.root: _CATALOG}
        next_number = len(self._offsets)
        for number in sorted(part.bodies):
            if number not in dropped:
                mapping[number] = next_number
                next_number += 1
        objects = [(_retag(_renumber(head, mapping), part.index), stream)
                   for number, (head, stream) in sorted(part.bodies.items()) if number not in dropped]
        kids = [mapping[page] for page in part.pages]
        del part
        for number, (head, stream) in enumerate(objects, start=len(self._offsets)):
            self._offsets.append(self._position)
            self._write(b"%d 0 obj\n%s\n" % (number, head))
            if stream:
                self._write(b"stream\n" + stream + b"\nendstream\n")
            self._write(b"endobj\n")
        self._kids.extend(kids)
        self.parts += 1
        return len(kids)

    def close(self) -> None:
        """Write the catalogue, page tree, cross-reference table and trailer (and close a file opened here)."""
        if self.closed:
            return
        self.closed = True
        try:
            if not self.parts:
                raise ValueError("nothing to combine")
            self._offsets[_CATALOG] = self._position
            self._write(b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (_CATALOG, _TREE))
            self._offsets[_TREE] = self._position
            self._write(b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [ " % (_TREE, len(self._kids)))
            for start in range(0, len(self._kids), 4096):
                self._write(b"".join(b"%d 0 R " % kid for kid in self._kids[start:start + 4096]))
            self._write(b"] >>\nendobj\n")
            digest = self._digest.hexdigest().encode()
            xref = self._position
            size = len(self._offsets)
            self._write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
            for start in range(1, size, 4096):
                self._write(b"".join(b"%010d 00000 n \n" % offset
                                     for offset in self._offsets[start:min(size, start + 4096)]))
            self._write(b"trailer\n<< /Size %d /Root %d 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
                size, _CATALOG, digest, digest, xref))
            self._out.flush()
        finally:
            if self._owned:
                self._out.close()

    def abort(self) -> None:
        """Stop without finishing the file (a file opened here is closed; the caller removes it)."""
        self.closed = True
        if self._owned:
            self._out.close()

    def __enter__(self) -> CombinedWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def combine(pdfs: Sequence[bytes]) -> bytes:
    """One PDF with the pages of ``pdfs`` in order; ValueError for an empty list or a foreign PDF."""
    if not pdfs:
        raise ValueError("nothing to combine")
    out = io.BytesIO()
    with CombinedWriter(out) as writer:
        for pdf in pdfs:
            writer.add(pdf)
    return out.getvalue()
