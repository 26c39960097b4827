"""One PDF from several of ours, page after page, for batch printing — with no PDF library.

Batch printing must print the *stored* PDFs (an issued bill is frozen; re-rendering it could differ after
a change to the renderer), so this module joins existing files instead of rendering again. It reads the
files this package writes (ReportLab: a classic cross-reference table, direct stream lengths, no object
streams, no encryption, no incremental updates) and refuses anything else with ValueError rather than
guess. Each file's objects are renumbered into one file; the per-file catalogue, page tree and
information dictionary are replaced by one of each. Fonts are not shared between the parts (each part
keeps its own subset), so the result is about the sum of the inputs' sizes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

__all__ = ["combine"]

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


def combine(pdfs: Sequence[bytes]) -> bytes:
    """One PDF with the pages of ``pdfs`` in order; ValueError for an empty list or a foreign PDF."""
    if not pdfs:
        raise ValueError("nothing to combine")
    parts = [_Part(bytes(pdf), index) for index, pdf in enumerate(pdfs)]
    catalog, tree = 1, 2
    next_number = 3
    objects: list[tuple[int, bytes, bytes]] = []
    kids: list[int] = []
    for part in parts:
        dropped = {part.root, *part.page_tree} | ({part.info} if part.info is not None else set())
        mapping = {number: tree for number in part.page_tree} | {part.root: catalog}
        for number in sorted(part.bodies):
            if number not in dropped:
                mapping[number] = next_number
                next_number += 1
        for number in sorted(part.bodies):
            if number in dropped:
                continue
            head, stream = part.bodies[number]
            objects.append((mapping[number], _retag(_renumber(head, mapping), part.index), stream))
        kids += [mapping[page] for page in part.pages]
    refs = " ".join(f"{kid} 0 R" for kid in kids).encode()
    objects[:0] = [(catalog, b"<< /Type /Catalog /Pages 2 0 R >>", b""),
                   (tree, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(kids), refs), b"")]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, head, stream in objects:
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\n" % (number, head)
        if stream:
            out += b"stream\n" + stream + b"\nendstream\n"
        out += b"endobj\n"
    digest = hashlib.md5(out, usedforsecurity=False).hexdigest().encode()
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % next_number
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, next_number))
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        next_number, digest, digest, xref)
    return bytes(out)
