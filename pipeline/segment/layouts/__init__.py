"""The seed layouts: one segmenter per document shape the project started from.

`pipeline.segment.detect_layout` picks one of these only when it scores 1.0; every other
document goes through the generic shape recognizers (`pipeline.segment.shapes`). A layout
module has `NAME`, `detect(doc) -> float` and `segment(doc, ctx) -> Extraction`.
"""
