"""The encrypted backup container (pure: no database): a clear header, then AES-256-GCM chunks.

File layout (all integers big-endian)::

    b"BENJIBAK"                       8 bytes, the magic
    header length                     u32
    header                            UTF-8 JSON: format, version, kdf (scrypt n, r, p, salt), cipher,
                                      chunk size, nonce prefix, key check
    SHA-256 of the header             32 bytes (a flipped header byte is "corrupt", never "wrong passphrase")
    chunk records, each:              u8 flag (1 = the last chunk) | u32 length | ciphertext (+ 16-byte tag)

The key is scrypt(passphrase, salt) → 64 bytes: the first 32 encrypt (AES-256-GCM), the last 32 make the key
check, HMAC-SHA256(check key, "benji-backup key check"), stored in the header so a wrong passphrase is told
apart from damage. Chunk ``i`` has the nonce ``prefix (4 random bytes) || i (8 bytes)`` and the associated
data ``SHA-256(header) || i || flag``: reordered, dropped, swapped-in or appended chunks fail, and a stream
that ends before a chunk flagged last is "truncated".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop_app.errors import DomainError

MAGIC = b"BENJIBAK"
FORMAT = "benji-backup"
CONTAINER_VERSION = 1
CHUNK_SIZE = 1 << 20  # plaintext bytes per chunk
TAG = 16
# scrypt at n=2**17, r=8: 128 MiB of memory and about half a second per derivation; tests lower SCRYPT_N
SCRYPT_N = 1 << 17
SCRYPT_R = 8
SCRYPT_P = 1
MAX_SCRYPT_N = 1 << 20  # a header may not make us allocate more than 1 GiB
MAX_HEADER = 64 * 1024
KEY_CHECK_LABEL = b"benji-backup key check"
MIN_PASSPHRASE = 8
COMPRESSION = "zlib"  # the JSON lines are deflated before they are encrypted (about a sixth of the size)
ZLIB_LEVEL = 6


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise DomainError("backup.corrupt", where="header")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise DomainError("backup.corrupt", where="header") from None


def derive_keys(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(encryption key, key-check key) from the passphrase."""
    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], material[32:]


def key_check(check_key: bytes) -> bytes:
    return hmac.new(check_key, KEY_CHECK_LABEL, hashlib.sha256).digest()


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + struct.pack(">QB", index, 1 if last else 0)


class BackupWriter:
    """Encrypts a byte stream into the container, one chunk at a time (never more than two chunks held)."""

    def __init__(self, out: BinaryIO, passphrase: str, *, chunk_size: int = CHUNK_SIZE) -> None:
        if len(passphrase) < MIN_PASSPHRASE:
            raise DomainError("backup.passphrase_too_short", minimum=MIN_PASSPHRASE)
        salt, prefix = os.urandom(16), os.urandom(4)
        key, check = derive_keys(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        header = {"format": FORMAT, "version": CONTAINER_VERSION, "cipher": "AES-256-GCM",
                  "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
                  "chunk_size": chunk_size, "nonce_prefix": _b64(prefix), "key_check": _b64(key_check(check)),
                  "compression": COMPRESSION}
        raw = json.dumps(header, sort_keys=True).encode("utf-8")
        self._digest = hashlib.sha256(raw).digest()
        out.write(MAGIC + struct.pack(">I", len(raw)) + raw + self._digest)
        self._out, self._aes, self._prefix, self._size = out, AESGCM(key), prefix, chunk_size
        self._buffer = bytearray()
        self._index = 0
        self._deflate = zlib.compressobj(ZLIB_LEVEL)

    def write(self, data: bytes) -> None:
        self._buffer += self._deflate.compress(data)
        # keep at least one full chunk back: only close() knows which chunk is the last
        while len(self._buffer) > self._size:
            self._chunk(bytes(self._buffer[: self._size]), last=False)
            del self._buffer[: self._size]

    def _chunk(self, plain: bytes, *, last: bool) -> None:
        nonce = self._prefix + struct.pack(">Q", self._index)
        sealed = self._aes.encrypt(nonce, plain, _aad(self._digest, self._index, last))
        self._out.write(struct.pack(">BI", 1 if last else 0, len(sealed)) + sealed)
        self._index += 1

    def close(self) -> None:
        self._buffer += self._deflate.flush()
        while len(self._buffer) > self._size:
            self._chunk(bytes(self._buffer[: self._size]), last=False)
            del self._buffer[: self._size]
        self._chunk(bytes(self._buffer), last=True)
        self._buffer.clear()


def _read_exact(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) < size:
        raise DomainError("backup.truncated")
    return data


def _int(value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise DomainError("backup.corrupt", where="header")
    return value


def open_stream(source: BinaryIO, passphrase: str) -> Iterator[bytes]:
    """Check the header and the passphrase, then yield the plaintext chunk by chunk.

    Raises (before yielding anything) ``backup.not_a_backup``, ``backup.unsupported_version``,
    ``backup.corrupt`` (header damaged), ``backup.wrong_passphrase``; while yielding, ``backup.corrupt``
    (a chunk fails its tag, data after the last chunk) or ``backup.truncated``."""
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise DomainError("backup.truncated") if MAGIC.startswith(magic) and magic else \
            DomainError("backup.not_a_backup")
    (length,) = struct.unpack(">I", _read_exact(source, 4))
    if length > MAX_HEADER:
        raise DomainError("backup.corrupt", where="header")
    raw = _read_exact(source, length)
    digest = _read_exact(source, 32)
    if hashlib.sha256(raw).digest() != digest:
        raise DomainError("backup.corrupt", where="header")
    try:
        header: dict[str, Any] = json.loads(raw)
    except ValueError:
        raise DomainError("backup.corrupt", where="header") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DomainError("backup.not_a_backup")
    if header.get("version") != CONTAINER_VERSION or header.get("cipher") != "AES-256-GCM":
        raise DomainError("backup.unsupported_version", version=str(header.get("version")))
    kdf = header.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise DomainError("backup.unsupported_version", version=str(header.get("version")))
    n = _int(kdf.get("n"), 2, MAX_SCRYPT_N)
    if n & (n - 1):
        raise DomainError("backup.corrupt", where="header")
    r, p = _int(kdf.get("r"), 1, 32), _int(kdf.get("p"), 1, 16)
    size = _int(header.get("chunk_size"), 1, 64 << 20)
    prefix = _unb64(header.get("nonce_prefix"))
    salt = _unb64(kdf.get("salt"))
    expected = _unb64(header.get("key_check"))
    if len(prefix) != 4:
        raise DomainError("backup.corrupt", where="header")
    if header.get("compression", "none") not in ("none", COMPRESSION):
        raise DomainError("backup.unsupported_version", version=str(header.get("compression")))
    key, check = derive_keys(passphrase, salt, n, r, p)
    if not hmac.compare_digest(key_check(check), expected):
        raise DomainError("backup.wrong_passphrase")
    chunks = _chunks(source, AESGCM(key), prefix, digest, size)
    return _inflated(chunks) if header.get("compression") == COMPRESSION else chunks


def _inflated(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The deflated stream inflated again, at most a chunk's worth at a time (a small chunk that inflates to
    gigabytes never sits in memory whole); a stream that does not end where the last chunk ends is damage."""
    inflate = zlib.decompressobj()
    try:
        for chunk in chunks:
            data = chunk
            while data:
                out = inflate.decompress(data, CHUNK_SIZE)
                if out:
                    yield out
                data = inflate.unconsumed_tail
        rest = inflate.flush()
        if rest:
            yield rest
    except zlib.error:
        raise DomainError("backup.corrupt", where="compressed data") from None
    if not inflate.eof or inflate.unused_data:
        raise DomainError("backup.corrupt", where="compressed data")


def _chunks(source: BinaryIO, aes: AESGCM, prefix: bytes, digest: bytes, size: int) -> Iterator[bytes]:
    index = 0
    while True:
        record = source.read(5)
        if len(record) < 5:
            raise DomainError("backup.truncated")
        flag, length = struct.unpack(">BI", record)
        if flag not in (0, 1) or length > size + TAG or length < TAG or (flag == 0 and length != size + TAG):
            raise DomainError("backup.corrupt", where=f"chunk {index}")
        sealed = _read_exact(source, length)
        nonce = prefix + struct.pack(">Q", index)
        try:
            plain = aes.decrypt(nonce, sealed, _aad(digest, index, flag == 1))
        except InvalidTag:
            raise DomainError("backup.corrupt", where=f"chunk {index}") from None
        yield plain
        if flag == 1:
            if source.read(1):
                raise DomainError("backup.corrupt", where="data after the end")
            return
        index += 1


def lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Split the plaintext into lines (without the newline); a missing final newline is damage."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(b"\n")
        yield from complete
    if pending:
        raise DomainError("backup.corrupt", where="last line")
