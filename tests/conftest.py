"""Shared test helpers: read and segment a seed document from raw/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.manifest import read_manifest
from pipeline.read import read_document
from pipeline.segment import segment_document
from pipeline.segment.base import Context, Extraction

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"


@cache
def extract(filename: str) -> tuple[str, Extraction]:
    """(layout name, extraction) of a seed document, through layout detection."""
    entries = {e.file: e for e in read_manifest(RAW / "manifest.csv")}
    entry = entries[filename]
    doc = read_document(RAW / filename)
    return segment_document(doc, Context(entry.document_id, entry))


def by(records, key: str) -> dict:
    """Index records by one field."""
    return {getattr(r, key): r for r in records}


@pytest.fixture
def raw_dir() -> Path:
    return RAW
