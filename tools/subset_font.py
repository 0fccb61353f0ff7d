"""One-off tool: make the packaged CJK font from Noto Sans CJK (OFL-1.1).

Not a runtime dependency. Run it by hand when the font needs remaking:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    pip install fonttools
    python tools/subset_font.py deb/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc \
        src/photoreel/engine/fonts/PhotoreelSans-Bold.otf

The subset keeps Latin (Basic, Latin-1, Extended-A), general punctuation,
CJK punctuation, kana, full-width forms and the hanzi/kanji/hangul of the
GB 2312, JIS X 0208 and KS X 1001 character sets: everyday Simplified
Chinese, Japanese and Korean, at a tenth of the full font's size.
"""

from __future__ import annotations

import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SIMPLIFIED_CHINESE_FACE = 2  # NotoSansCJK TTC order: JP, KR, SC, TC, HK, then Mono faces


def _codec_chars(codec: str, lead: range, trail: range) -> set[int]:
    chars: set[int] = set()
    for a in lead:
        for b in trail:
            try:
                chars.update(ord(c) for c in bytes([a, b]).decode(codec))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_codepoints() -> set[int]:
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0x17F),
        (0x2000, 0x206F),
        (0x20A0, 0x20BF),
        (0x2100, 0x218F),
        (0x2190, 0x21FF),
        (0x2460, 0x24FF),
        (0x25A0, 0x25FF),
        (0x2600, 0x26FF),
        (0x3000, 0x30FF),
        (0x3130, 0x318F),
        (0xFF00, 0xFFEF),
    ]
    cps = {cp for lo, hi in ranges for cp in range(lo, hi + 1)}
    euc = range(0xA1, 0xFF)
    cps |= _codec_chars("gb2312", euc, euc)
    cps |= _codec_chars("euc_jp", euc, euc)
    cps |= {c for c in _codec_chars("euc_kr", euc, euc) if 0xAC00 <= c <= 0xD7A3}  # hangul
    return cps


def main(src: str, dst: str) -> None:
    font = TTCollection(src).fonts[SIMPLIFIED_CHINESE_FACE]
    options = subset.Options()
    options.layout_features = ["kern", "liga", "vert", "palt", "locl"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # video text is large and anti-aliased: hints only cost bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted_codepoints()))
    subsetter.subset(font)
    font.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
