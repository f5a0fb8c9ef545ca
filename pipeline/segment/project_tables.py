"""(in progress)"""

from pipeline.ir import Document
from pipeline.segment.base import Context, Extraction

NAME = "project_tables"


def detect(doc: Document) -> float:
    return 0.0


def segment(doc: Document, ctx: Context) -> Extraction:
    return Extraction(ctx.document_id)
