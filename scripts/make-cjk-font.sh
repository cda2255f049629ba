#!/usr/bin/env bash
# Regenerates the CJK font subsets the API embeds in PDFs (admission tickets, certificates).
#
# Why a committed subset: the product never downloads anything at run time, and `npm ci && npm start`
# on a fresh machine must render Chinese without Debian font packages. The full Noto Sans CJK SC is
# ~16 MB a weight; GB2312 (6,763 hanzi + 682 symbols) plus ASCII, punctuation and fullwidth forms
# covers the names, employers and contest titles we print and keeps each weight at a few MB.
#
# The outlines are converted from CFF to TrueType (glyf). pdfkit then embeds a CIDFontType2 font,
# the form every PDF reader renders; CID-keyed CFF subsets (what Noto CJK's .otf would give) have a
# history of missing glyphs in fontkit (foliojs/pdfkit#1106, foliojs/fontkit#230) and of blank text
# in Acrobat. The price is size: ~2.2 MB a weight instead of ~1.6 MB. Layout features other than
# `kern` and vertical metrics are dropped: we set horizontal text only, and GSUB's locl/vert
# alternates would double the glyph count.
#
# Build-time only (this machine, not production):
#   apt-get install fonts-noto-cjk python3-fonttools
# Output: apps/api/assets/fonts/NotoSansSC-{Regular,Bold}.ttf + OFL.txt — commit them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/apps/api/assets/fonts"
SRC_DIR="${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}"
COPYRIGHT="/usr/share/doc/fonts-noto-cjk/copyright"
# Debian's python3-fonttools lives in the system interpreter (a pyenv/venv python3 may not see it).
PY="${PYTHON:-/usr/bin/python3}"

for f in "$SRC_DIR/NotoSansCJK-Regular.ttc" "$SRC_DIR/NotoSansCJK-Bold.ttc" "$COPYRIGHT"; do
  [[ -f "$f" ]] || { echo "missing $f — apt-get install fonts-noto-cjk" >&2; exit 1; }
done
"$PY" -c 'import fontTools' 2>/dev/null || { echo "fontTools not importable by $PY — apt-get install python3-fonttools" >&2; exit 1; }

mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The code points to keep, one U+XXXX per line.
"$PY" - "$WORK/unicodes.txt" <<'PY'
import sys
cps = set()
# GB2312: every valid double-byte code (rows 0xA1–0xF7, cells 0xA1–0xFE).
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            cps.update(ord(ch) for ch in bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
ranges = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: · × ÷ ° ± ¥ § and accented letters in foreign names
    (0x2000, 0x206F),  # general punctuation: — – ‘ ’ “ ” … ‰ ※
    (0x2100, 0x214F),  # letterlike: ℃ №
    (0x2160, 0x217F),  # Roman numerals Ⅰ Ⅱ
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers ① ⑴ ⒈
    (0x25A0, 0x25FF),  # geometric shapes ■ □ ● ○ ◆ △
    (0x2600, 0x2613),  # ★ ☆ ☐ ☑ ☒
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〇《》「」【】〔〕
    (0x3200, 0x32FF),  # enclosed CJK ㈠ ㊣
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # fullwidth and halfwidth forms
]
for a, b in ranges:
    cps.update(range(a, b + 1))
# Beyond GB2312: 〇 (as in 第七〇二研究所) and ·, plus characters common in personal names and
# place names that GB2312 lacks (all in 通用规范汉字表). A character outside the subset prints as a box.
cps.update(map(ord, '〇·•'))
cps.update(map(ord, '喆堃玥赟昇珺犇頔琍镕彧垚玙淏珩祎昱晧睿瑄琰璟炜钰韡旻昊晟曌燚鑫淼焱森骉垒熠锃'
                    '浛奕珈琤璇瑭瑀瑢璠瓅甦翀翊翚阳菁堉埼峣崟嵘嶂沄泓洺浠涴淇渟溆潆瀚煜熹燊'
                    '琪琦琮琛瑾瑜瑛璐璨璇邨郦亓丌冮龑陉湉赑锟镓锗铼钪钕钐钆钷钌镥'))
with open(sys.argv[1], 'w') as f:
    for cp in sorted(cps):
        f.write(f'U+{cp:04X}\n')
print(f'{len(cps)} code points', file=sys.stderr)
PY

subset() { # weight
  local weight="$1"
  # Face 2 of the collection is Noto Sans CJK SC (0 JP, 1 KR, 2 SC, 3 TC, 4 HK).
  "$PY" -m fontTools.subset "$SRC_DIR/NotoSansCJK-$weight.ttc" \
    --font-number=2 \
    --unicodes-file="$WORK/unicodes.txt" \
    --layout-features='kern' \
    --name-IDs='*' --name-languages='*' \
    --notdef-outline \
    --no-hinting \
    --drop-tables+=vhea,vmtx,VORG,DSIG \
    --output-file="$WORK/NotoSansSC-$weight.otf"
  # CFF → TrueType quadratic outlines (see the note at the top).
  "$PY" - "$WORK/NotoSansSC-$weight.otf" "$OUT/NotoSansSC-$weight.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src, recalcTimestamp=False)  # reproducible bytes across runs
glyph_order = font.getGlyphOrder()
glyph_set = font.getGlyphSet()
glyf = newTable('glyf')
glyf.glyphOrder = glyph_order
glyf.glyphs = {}
for name in glyph_order:
    pen = TTGlyphPen(glyph_set)
    glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
    glyf[name] = pen.glyph()
font['glyf'] = glyf
font['loca'] = newTable('loca')
del font['CFF ']
maxp = font['maxp']
maxp.tableVersion = 0x00010000
for attr in ('maxZones', 'maxTwilightPoints', 'maxStorage', 'maxFunctionDefs', 'maxInstructionDefs',
             'maxStackElements', 'maxSizeOfInstructions', 'maxComponentElements'):
    setattr(maxp, attr, 0)
maxp.maxZones = 1
font['head'].indexToLocFormat = 0
font['head'].glyphDataFormat = 0
# post format 3: no glyph names (saves ~150 kB; PDF embedding maps by glyph id and cmap).
font['post'].formatType = 3.0
font.sfntVersion = '\x00\x01\x00\x00'
font.save(dst)
PY
  echo "$OUT/NotoSansSC-$weight.ttf: $(stat -c %s "$OUT/NotoSansSC-$weight.ttf") bytes"
}

subset Regular
subset Bold

# The SIL Open Font License 1.1 text, from the Debian package's copyright file (License: SIL-1.1 stanza).
{
  echo "Noto Sans CJK SC — subset by scripts/make-cjk-font.sh (GB2312 + ASCII + punctuation + fullwidth forms),"
  echo "outlines converted to TrueType. Upstream: https://github.com/googlefonts/noto-cjk"
  echo "© 2014-2021 Adobe (http://www.adobe.com/)."
  echo "Noto is a trademark of Google Inc."
  echo
  echo "This Font Software is licensed under the SIL Open Font License, Version 1.1."
  echo
  # the standalone paragraph (after a blank line), not the `License:` field of the `Files: *` stanza
  awk 'prev == "" && /^License: SIL-1.1$/ {on=1; prev=$0; next}
       on && !/^ / {exit}
       on {sub(/^ /, ""); if ($0 == ".") $0 = ""; print}
       {prev=$0}' "$COPYRIGHT"
} > "$OUT/OFL.txt"
echo "$OUT/OFL.txt written"
