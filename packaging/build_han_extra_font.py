"""Build resources/fonts/casedesk-han-extra.ttf, the PDFs' font for the Chinese characters the
main font (wqy-microhei.ttc) lacks (reports/fonts.py says why).

    apt-get install fonts-noto-cjk && pip install fonttools
    python packaging/build_han_extra_font.py \
        resources/fonts/wqy-microhei.ttc \
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
        resources/fonts/casedesk-han-extra.ttf

Takes from Noto Sans CJK SC every Chinese character and mark (radicals, strokes, CJK symbols,
enclosed and compatibility forms, Extensions A–G) the main font has no glyph for, converts the
CFF outlines to TrueType ones (ReportLab embeds only TrueType), and renames the font, as the
SIL Open Font License asks of a modified version (resources/fonts/LICENSE-noto-cjk.txt)."""

from __future__ import annotations

import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, newTable

SOURCE_FACE = "Noto Sans CJK SC"
FAMILY = "Casedesk Han Extra"
POSTSCRIPT = "CasedeskHanExtra-Regular"
RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x31C0, 0x31EF),  # strokes
    (0x3200, 0x33FF),  # enclosed letters and months, compatibility
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # the basic block (its latest additions, such as 鿏)
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0x20000, 0x323AF),  # Extensions B–H and the compatibility supplement
)
MAX_ERROR = 1.0  # font units (of 1,000 an em) a quadratic curve may stray from the cubic one


def wanted(main: TTFont, source: TTFont) -> list[int]:
    have = main.getBestCmap()
    return sorted(
        code
        for code in source.getBestCmap()
        if code not in have and any(lo <= code <= hi for lo, hi in RANGES)
    )


def subset(source: TTFont, codes: list[int]) -> None:
    options = Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"]
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(source)


def to_truetype(font: TTFont) -> None:
    """CFF outlines to TrueType (quadratic) ones, with the tables TrueType needs."""
    order = font.getGlyphOrder()
    cubic = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(cubic)
        cubic[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    for name in order:  # TrueType's left side bearing is the glyph's xMin
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = (advance, getattr(glyf[name], "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    names = font["name"]
    for name_id in (1, 3, 4, 6, 16, 17, 18, 21, 22):
        names.removeNames(nameID=name_id)
    for platform, encoding, language in ((3, 1, 0x409), (1, 0, 0)):
        names.setName(FAMILY, 1, platform, encoding, language)
        names.setName("Regular", 2, platform, encoding, language)
        names.setName(f"{FAMILY} Regular; subset of {SOURCE_FACE}", 3, platform, encoding, language)
        names.setName(FAMILY, 4, platform, encoding, language)
        names.setName(POSTSCRIPT, 6, platform, encoding, language)


def main(main_font: str, source_collection: str, output: str) -> None:
    main = TTCollection(main_font)[0]
    source = next(
        f for f in TTCollection(source_collection) if f["name"].getDebugName(4) == SOURCE_FACE
    )
    codes = wanted(main, source)
    subset(source, codes)
    to_truetype(source)
    rename(source)
    source.save(output)
    print(f"{output}: {len(codes):,} characters")


if __name__ == "__main__":
    main(*sys.argv[1:4])
