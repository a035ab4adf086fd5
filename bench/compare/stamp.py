"""Reads the test pattern's burned-in stamp (src/Edge.Video/Sources/TestPattern/BurnedInCode.cs).

The stamp is a 16 x 7 grid of black/white luma blocks in the top-left corner (16 px blocks from
640x360 up): row 0 the marker 0xB38E, rows 1-2 the frame number (32 bits), rows 3-5 the capture
time (low 48 bits of CLOCK_MONOTONIC microseconds), row 6 a CRC-16/CCITT-FALSE of the 12 bytes
above. Each block is read as the mean of its centre quarter, thresholded at 128, exactly as
BurnedInCode.TryRead does; a wrong marker or checksum rejects the picture.
"""

COLUMNS = 16
ROWS = 7
MARKER = 0xB38E
CAPTURE_MASK = (1 << 48) - 1
THRESHOLD = 128


def block_size(width, height):
    if width >= 640 and height >= 360:
        return 16
    if width >= COLUMNS * 8 and height >= ROWS * 8:
        return 8
    if width >= COLUMNS * 4 and height >= ROWS * 4:
        return 4
    return 0


def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        crc &= 0xFFFF
    return crc


def read(luma, width, height, stride):
    """Returns (frame_number, capture_micros) or None for a picture without a valid stamp."""
    block = block_size(width, height)
    if block == 0 or stride < width or len(luma) < (ROWS * block - 1) * stride + COLUMNS * block:
        return None
    inset = block // 4
    sample = block // 2
    limit = THRESHOLD * sample * sample
    bits = 0
    for r in range(ROWS):
        for c in range(COLUMNS):
            total = 0
            x = c * block + inset
            for y in range(r * block + inset, r * block + inset + sample):
                at = y * stride + x
                total += sum(luma[at:at + sample])
            bits = (bits << 1) | (1 if total >= limit else 0)
    payload = bits.to_bytes(14, "big")
    if int.from_bytes(payload[0:2], "big") != MARKER:
        return None
    if int.from_bytes(payload[12:14], "big") != crc16(payload[:12]):
        return None
    number = int.from_bytes(payload[2:6], "big")
    capture = int.from_bytes(payload[6:12], "big") & CAPTURE_MASK
    return number, capture


def age_micros(capture_micros, now_micros):
    """now - capture on the 48-bit wrapped microsecond clock."""
    delta = (now_micros - capture_micros) & CAPTURE_MASK
    if delta >= 1 << 47:
        delta -= 1 << 48
    return delta
