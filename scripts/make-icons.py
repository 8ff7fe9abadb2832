"""Writes public/icon-192.png and public/icon-512.png (the web manifest's raster icons) without image libraries:
a blue rounded square with two rings and a wave, the same drawing as public/icon.svg. Run: python3 scripts/make-icons.py"""
import math, struct, zlib

def png(path, size):
    blue, white, pale = (0x25, 0x63, 0xeb), (255, 255, 255), (0xdb, 0xea, 0xfe)
    s = size / 64.0
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) / s, (y + 0.5) / s
            # rounded square, radius 12
            dx, dy = max(12 - u, 0, u - 52), max(12 - v, 0, v - 52)
            if dx * dx + dy * dy > 144:
                row += bytes((0, 0, 0, 0)); continue
            c = blue
            if abs(math.hypot(u - 22, v - 26) - 9) < 2: c = white
            elif abs(math.hypot(u - 42, v - 26) - 9) < 2: c = pale
            elif 12 <= u <= 52 and abs(v - (48 - 6 * math.sin((u - 12) / 40 * 2 * math.pi))) < 2: c = white
            row += bytes((*c, 255))
        rows.append(bytes(row))
    raw = zlib.compress(b''.join(rows), 9)
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', raw) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

for n in (192, 512):
    png(f'public/icon-{n}.png', n)
