"""The signal that sends a PDF from the pdfium engine to the pdfplumber engine."""


class Unsupported(Exception):
    """A page pdfium places differently from pdfminer (rotated, media box off the origin)."""
