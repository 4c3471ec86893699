"""Read the text back out of a WeasyPrint PDF (no poppler needed): inflate the streams, map the
glyph codes of the text operators through the fonts' ToUnicode tables."""

import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
TJ = re.compile(rb"\[(.*?)\]\s*TJ", re.S)


def _streams(pdf):
    for match in STREAM.finditer(pdf):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            yield match.group(1)


def _cmap(streams):
    mapping = {}
    for data in streams:
        if b"begincmap" not in data:
            continue
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for lo, hi, start in BFRANGE.findall(block):
                for offset in range(int(hi, 16) - int(lo, 16) + 1):
                    mapping[int(lo, 16) + offset] = chr(int(start, 16) + offset)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for code, text in BFCHAR.findall(block):
                mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def pdf_text(pdf):
    """The text of `pdf`, words separated as laid out (approximate spacing)."""
    streams = list(_streams(pdf))
    mapping = _cmap(streams)
    out = []
    for data in streams:
        for array in TJ.findall(data):
            for hexcodes in re.findall(rb"<([0-9a-fA-F]+)>", array):
                codes = hexcodes.decode()
                out.extend(
                    mapping.get(int(codes[i : i + 4], 16), "?") for i in range(0, len(codes), 4)
                )
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out))
