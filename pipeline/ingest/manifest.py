"""The manifest: one row of known metadata per document (`raw/manifest.csv`)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InvalidInput
from pipeline.ingest.municipalities import by_code, named, table_version
from pipeline.normalize.encoding import decode

COLUMNS = (
    "file",
    "municipality_code",
    "prefecture",
    "city",
    "title",
    "doc_kind",
    "status",
    "published",
    "plan_fy_start",
    "plan_fy_end",
    "notes",
)
MANIFEST_NAMES = ("manifest.csv", "MANIFEST.csv")

# A document id names files (`normalized/<table>/<document_id>.parquet`): a bounded set of
# characters that is safe in a path and in a glob, and never `..`.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
SAFE_ID_RULE = "letters, digits, . _ - (starting with a letter or digit, at most 128, no ..)"


def is_safe_id(document_id: str) -> bool:
    return bool(SAFE_ID.match(document_id)) and ".." not in document_id


def safe_id(text: str) -> str:
    """`text` when it is a safe id; else its unsafe characters as `_` plus a short hash of `text`."""
    if is_safe_id(text):
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    body = re.sub(r"[^A-Za-z0-9._-]", "_", text).replace("..", "_")
    body = re.sub(r"^[^A-Za-z0-9]+", "", body)[:110].rstrip(".")
    return f"{body}-{digest}" if body else f"doc-{digest}"


@dataclass(frozen=True, slots=True)
class Entry:
    """A manifest row (or, for a file not in the manifest, just its path)."""

    file: str
    document_id: str
    municipality_code: str | None = None
    prefecture: str | None = None
    city: str | None = None
    title: str | None = None
    doc_kind: str | None = None
    status: str | None = None
    published: str | None = None
    plan_fy_start: int | None = None
    plan_fy_end: int | None = None
    notes: str | None = None
    line: int | None = None
    in_manifest: bool = True
    errors: tuple[str, ...] = field(default_factory=tuple)
    readable: bool = True  # False: the row cannot be processed (no file, repeated id, unsafe id)
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def unlisted(cls, path: Path, taken: set[str] | frozenset[str] = frozenset()) -> Entry:
        """The entry of a file the manifest does not list (its metadata is detected from the text).

        Its id is the file stem, made safe; a stem already `taken` (a listed `X.txt` beside
        an unlisted `X.pdf`) gets the suffix too (`X_pdf`): two files are two documents.
        """
        document_id, warnings = safe_id(path.stem), []
        if document_id != path.stem:
            warnings.append(
                f"{path.name}: the file name is not a safe document id; the id is {document_id!r}"
            )
        if document_id in taken:
            other = safe_id(f"{path.stem}_{path.suffix.lstrip('.')}")
            warnings.append(f"{path.name}: id {document_id!r} is another document's; this one is {other!r}")
            document_id = other
        return cls(file=path.name, document_id=document_id, in_manifest=False, warnings=tuple(warnings))


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def find_manifest(raw_dir: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        if (raw_dir / name).is_file():
            return raw_dir / name
    return None


DOC_KINDS = ("plan", "crosswalk", "progress_report")
STATUSES = ("draft", "final")


def row_errors(row: dict[str, str]) -> list[str]:
    """What is wrong with one manifest row (empty when nothing is)."""
    errors = []
    if not row.get("file"):
        errors.append("the row names no file")
    code = row.get("municipality_code")
    if code and not (code.isdigit() and len(code) in (5, 6)):
        errors.append(f"municipality_code {code!r} is not a 5-digit local government code")
    for key, allowed in (("doc_kind", DOC_KINDS), ("status", STATUSES)):
        if row.get(key) and row[key] not in allowed:
            errors.append(f"{key} {row[key]!r} is not one of {', '.join(allowed)}")
    for key in ("plan_fy_start", "plan_fy_end"):
        if row.get(key) and _int(row[key]) is None:
            errors.append(f"{key} {row[key]!r} is not a year")
    start, end = _int(row.get("plan_fy_start")), _int(row.get("plan_fy_end"))
    if start and end and end < start:
        errors.append(f"plan_fy_end {end} is before plan_fy_start {start}")
    return errors


def municipality_problems(row: dict[str, str]) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a row's municipality_code against the 全国地方公共団体コード table.

    A well-formed code the table does not hold is an error; a code of another
    municipality than the row's city (or prefecture) is a warning naming both.
    """
    code = row.get("municipality_code") or ""
    if not (code.isdigit() and len(code) in (5, 6)):
        return [], []  # missing, or malformed (row_errors says so)
    found = by_code(code)
    if found is None:
        return [
            f"municipality_code {code!r} is not in the local government code table ({table_version()})"
        ], []
    city, prefecture = row.get("city") or "", row.get("prefecture") or ""
    if city and city not in (found.name, found.ward_of):
        others = named(city, prefecture or None) or named(city)
        codes = ", ".join(f"{m.prefecture}{m.name} {m.code}" for m in others) or "not in the table"
        return [], [
            f"municipality_code {code} is {found.prefecture}{found.name}, not the row's city "
            f"{prefecture}{city} ({codes})"
        ]
    if prefecture and prefecture != found.prefecture:
        return [], [
            f"municipality_code {code} is {found.prefecture}{found.name}, not in the row's prefecture {prefecture}"
        ]
    return [], []


def read_manifest(path: Path) -> list[Entry]:
    """Read a manifest; a bad row keeps its errors on the entry, a repeated id is an error.

    The file may be UTF-8 (with or without BOM), CP932 or UTF-16 with BOM (what Excel
    saves); one in none of these, or not CSV, is an `InvalidInput` naming the file.
    """
    entries = []
    seen: dict[str, int] = {}
    with io.StringIO(manifest_text(path), newline="") as f:
        reader = csv.DictReader(f)
        if "file" not in (_checked(lambda: reader.fieldnames, path) or []):
            raise InvalidInput(f"{path}: the manifest has no `file` column (columns: {', '.join(COLUMNS)})")
        for number, row in enumerate(_rows(reader, path), start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            errors, warnings = row_errors(row), []
            code_errors, code_warnings = municipality_problems(row)
            errors += code_errors
            warnings += [f"manifest line {number}: {w}" for w in code_warnings]
            readable = bool(row.get("file"))
            stem = Path(row.get("file", "")).stem
            if row.get("document_id"):
                document_id = row["document_id"]
                if not is_safe_id(document_id):
                    errors.append(
                        f"document_id {document_id!r} is not a safe id ({SAFE_ID_RULE}); row skipped"
                    )
                    document_id, readable = f"manifest-line-{number}", False
            elif stem:
                document_id = safe_id(stem)
                if document_id != stem:
                    warnings.append(
                        f"{row['file']}: the file name is not a safe document id; the id is {document_id!r}"
                    )
            else:
                document_id = f"manifest-line-{number}"
            if document_id in seen:
                errors.append(
                    f"document_id {document_id!r} is already used by line {seen[document_id]}; row skipped"
                )
                document_id, readable = f"{document_id}.line{number}", False
            seen.setdefault(document_id, number)
            entries.append(
                Entry(
                    file=row.get("file", ""),
                    document_id=document_id,
                    municipality_code=row.get("municipality_code") or None,
                    prefecture=row.get("prefecture") or None,
                    city=row.get("city") or None,
                    title=row.get("title") or None,
                    doc_kind=row.get("doc_kind") or None,
                    status=row.get("status") or None,
                    published=row.get("published") or None,
                    plan_fy_start=_int(row.get("plan_fy_start")),
                    plan_fy_end=_int(row.get("plan_fy_end")),
                    notes=row.get("notes") or None,
                    line=number,
                    errors=tuple(errors),
                    readable=readable,
                    warnings=tuple(warnings),
                )
            )
    return entries


def manifest_text(path: Path) -> str:
    """The manifest decoded like a document (`pipeline.normalize.encoding.decode`)."""
    text, encoding = decode(path.read_bytes())
    if "replacement" in encoding or "\x00" in text:
        raise InvalidInput(
            f"{path}: the manifest is not text in UTF-8, CP932 or UTF-16; save it from Excel as CSV"
        )
    return text


def _checked(get, path: Path):
    try:
        return get()
    except csv.Error as exc:
        raise InvalidInput(f"{path}: the manifest is not valid CSV ({exc})") from None


def _rows(reader: csv.DictReader, path: Path) -> Iterator[dict]:
    """The reader's rows; a CSV error (a field over the size limit, say) names the file and line."""
    try:
        yield from reader
    except csv.Error as exc:
        raise InvalidInput(
            f"{path}: the manifest is not valid CSV (line {reader.line_num + 1}: {exc})"
        ) from None
