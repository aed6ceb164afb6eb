"""Shared checks for the period reports' PDFs: text per page, fonts embedded, PNG rendering."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from pypdf import PageObject, PdfReader


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pages_text(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font on every page, charts included."""
    found = []
    for page in reader.pages:
        resources = page["/Resources"]
        font_sets = [resources.get("/Font", {})]
        for xobject in resources.get("/XObject", {}).values():  # charts drawn as forms
            font_sets.append(xobject.get_object().get("/Resources", {}).get("/Font", {}))
        for font_set in font_sets:
            for font in font_set.values():
                font = font.get_object()
                descendant = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                descriptor = descendant.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found.append((str(font["/BaseFont"]), embedded))
    return found


def render_png(data: bytes, folder: Path, stem: str) -> list[Path]:
    """Every page as PNG (pdftoppm, 60 dpi) for a person to look at; [] without poppler."""
    if shutil.which("pdftoppm") is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{stem}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / stem)], check=True)
    return sorted(folder.glob(f"{stem}-*.png"))


def drawn_box(page: PageObject) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points of every line, rectangle and image drawn on the page
    (table grids, rules, a printed page's image), through the page's transformations."""
    from pypdf.generic import ContentStream

    ctm, stack = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    xs: list[float] = []
    ys: list[float] = []

    def at(x: float, y: float) -> None:
        a, b, c, d, e, f = ctm
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)

    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a1, b1, c1, d1, e1, f1 = (float(v) for v in operands)
            a2, b2, c2, d2, e2, f2 = ctm
            ctm = (
                a1 * a2 + b1 * c2,
                a1 * b2 + b1 * d2,
                c1 * a2 + d1 * c2,
                c1 * b2 + d1 * d2,
                e1 * a2 + f1 * c2 + e2,
                e1 * b2 + f1 * d2 + f2,
            )
        elif op in (b"m", b"l"):
            at(float(operands[0]), float(operands[1]))
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            at(x, y)
            at(x + w, y + h)
        elif op == b"Do":  # an image or form: the unit square
            at(0, 0)
            at(1, 1)
    return min(xs), min(ys), max(xs), max(ys)


def text_spans(page: PageObject) -> list[tuple[float, float, str]]:
    """(left, right, text) in points of each piece of text pypdf reads on the page, its right end
    measured in the embedded font (ReportLab draws every run with one font and size)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reports.base import FONT, register_fonts

    register_fonts()
    spans: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        spans.append((x, x + stringWidth(text.rstrip("\n"), FONT, size) * scale, text))

    page.extract_text(visitor_text=visit)
    return spans
