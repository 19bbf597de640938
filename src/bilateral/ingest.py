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

import functools
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bilateral.decoding import decode_into
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
                      "Jaccard of their 5-word shingles); still extracted, events merge in dedup",
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
    files: list[tuple[str, Path]] = []  # (relative '/'-separated name: the sort key, path)

    def add(path: Path, folder_key: str | None = None) -> None:
        # The key is the path's relative_to(raw_root).as_posix(); when walking, it is built from the
        # folder's key instead (pathlib's relative_to, once per file, is slow next to a small file's read).
        files.append((path.relative_to(raw_root).as_posix() if folder_key is None else folder_key + path.name, path))

    # A folder that cannot be listed is not silently dropped: it becomes an entry, and reading it
    # then gives an "unreadable" row naming the error.
    unlisted = lambda exc: add(Path(exc.filename)) if exc.filename and Path(exc.filename) != raw_root else None  # noqa: E731
    for dirpath, dirnames, filenames in os.walk(raw_root, followlinks=False, onerror=unlisted):
        dirnames.sort()
        folder = Path(dirpath)
        folder_key = "" if folder == Path(raw_root) else folder.relative_to(raw_root).as_posix() + "/"
        for name in filenames:
            add(folder / name, folder_key)
        # Symlinked directories are not walked into; they are reported as files below.
        for name in list(dirnames):
            if (folder / name).is_symlink():
                add(folder / name, folder_key)
                dirnames.remove(name)
    return [path for _key, path in sorted(files, key=lambda pair: pair[0])]


def doc_id_for(sha256: str, source_file: str | None = None) -> str:
    """The content hash; a second copy of the same bytes also hashes its path so ids stay unique."""
    if source_file is None:
        return sha256[:16]
    return hashlib.sha256(f"{sha256}\0{source_file}".encode()).hexdigest()[:16]


def source_name(path: Path, raw_root: Path) -> str:
    """Relative '/'-separated name; undecodable bytes in a file name become backslash escapes."""
    rel = path.relative_to(raw_root).as_posix()
    return os.fsencode(rel).decode("utf-8", errors="backslashreplace")


def _relative_name(path: Path, raw_root: Path) -> str:
    """``path.relative_to(raw_root).as_posix()``; by string when ``path`` is spelt under ``raw_root``, as
    listed paths are (pathlib's relative_to, twice per file, cost more than reading a small file)."""
    text, root = str(path), str(raw_root)
    if os.sep == "/" and text.startswith(root) and text[len(root):len(root) + 1] == "/" and root != "/":
        return text[len(root) + 1:]
    return path.relative_to(raw_root).as_posix()


def raw_path(raw_root: Path, source_file: str) -> Path:
    """The file a ``source_file`` names: undoes ``source_name``'s escapes when the name has them."""
    path = Path(raw_root) / source_file
    if "\\x" not in source_file or os.path.lexists(path):  # a plain name needs no look at the disk
        return path
    # backslashreplace wrote each undecodable byte (0x80-0xff) as \xNN; the OS name holds it as a surrogate.
    return Path(raw_root) / re.sub(r"\\x([89a-f][0-9a-f])", lambda m: chr(0xDC00 + int(m.group(1), 16)), source_file)


def ingest_file(path: Path, raw_root: Path) -> IngestedFile:
    """One file as a record. ``path`` may also be ``raw_root / source_file`` of an escaped name."""
    record, data = read_file(path, raw_root)
    if data is not None:
        decode_into(record, data)
    return record


def read_file(path: Path, raw_root: Path) -> tuple[IngestedFile, bytes | None]:
    """The file's record with its hash and size, not yet decoded, and its bytes (None when not read)."""
    rel = _relative_name(path, raw_root)
    if "\\x" in rel:  # maybe an escaped name (``source_file``): the file it names
        path = raw_path(raw_root, rel)
        rel = source_name(path, raw_root)
    else:
        rel = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    try:
        link_stat = os.lstat(path)
    except OSError:
        link_stat = None  # reading it below reports why
    if link_stat is not None and stat.S_ISLNK(link_stat.st_mode):
        try:
            target = path.resolve(strict=False)
        except (OSError, RuntimeError) as exc:  # a link loop: RuntimeError before Python 3.13
            return _skipped(rel, "unreadable", f"link cannot be resolved: {exc}"), None
        if not target.is_relative_to(raw_root.resolve()):
            return _skipped(rel, "outside_root", f"link to {target} leaves the raw root"), None
    try:
        data, size = _read_regular(path, link_stat)
    except _NotAFile as exc:
        return _skipped(rel, "not_a_file", str(exc)), None
    except OSError as exc:
        return _skipped(rel, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}"), None
    if data is None:
        return _skipped(rel, "too_large", f"{size} bytes > limit {MAX_BYTES}", size=size, digest=sha256_file(path)), None
    digest = hashlib.sha256(data).hexdigest()
    return IngestedFile(rel, doc_id_for(digest), digest, len(data), "ok"), data


def failed(path: Path, raw_root: Path, exc: Exception) -> IngestedFile:
    """The record of a file whose reading raised something unexpected."""
    return _skipped(source_name(path, raw_root), "error", f"{type(exc).__name__}: {exc}"[:500])


# Statuses whose sha256 is of the file's bytes (the others hash the path): the ones to check for exact copies.
_CONTENT_KEYED = USABLE | {"empty", "binary", "too_large"}


class _NotAFile(Exception):
    pass


def _read_regular(path: Path, link_stat: os.stat_result | None = None) -> tuple[bytes | None, int]:
    """(bytes, size) of a regular file; bytes is None when it is over the size limit.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
    writer; fstat on the open descriptor then tells what was really opened
    (no race with a file swapped between a stat and the open). ``link_stat``:
    the path's lstat, when taken already (for anything but a link, its stat).
    """
    if link_stat is None or stat.S_ISLNK(link_stat.st_mode):
        link_stat = os.stat(path)
    _require_regular(link_stat.st_mode)  # a socket cannot even be opened: tell it before trying
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        _require_regular(info.st_mode)
        if info.st_size > MAX_BYTES:
            return None, info.st_size
        # The size fstat gave, and one byte more to see growth: a read of MAX_BYTES + 1 would allocate
        # 20 MB for each 1 KB article. A read that returns exactly that size has reached the end of the file
        # (one call); a file that grew, shrank, or gave a short read (some file systems do) is read on, to the
        # same limit as before.
        data = os.read(descriptor, info.st_size + 1)
        if len(data) != info.st_size:
            data += _read_upto(descriptor, MAX_BYTES + 1 - len(data))
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:  # grew while we read it
        return None, len(data)
    return data, len(data)


def _read_upto(descriptor: int, limit: int) -> bytes:
    """Up to ``limit`` bytes, fewer only at the end of the file (a read may return less)."""
    chunks, left = [], limit
    while left > 0:
        chunk = os.read(descriptor, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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
    statuses = CorpusStatuses(raw_root)
    for path in list_raw_files(raw_root):
        try:
            record = ingest_file(path, raw_root)
            statuses.decide(record)
        except Exception as exc:  # noqa: BLE001  (one bad file must not stop the run; the row says what broke)
            record = failed(path, raw_root, exc)
        yield record


class CorpusStatuses:
    """The statuses that depend on the files before: duplicate and near_duplicate, decided in corpus order.

    ``raw_root``: where the files are, so that a near-duplicate candidate's Jaccard is computed from both texts
    (read again: only a few files in a hundred have a candidate); without it the MinHash estimate decides.
    """

    def __init__(self, raw_root: Path | None = None, jaccards: dict[tuple[str, str], float] | None = None) -> None:
        from bilateral import neardup  # noqa: PLC0415  (numpy: only when ingesting)

        # The exact Jaccards ``near_copies`` computed, by (sha256, sha256 of the earlier file): a rerun's
        # scan passes in the last run's (they depend on the two files' bytes alone) and stores them again.
        self.jaccards = jaccards if jaccards is not None else {}
        self.jaccards_learned = False

        self.first_of: dict[str, str] = {}
        self.near = neardup.NearDuplicateIndex()
        self._neardup = neardup
        self.raw_root = Path(raw_root) if raw_root is not None else None
        # Stories near-copied many times are read once for all their copies.
        self._shingles_of = functools.lru_cache(maxsize=64)(self._read_shingles)

    def decide(self, record: IngestedFile) -> None:
        """Mark ``record`` duplicate or near_duplicate, against the files decided before it."""
        self.decide_duplicate(record)
        if record.status in USABLE:
            verify = self._verifier(record.source_file, record.sha256, record.text)
            match, score = self.near.match_and_add(record.source_file, self._neardup.signature(record.text), verify)
            record.status, record.status_detail = self.near_status(record.status, record.status_detail, match, score)

    def decide_duplicate(self, record: IngestedFile) -> None:
        """``decide``'s first step alone: mark ``record`` duplicate when an earlier file had the same bytes."""
        if record.status in _CONTENT_KEYED:
            if record.sha256 in self.first_of:
                record.doc_id = doc_id_for(record.sha256, record.source_file)
                was = "" if record.status in USABLE else f" ({record.status})"
                record.status, record.status_detail = "duplicate", f"same bytes as {self.first_of[record.sha256]}{was}"
                record.text = ""
            else:
                self.first_of[record.sha256] = record.source_file

    def near_copies(self, files: list[tuple[str, str]], signatures) -> list[tuple[str | None, float]]:
        """``decide``'s second step for a whole corpus at once (``neardup.match_all``): the (earlier file, Jaccard)
        of each of ``files``, or (None, 0.0). ``files``: (source_file, sha256) of the corpus's usable files that
        are no duplicate, in corpus order, with their signatures as the rows of ``signatures``. The same answers
        as deciding file by file, without any text held (a candidate's is read again, and must still have the
        bytes it was scanned with)."""
        sha_of = dict(files)
        verify_for = ((lambda k: self._verifier(*files[k], sha_of=sha_of)) if self.raw_root is not None else None)
        return self._neardup.match_all([name for name, _ in files], signatures, verify_for)

    def near_status(self, status: str, detail: str | None, match: str | None, score: float) -> tuple[str, str | None]:
        """The status and detail of a file with this near-duplicate ``match`` (None: as they were)."""
        if match is None:
            return status, detail
        repairs = f"; {detail}" if detail else ""
        how = "Jaccard" if self.raw_root is not None else "estimated Jaccard"
        return "near_duplicate", f"near copy of {match} ({how} {score:.2f}){repairs}"

    def _verifier(self, source_file: str, sha256: str, text: str = "", sha_of: dict[str, str] | None = None):
        """``verify`` for a file (its text, or read again when not given); with ``sha_of`` (each file's sha256 by
        name), Jaccards are looked up in and added to ``jaccards``, and a file read again must have that hash."""
        if self.raw_root is None:
            return None
        mine: list = []  # the file's shingles, made when a first candidate asks for them

        def verify(earlier: str) -> float | None:
            pair = (sha256, sha_of[earlier]) if sha_of is not None else None
            if pair in self.jaccards:
                return self.jaccards[pair]
            try:
                if not mine:
                    mine.append(self._neardup.shingle_hashes(text) if text
                                else self._read_shingles(source_file, sha256 if sha_of is not None else None))
                theirs = self._shingles_of(earlier, pair[1] if pair is not None else None)
                score = None if mine[0] is None or theirs is None else self._neardup.jaccard(mine[0], theirs)
            except Exception:  # noqa: BLE001  (e.g. out of memory on a huge text: no Jaccard, so no match to name)
                return None
            if pair is not None and score is not None:
                self.jaccards[pair], self.jaccards_learned = score, True
            return score
        return verify

    def _read_shingles(self, source_file: str, sha256: str | None = None):
        """The shingle hashes of a file's text as ingest reads it; None when it cannot be read now, or (given
        ``sha256``) no longer has those bytes."""
        try:
            record = ingest_file(raw_path(self.raw_root, source_file), self.raw_root)
        except Exception:  # noqa: BLE001  (a file gone or broken since: no longer a match to name)
            return None
        if sha256 is not None and record.sha256 != sha256:
            return None
        return self._neardup.shingle_hashes(record.text) if record.status in USABLE else None


def _skipped(rel: str, status: str, detail: str, size: int = 0, digest: str | None = None) -> IngestedFile:
    # A file we could not read has no content hash; its id hashes its path so it is still stable.
    digest = digest or hashlib.sha256(f"unread\0{rel}".encode()).hexdigest()
    return IngestedFile(rel, doc_id_for(digest, rel if status != "too_large" else None), digest, size, status, detail)
