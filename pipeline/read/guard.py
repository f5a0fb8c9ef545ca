"""Cheap checks of a PDF's bytes before pdfminer parses it.

pdfminer follows an object that refers to itself (`5 0 obj 5 0 R endobj`) for ever,
and inflates a compressed stream whole, however large (a few MB of zeros can
inflate to gigabytes). Both are found here in one pass over the bytes, so such a
file is an error that says what is wrong, at once. The worker's time and memory
limits (`pipeline.app.executors`) remain the general guard: for what these checks
cannot see (objects inside compressed object streams, say).
"""

from __future__ import annotations

import re
import zlib

DEFAULT_MAX_INFLATED = 512 * 2**20  # bytes one compressed stream may inflate to
_ALIAS = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\s*(\d{1,10})\s+(\d{1,5})\s+R\s*endobj")
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_IN_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 24


def reference_loop(data: bytes) -> str | None:
    """The objects that only refer to each other in a loop (`5 0 obj 5 0 R endobj`), if any."""
    alias = {(m[1], m[2]): (m[3], m[4]) for m in _ALIAS.finditer(data)}
    for start in alias:
        chain, ref = [start], alias[start]
        while ref in alias and ref not in chain:
            chain.append(ref)
            ref = alias[ref]
        if ref in chain:
            loop = chain[chain.index(ref) :] + [ref]
            if len(loop) == 2:
                return f"object {_name(ref)} refers to itself"
            return "objects " + " → ".join(_name(r) for r in loop) + " refer to each other in a loop"
    return None


def _name(ref: tuple[bytes, bytes]) -> str:
    return f"{int(ref[0])} {int(ref[1])} R"


def inflation_bomb(data: bytes, limit: int = DEFAULT_MAX_INFLATED) -> str | None:
    """Where a zlib-compressed stream inflates to more than `limit` bytes, if one does.

    Each stream is inflated in bounded slices and counted, never held whole; a stream
    that is not zlib data stops at its first bytes.
    """
    for m in _STREAM.finditer(data):
        size = _inflated_size(data, m.end(), limit)
        if size > limit:
            return (
                f"a compressed stream (at byte {m.end()}) inflates to more than {limit / 2**20:g} MB:"
                " a decompression bomb, not read"
            )
    return None


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes the zlib stream at `start` inflates to, counted up to just over `limit`."""
    inflate = zlib.decompressobj()
    total, pos = 0, start
    chunk = data[pos : pos + _IN_CHUNK]
    try:
        while chunk:
            total += len(inflate.decompress(chunk, _OUT_CHUNK))
            if total > limit or inflate.eof:
                break
            chunk = inflate.unconsumed_tail
            if not chunk:
                pos += _IN_CHUNK
                chunk = data[pos : pos + _IN_CHUNK]
    except zlib.error:
        pass
    return total
