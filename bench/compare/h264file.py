"""Cuts a raw H.264 Annex B file into access units, the way a paced file source plays it."""

VCL_TYPES = (1, 5)
PREFIX_TYPES = (6, 7, 8, 9)  # SEI, SPS, PPS, access unit delimiter: they open an access unit


def _nal_starts(data):
    """(offset of the start code, offset of the NAL header) of every NAL unit."""
    starts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        code = i - 1 if i > 0 and data[i - 1] == 0 else i
        starts.append((code, i + 3))
        i = data.find(b"\x00\x00\x01", i + 3)
    return starts


def access_units(data):
    """List of (bytes, is_idr), starting at the first IDR (as Edge's file source does)."""
    starts = _nal_starts(data)
    units = []
    unit_start = None
    seen_vcl = False
    idr = False
    for code, header in starts:
        if header >= len(data):
            break
        nal_type = data[header] & 0x1F
        first_slice = nal_type in VCL_TYPES and header + 1 < len(data) and data[header + 1] & 0x80 != 0
        opens = (nal_type in PREFIX_TYPES and seen_vcl) or (first_slice and seen_vcl)
        if unit_start is None:
            unit_start = code
        elif opens:
            units.append((data[unit_start:code], idr))
            unit_start = code
            seen_vcl = False
            idr = False
        if nal_type in VCL_TYPES:
            seen_vcl = True
            idr = idr or nal_type == 5
    if unit_start is not None and seen_vcl:
        units.append((data[unit_start:], idr))
    first_idr = next((i for i, (_, is_idr) in enumerate(units) if is_idr), None)
    if first_idr is None:
        raise ValueError("no IDR picture in the file")
    return units[first_idr:]
