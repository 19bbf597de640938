"""Ingest: every file under the raw root becomes one ``IngestedFile``.

Nothing is dropped: a file that cannot be used still yields a record whose
``status`` says why (see ``STATUSES``), so the documents table always has one
row per raw file. Decoding uses UTF-8 first, then charset-normalizer's guess;
mojibake is repaired with ftfy; HTML is reduced to its text.

Safety rules, because the run is unattended and the input unseen:
- only regular files are opened, and with O_NONBLOCK, so a FIFO, socket or
  device in the raw folder is reported (``not_a_file``) instead of hanging the run;
- links are resolved and must stay inside the raw root;
- any unexpected exception while reading one file becomes status ``error``
  for that file, and the run goes on (one row per raw file, always);
- path names that are not valid UTF-8 are kept with backslash escapes, so
  every later stage (hashing, Parquet, CSV) can write them.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bilateral.provenance import sha256_file

# status -> meaning; the dataset card lists these.
STATUSES: dict[str, str] = {
    "ok": "decoded as UTF-8 and used as it is",
    "repaired": "used after a repair named in status_detail (encoding, mojibake, HTML, BOM)",
    "empty": "no text: the file is empty or white space only",
    "binary": "not text (NUL bytes or undecodable); skipped",
    "too_large": "larger than the size limit; skipped",
    "duplicate": "the same bytes as another raw file (named in status_detail); not extracted again",
    "unreadable": "could not be read (permissions or I/O error); skipped",
    "outside_root": "a link that leads outside the raw root; not followed",
    "not_a_file": "a FIFO, socket, device or link to a folder; never opened (reading could block)",
    "near_duplicate": "text nearly the same as another raw file (named in status_detail, with the "
                      "estimated Jaccard); still extracted, events merge in dedup",
    "error": "an unexpected error while reading it (named in status_detail); skipped, the run goes on",
    "extract_error": "decoded, but extraction raised an error (named in status_detail); no sentences or events "
                     "from it, the run goes on",
}
# Statuses whose text goes on to extraction. near_duplicate is usable: see bilateral.neardup for why.
USABLE = frozenset({"ok", "repaired", "near_duplicate"})
MAX_BYTES = 20 * 1024 * 1024  # news articles are KBs; a larger file is almost surely not one article


@dataclass
class IngestedFile:
    source_file: str  # path relative to the raw root, '/'-separated
    doc_id: str
    sha256: str
    n_bytes: int
    status: str
    status_detail: str | None = None
    encoding: str | None = None
    text: str = ""


def list_raw_files(raw_root: Path) -> list[Path]:
    """Every file under raw_root (hidden files included), sorted by relative path for a stable order."""
    files = []
    # A folder that cannot be listed is not silently dropped: it becomes an entry, and reading it
    # then gives an "unreadable" row naming the error.
    unlisted = lambda exc: files.append(Path(exc.filename)) if exc.filename and Path(exc.filename) != raw_root else None  # noqa: E731
    for dirpath, dirnames, filenames in os.walk(raw_root, followlinks=False, onerror=unlisted):
        dirnames.sort()
        for name in filenames:
            files.append(Path(dirpath) / name)
        # Symlinked directories are not walked into; they are reported as files below.
        for name in list(dirnames):
            if (Path(dirpath) / name).is_symlink():
                files.append(Path(dirpath) / name)
                dirnames.remove(name)
    return sorted(files, key=lambda p: p.relative_to(raw_root).as_posix())


def doc_id_for(sha256: str, source_file: str | None = None) -> str:
    """The content hash; a second copy of the same bytes also hashes its path so ids stay unique."""
    if source_file is None:
        return sha256[:16]
    return hashlib.sha256(f"{sha256}\0{source_file}".encode()).hexdigest()[:16]


def source_name(path: Path, raw_root: Path) -> str:
    """Relative '/'-separated name; undecodable bytes in a file name become backslash escapes."""
    rel = path.relative_to(raw_root).as_posix()
    return os.fsencode(rel).decode("utf-8", errors="backslashreplace")


def raw_path(raw_root: Path, source_file: str) -> Path:
    """The file a ``source_file`` names: undoes ``source_name``'s escapes when the name has them."""
    path = Path(raw_root) / source_file
    if os.path.lexists(path) or "\\x" not in source_file:
        return path
    # backslashreplace wrote each undecodable byte (0x80-0xff) as \xNN; the OS name holds it as a surrogate.
    return Path(raw_root) / re.sub(r"\\x([89a-f][0-9a-f])", lambda m: chr(0xDC00 + int(m.group(1), 16)), source_file)


def ingest_file(path: Path, raw_root: Path) -> IngestedFile:
    """One file as a record. ``path`` may also be ``raw_root / source_file`` of an escaped name."""
    path = raw_path(raw_root, path.relative_to(raw_root).as_posix())
    rel = source_name(path, raw_root)
    if path.is_symlink():
        try:
            target = path.resolve(strict=False)
        except (OSError, RuntimeError) as exc:  # a link loop: RuntimeError before Python 3.13
            return _skipped(rel, "unreadable", f"link cannot be resolved: {exc}")
        if not target.is_relative_to(raw_root.resolve()):
            return _skipped(rel, "outside_root", f"link to {target} leaves the raw root")
    try:
        data, size = _read_regular(path)
    except _NotAFile as exc:
        return _skipped(rel, "not_a_file", str(exc))
    except OSError as exc:
        return _skipped(rel, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    if data is None:
        return _skipped(rel, "too_large", f"{size} bytes > limit {MAX_BYTES}", size=size, digest=sha256_file(path))
    digest = hashlib.sha256(data).hexdigest()
    record = IngestedFile(rel, doc_id_for(digest), digest, len(data), "ok")
    decode_into(record, data)
    return record


# Statuses whose sha256 is of the file's bytes (the others hash the path): the ones to check for exact copies.
_CONTENT_KEYED = USABLE | {"empty", "binary", "too_large"}


class _NotAFile(Exception):
    pass


def _read_regular(path: Path) -> tuple[bytes | None, int]:
    """(bytes, size) of a regular file; bytes is None when it is over the size limit.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
    writer; fstat on the open descriptor then tells what was really opened
    (no race with a file swapped between a stat and the open).
    """
    _require_regular(os.stat(path).st_mode)  # a socket cannot even be opened: tell it before trying
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        _require_regular(info.st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        if info.st_size > MAX_BYTES:
            return None, info.st_size
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # grew while we read it
        return None, len(data)
    return data, len(data)


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = "folder" if stat.S_ISDIR(mode) else "FIFO" if stat.S_ISFIFO(mode) else \
            "socket" if stat.S_ISSOCK(mode) else "device or special file"
        raise _NotAFile(f"a {kind}, not a regular file")


def ingest(raw_root: Path) -> Iterator[IngestedFile]:
    """Ingest every file under raw_root: one record per file, whatever happens to it.

    Identical bytes are ingested once and later copies marked duplicate; text
    nearly identical to an earlier file is marked near_duplicate (see neardup).
    """
    from bilateral.neardup import NearDuplicateIndex  # noqa: PLC0415  (numpy: only when ingesting)

    first_of: dict[str, str] = {}
    near = NearDuplicateIndex()
    for path in list_raw_files(raw_root):
        try:
            record = ingest_file(path, raw_root)
            if record.status in _CONTENT_KEYED:
                if record.sha256 in first_of:
                    record.doc_id = doc_id_for(record.sha256, record.source_file)
                    was = "" if record.status in USABLE else f" ({record.status})"
                    record.status, record.status_detail = "duplicate", f"same bytes as {first_of[record.sha256]}{was}"
                    record.text = ""
                else:
                    first_of[record.sha256] = record.source_file
            if record.status in USABLE:
                match, score, sig = near.match(record.text)
                near.add(record.source_file, sig)
                if match is not None:
                    repairs = f"; {record.status_detail}" if record.status_detail else ""
                    record.status = "near_duplicate"
                    record.status_detail = f"near copy of {match} (estimated Jaccard {score:.2f}){repairs}"
        except Exception as exc:  # noqa: BLE001  (one bad file must not stop the run; the row says what broke)
            rel = source_name(path, raw_root)
            record = _skipped(rel, "error", f"{type(exc).__name__}: {exc}"[:500])
        yield record


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


def _skipped(rel: str, status: str, detail: str, size: int = 0, digest: str | None = None) -> IngestedFile:
    # A file we could not read has no content hash; its id hashes its path so it is still stable.
    digest = digest or hashlib.sha256(f"unread\0{rel}".encode()).hexdigest()
    return IngestedFile(rel, doc_id_for(digest, rel if status != "too_large" else None), digest, size, status, detail)
