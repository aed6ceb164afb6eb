"""Shared checks for the period reports' PDFs: text per page, fonts embedded, PNG rendering."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader


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
