"""Builds a PDF from report text with reportlab, the way a word processor lays it out.

Each non-blank line of the text becomes one paragraph on the page (wrapped to the page
width, split across pages where it falls), so pypdf has to recover blocks, wrapped lines
and page breaks, as it must for real reports.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape


def build_pdf(text: str, path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    style = getSampleStyleSheet()["BodyText"]
    story = []
    for line in text.split("\n"):
        if line.strip():
            story.append(Paragraph(escape(line.replace("\t", " ")), style))
        else:
            story.append(Spacer(1, 4))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path
