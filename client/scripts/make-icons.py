#!/usr/bin/env python3
"""Draw the Small Wins app icons as PNG files, using the standard library only.

The glyph is a small rounded sun (a disc and eight soft rays) in warm yellow on deep teal.
Each pixel's colour comes from signed distance functions: a shape's distance to the pixel
centre, in pixels, turns into coverage with a one-pixel ramp, which gives clean anti-aliased
edges without a drawing library. PNGs are written by hand (zlib + struct): RGBA, 8 bits.

Icons (written to client/public/icons/):
  icon-192.png, icon-512.png   purpose "any": rounded square, transparent corners
  icon-maskable-512.png        purpose "maskable": full bleed, glyph inside the safe zone
                               (the centre circle of radius 40 %, which every mask keeps)
  apple-touch-icon-180.png     full bleed (iOS rounds the corners itself, and would paint
                               transparent corners black)
  icon-32.png                  favicon

Run: python3 scripts/make-icons.py
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "public" / "icons"

BACKGROUND = (15, 94, 90)  # deep teal, the manifest theme colour #0f5e5a
SUN = (255, 201, 74)  # warm yellow #ffc94a
RAYS = 8


def coverage(distance: float) -> float:
    """Signed distance in pixels (negative inside) to the share of the pixel covered."""
    return min(1.0, max(0.0, 0.5 - distance))


def rounded_square(x: float, y: float, size: float, radius: float) -> float:
    """Signed distance to a square of side `size` at the origin with rounded corners."""
    half = size / 2
    qx = abs(x - half) - (half - radius)
    qy = abs(y - half) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    inside = min(max(qx, qy), 0.0)
    return outside + inside - radius


def capsule(px: float, py: float, ax: float, ay: float, bx: float, by: float, r: float) -> float:
    """Signed distance to a segment from a to b thickened by r (a ray with round ends)."""
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy)) - r


def sun_distance(x: float, y: float, cx: float, cy: float, scale: float) -> float:
    """Signed distance to the sun glyph; `scale` is its outer radius in pixels."""
    best = math.hypot(x - cx, y - cy) - 0.5 * scale
    inner, outer, thickness = 0.72 * scale, 0.92 * scale, 0.08 * scale
    for i in range(RAYS):
        angle = 2 * math.pi * i / RAYS
        c, s = math.cos(angle), math.sin(angle)
        ray = capsule(
            x, y, cx + c * inner, cy + s * inner, cx + c * outer, cy + s * outer, thickness
        )
        best = min(best, ray)
    return best


def draw(size: int, *, full_bleed: bool, glyph_radius: float) -> bytes:
    """Raw RGBA rows (each prefixed by PNG filter type 0) for one icon."""
    corner = 0.22 * size
    centre = size / 2
    scale = glyph_radius * size
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        y = j + 0.5
        for i in range(size):
            x = i + 0.5
            bg = 1.0 if full_bleed else coverage(rounded_square(x, y, size, corner))
            if bg == 0.0:
                rows += b"\x00\x00\x00\x00"
                continue
            fg = coverage(sun_distance(x, y, centre, centre, scale))
            rgb = [round(b + (s - b) * fg) for b, s in zip(BACKGROUND, SUN, strict=True)]
            rows += bytes((*rgb, round(255 * bg)))
    return bytes(rows)


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


ICONS = {
    # name: (size, full bleed, glyph outer radius as a share of the side)
    "icon-32.png": (32, False, 0.40),
    "icon-192.png": (192, False, 0.34),
    "icon-512.png": (512, False, 0.34),
    "icon-maskable-512.png": (512, True, 0.27),  # well inside the 40 % safe-zone circle
    "apple-touch-icon-180.png": (180, True, 0.32),
}


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, (size, full_bleed, radius) in ICONS.items():
        data = png(size, draw(size, full_bleed=full_bleed, glyph_radius=radius))
        (OUT_DIR / name).write_bytes(data)
        print(f"{name}: {size}x{size}, {len(data)} bytes")


if __name__ == "__main__":
    main()
