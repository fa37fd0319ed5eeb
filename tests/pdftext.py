"""The text of a PDF, for tests that check what a generated document says (pypdf: pure
Python, so a fresh machine needs no poppler-utils)."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """All pages' text, joined; whitespace runs as single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
