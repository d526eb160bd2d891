#!/usr/bin/env python3
"""Checks that PNG charts are real, drawn charts, with the standard library only.

usage: png_check.py [--min-size WxH] [--min-colours N] [--min-coloured N] [--stats] FILE...

Each FILE must be a PNG whose chunks all pass their CRC, with an IHDR, IDAT data that
zlib-decompresses to exactly the scanlines the header announces (every filter type undone),
and an IEND. Then the picture must look like a chart rather than an empty frame:
- at least --min-size pixels (default 320x200);
- at least --min-colours distinct colours (default 8: background, axes and text in greys, and
  the anti-aliased edges of whatever was drawn);
- at least --min-coloured coloured pixels (default 500), i.e. pixels whose channels differ by
  more than 48 of 255: the axes, grid, labels and title of these charts are grey or black, the
  data (points, lines, interval boxes) is drawn in colour, so a chart whose data is missing
  comes out nearly all grey;
- the coloured pixels are not all in one small spot (their bounding box spans at least a tenth of
  the width and of the height), so a key sample alone does not pass for data.
--stats prints the measurements of each file instead of judging them (to choose thresholds).
Exit 0 when every file passes; otherwise 1, with one line per failing file naming what is wrong.
"""
import collections
import itertools
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


class Bad(Exception):
    pass


def decode(path):
    """(width, height, rows of RGB tuples) of an 8-bit, non-interlaced PNG."""
    data = open(path, "rb").read()
    if data[:8] != SIGNATURE:
        raise Bad("no PNG signature")
    pos, chunks = 8, []
    while pos < len(data):
        if pos + 8 > len(data):
            raise Bad("truncated chunk header")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise Bad(f"truncated {kind!r} chunk")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise Bad(f"bad CRC in {kind!r} chunk")
        chunks.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR":
        raise Bad("first chunk is not IHDR")
    if chunks[-1][0] != b"IEND":
        raise Bad("no IEND chunk")
    width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or ctype not in CHANNELS or interlace:
        raise Bad(f"unsupported PNG: bit depth {depth}, colour type {ctype}, interlace {interlace}")
    palette = None
    if ctype == 3:
        plte = [b for k, b in chunks if k == b"PLTE"]
        if not plte:
            raise Bad("palette image without PLTE")
        palette = [tuple(plte[0][i:i + 3]) for i in range(0, len(plte[0]) - 2, 3)]
    try:
        raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    except zlib.error as e:
        raise Bad(f"IDAT does not decompress: {e}")
    bpp = CHANNELS[ctype]
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise Bad(f"IDAT holds {len(raw)} bytes, {width}x{height} needs {height * (stride + 1)}")
    rows, prev = [], bytes(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        if ftype > 4:
            raise Bad(f"row {y}: unknown filter type {ftype}")
        line = UNFILTER[ftype](line, prev, bpp)
        rows.append(line)
        prev = line
    return width, height, pixels(rows, ctype, bpp, palette)


# The filters of PNG §9.2, undone. Whole-row work goes to C where it can: Up adds two rows bytewise
# as big integers (the carry out of each byte masked off), Sub is a running sum per channel.
def unfilter_none(line, prev, bpp):
    return line


def add_bytes(x, y):
    n = len(x)
    lo, hi = int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big")
    a, b = int.from_bytes(x, "big"), int.from_bytes(y, "big")
    return (((a & lo) + (b & lo)) ^ ((a ^ b) & hi)).to_bytes(n, "big")


def unfilter_up(line, prev, bpp):
    return add_bytes(line, prev)


def unfilter_sub(line, prev, bpp):
    out = bytearray(len(line))
    for c in range(bpp):
        out[c::bpp] = bytes(map((255).__and__, itertools.accumulate(line[c::bpp])))
    return bytes(out)


def unfilter_average(line, prev, bpp):
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - bpp] if i >= bpp else 0
        out[i] = (out[i] + ((left + prev[i]) >> 1)) & 0xFF
    return bytes(out)


def unfilter_paeth(line, prev, bpp):
    out = bytearray(line)
    for i in range(len(out)):
        r, b = out[i], prev[i]
        if i < bpp:  # a = c = 0: the predictor is b
            out[i] = (r + b) & 0xFF
            continue
        a, c = out[i - bpp], prev[i - bpp]
        if b == c:  # p = a: the predictor is a (a chart's background, mostly)
            out[i] = (r + a) & 0xFF
            continue
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        out[i] = (r + pred) & 0xFF
    return bytes(out)


UNFILTER = (unfilter_none, unfilter_sub, unfilter_up, unfilter_average, unfilter_paeth)


def pixels(rows, ctype, bpp, palette):
    """Each row as a list of RGB tuples; alpha is composed over white, as a viewer shows it."""
    out = []
    for line in rows:
        if ctype == 2:
            out.append(list(zip(line[0::3], line[1::3], line[2::3])))
        elif ctype == 6:
            px = zip(line[0::4], line[1::4], line[2::4], line[3::4])
            out.append([p[:3] if p[3] == 255 else
                        tuple((v * p[3] + 255 * (255 - p[3])) // 255 for v in p[:3]) for p in px])
        elif ctype == 0:
            out.append(list(zip(line, line, line)))
        elif ctype == 4:
            g = [(v * a + 255 * (255 - a)) // 255 for v, a in zip(line[0::2], line[1::2])]
            out.append(list(zip(g, g, g)))
        else:
            if max(line) >= len(palette):
                raise Bad("palette index out of range")
            out.append([palette[i] for i in line])
    return out


def coloured(p):
    return max(p) - min(p) > 48


def measure(path):
    width, height, rows = decode(path)
    colours = collections.Counter()
    ys, x0, x1, count = [], width, -1, 0
    for y, px in enumerate(rows):
        row = collections.Counter(px)
        colours.update(row)
        hues = {p for p in row if coloured(p)}
        if not hues:
            continue
        count += sum(row[p] for p in hues)
        ys.append(y)
        x0 = min(x0, next(x for x, p in enumerate(px) if p in hues))
        x1 = max(x1, width - 1 - next(x for x, p in enumerate(reversed(px)) if p in hues))
    background = max(colours.values())
    return {
        "width": width,
        "height": height,
        "colours": len(colours),
        "non_background": width * height - background,
        "coloured": count,
        "coloured_span_x": x1 - x0 + 1 if count else 0,
        "coloured_span_y": ys[-1] - ys[0] + 1 if count else 0,
    }


def main(argv):
    min_w, min_h, min_colours, min_coloured, stats = 320, 200, 8, 500, False
    files = []
    args = iter(argv)
    for a in args:
        if a == "--min-size":
            min_w, min_h = map(int, next(args).split("x"))
        elif a == "--min-colours":
            min_colours = int(next(args))
        elif a == "--min-coloured":
            min_coloured = int(next(args))
        elif a == "--stats":
            stats = True
        else:
            files.append(a)
    if not files:
        print("png_check: no files given", file=sys.stderr)
        return 2
    bad = 0
    for f in files:
        try:
            m = measure(f)
        except (OSError, Bad) as e:
            print(f"png_check: {f}: {e}")
            bad += 1
            continue
        if stats:
            print(f, " ".join(f"{k}={v}" for k, v in m.items()))
            continue
        problems = []
        if m["width"] < min_w or m["height"] < min_h:
            problems.append(f"{m['width']}x{m['height']} is smaller than {min_w}x{min_h}")
        if m["colours"] < min_colours:
            problems.append(f"{m['colours']} distinct colours, fewer than {min_colours}")
        if m["coloured"] < min_coloured:
            problems.append(f"{m['coloured']} coloured pixels, fewer than {min_coloured}: no data drawn?")
        elif m["coloured_span_x"] < m["width"] // 10 or m["coloured_span_y"] < m["height"] // 10:
            problems.append(f"the coloured pixels span only {m['coloured_span_x']}x"
                            f"{m['coloured_span_y']}: a key sample, no data?")
        if problems:
            print(f"png_check: {f}: " + "; ".join(problems))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
