#!/usr/bin/env python3
"""Draws thumbnail.png (144x144, the mod portal's size): a gear beside a chat bubble. Standard library only."""
import math
import struct
import sys
import zlib

SIZE = 144
BACKGROUND = (32, 34, 40)
GEAR = (230, 140, 40)
BUBBLE = (88, 101, 242)
DOT = (240, 240, 245)


def inside_gear(x, y, cx, cy):
    dx, dy = x - cx, y - cy
    r = math.hypot(dx, dy)
    teeth = 10
    angle = math.atan2(dy, dx)
    outer = 40 if math.cos(angle * teeth) > 0.2 else 32
    return 14 <= r <= outer


def inside_bubble(x, y):
    left, top, right, bottom, radius = 70, 70, 136, 116, 12
    if left + radius <= x <= right - radius and top <= y <= bottom:
        return True
    if left <= x <= right and top + radius <= y <= bottom - radius:
        return True
    for cx in (left + radius, right - radius):
        for cy in (top + radius, bottom - radius):
            if math.hypot(x - cx, y - cy) <= radius:
                return True
    # the tail, pointing down-left
    return 80 <= x <= 96 and bottom <= y <= bottom + 16 and (x - 80) >= (y - bottom)


def inside_dot(x, y):
    return any(math.hypot(x - cx, y - 93) <= 6 for cx in (87, 103, 119))


def pixel(x, y):
    if inside_dot(x, y):
        return DOT
    if inside_bubble(x, y):
        return BUBBLE
    if inside_gear(x, y, 58, 58):
        return GEAR
    return BACKGROUND


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(channel for px in row for channel in px) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "thumbnail.png"
    rows = [[pixel(x + 0.5, y + 0.5) for x in range(SIZE)] for y in range(SIZE)]
    with open(out, "wb") as f:
        f.write(png(SIZE, SIZE, rows))


if __name__ == "__main__":
    main()
