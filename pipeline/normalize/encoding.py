"""Bytes → text for documents and the manifest: the encodings Japanese offices save in.

UTF-8 (with or without BOM), UTF-16 (with BOM: Excel's "Unicode text"), CP932
(Shift_JIS, Excel's CSV), Shift_JIS-2004 (JIS X 0213: superscripts and kanji CP932 lacks) and
EUC-JIS-2004. Control characters other than tab and
newline are not text: `strip_controls` removes them and says how many there were.
"""

from __future__ import annotations

import re
from collections import Counter

# Tried in turn; the text least garbled wins, the first on a tie. EUC-JIS-2004 is a superset of EUC-JP.
_LEGACY_ENCODINGS = ("cp932", "shift_jis_2004", "euc_jis_2004")
# Characters that a wrong legacy decoding produces in bulk: half-width katakana, private use.
_ODD = re.compile(r"[\uff61-\uff9f\ue000-\uf8ff]")
# C0 controls and DEL, except tab, newline and carriage return (a line end, handled by readers).
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LAYOUT_CONTROLS = "\x0c"  # a form feed (pdftotext's page break) is layout: removed, not counted


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes: BOMs, then UTF-8, then the legacy encoding whose text looks least garbled."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in _LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((len(_ODD.findall(text)), len(candidates), enc, text))
    if candidates:
        *_, enc, text = min(candidates)
        return text, enc
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacement characters)"


def strip_controls(text: str) -> tuple[str, Counter[str], int | None]:
    """`text` without control characters; how many of each were removed, and the offset of the first.

    Form feeds are removed without being counted.
    """
    found: Counter[str] = Counter()
    first: int | None = None
    for m in CONTROLS.finditer(text):
        if m[0] not in _LAYOUT_CONTROLS:
            found[m[0]] += 1
            first = m.start() if first is None else first
    return CONTROLS.sub("", text), found, first


def describe_controls(found: Counter[str]) -> str:
    """`3 control characters (NUL ×2, U+0001)`."""
    names = ", ".join(
        ("NUL" if c == "\x00" else f"U+{ord(c):04X}") + (f" ×{n}" if n > 1 else "")
        for c, n in found.most_common()
    )
    total = sum(found.values())
    return f"{total} control character{'s' if total > 1 else ''} ({names})"
