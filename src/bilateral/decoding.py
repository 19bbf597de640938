"""Decoding a raw file's bytes into text: UTF-8 first, then charset-normalizer's guess; mojibake
repaired with ftfy; HTML reduced to its text. Used by ``bilateral.ingest`` (see its safety rules).
"""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bilateral.ingest import IngestedFile


def decode_into(record: IngestedFile, data: bytes) -> None:
    """Decode ``data`` into ``record.text``, setting encoding, status and the repairs made."""
    repairs: list[str] = []
    if not data.strip():
        record.status, record.encoding = "empty", "utf-8"
        record.status_detail = "empty file" if not data else "white space only"
        return
    text, encoding = _decode(data)
    if text is None:
        record.status, record.status_detail = "binary", encoding
        return
    if encoding not in ("utf-8",):
        repairs.append(f"decoded as {encoding}")
    text, fixed = _fix_mojibake(text)
    if fixed:
        repairs.append("mojibake repaired (ftfy)")
    if _looks_like_html(text):
        text = _html_to_text(text)
        repairs.append("HTML reduced to text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    record.text, record.encoding = text, encoding
    if not text.strip():
        record.status, record.status_detail = "empty", "no text after decoding"
    elif repairs:
        record.status, record.status_detail = "repaired", "; ".join(repairs)


def _decode(data: bytes) -> tuple[str | None, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        return _decode_wide(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # noqa: PLC0415  (only for the rare non-UTF-8 file)

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None, "no character encoding fits"
    text, encoding = str(best), best.encoding
    # English text with a few accented letters decodes without mess in many code pages, and the
    # library's tie-break (language coherence of a handful of letters) then picks cp1250 or cp1257
    # ("à" -> "ŕ"). Among the matches as clean as the best, prefer cp1252: the web's default legacy
    # encoding (WHATWG maps latin-1 to it) and the one English news arrives in.
    for match in matches:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:  # 0x81, 0x8d, ... are undefined in cp1252: keep the library's pick
                pass
            break
    if _control_ratio(text) > 0.05:  # decodes, but as control characters: binary in disguise
        return None, f"decodes as {encoding} only into control characters: not text"
    return text, encoding.replace("_", "-")


def _decode_wide(data: bytes) -> tuple[str | None, str]:
    """NUL bytes: UTF-16/32 without a BOM (charset-normalizer tells), or binary."""
    from charset_normalizer import from_bytes  # noqa: PLC0415

    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
        try:
            text = data.decode(best.encoding)
        except UnicodeDecodeError:
            return None, "NUL bytes: not a text file"
        # NUL-rich binary can also decode as UTF-16 letters ("\x00\x01" -> "Ā"); real text has spaces.
        if _control_ratio(text) <= 0.05 and any(ch.isspace() for ch in text[:2000]):
            return text, best.encoding.replace("_", "-")
    return None, "NUL bytes: not a text file"


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v" or ch == "\x7f") / len(sample)


def _fix_mojibake(text: str) -> tuple[str, bool]:
    # ftfy is only worth its cost where a mojibake marker is present.
    if not re.search("[ÃÂâ€ðŸ]", text):
        return text, False
    import ftfy  # noqa: PLC0415

    fixed = ftfy.fix_text(text, normalization=None, uncurl_quotes=False, fix_line_breaks=False)
    return fixed, fixed != text


_HTML_MARK = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.I)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.I | re.S)
_BLOCK = re.compile(r"</?(p|div|br|h[1-6]|li|tr|article|section|title)\b[^>]*>", re.I)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_MARK.match(text[:1000]))


def _html_to_text(text: str) -> str:
    text = _BLOCK.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip() + "\n"
