"""Ingest edge cases: special files, identical skipped files, odd names, internal errors, near duplicates."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bilateral import ingest, neardup


def statuses(root):
    return {r.source_file: (r.status, r.status_detail) for r in ingest.ingest(root)}


def test_fifo_in_raw_does_not_hang_the_run(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("Some text here.")
    # In a child with a timeout: if reading the FIFO blocked, this test fails instead of hanging the suite.
    code = textwrap.dedent(f"""
        from pathlib import Path
        from bilateral import ingest
        print(sorted((r.source_file, r.status) for r in ingest.ingest(Path({str(tmp_path)!r}))))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "('pipe.txt', 'not_a_file')" in done.stdout and "('a.txt', 'ok')" in done.stdout


def test_identical_skipped_files_get_distinct_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)  # a small limit keeps the test fast; the logic is the same
    (tmp_path / "big1.txt").write_bytes(b"x" * 2000)
    (tmp_path / "big2.txt").write_bytes(b"x" * 2000)
    (tmp_path / "bin1").write_bytes(b"\x00\x01" * 10)
    (tmp_path / "bin2").write_bytes(b"\x00\x01" * 10)
    records = list(ingest.ingest(tmp_path))
    assert [r.status for r in records] == ["too_large", "duplicate", "binary", "duplicate"]  # big1, big2, bin1, bin2
    assert len({r.doc_id for r in records}) == 4
    assert records[1].status_detail == "same bytes as big1.txt (too_large)"
    assert records[3].status_detail == "same bytes as bin1 (binary)"


def test_non_utf8_file_name_is_escaped_and_can_be_read_again(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("A short article about nothing much at all.")
    (record,) = ingest.ingest(tmp_path)
    assert record.source_file == "caf\\xe9.txt" and record.status == "ok"
    record.source_file.encode("utf-8")  # writable to Parquet and CSV
    again = ingest.ingest_file(tmp_path / record.source_file, tmp_path)  # how incremental re-reads a file
    assert (again.source_file, again.sha256, again.status) == (record.source_file, record.sha256, "ok")


def test_unexpected_error_in_one_file_becomes_an_error_row(tmp_path, monkeypatch):
    # No input makes the decoder raise today, so the fault is injected; the point is the isolation around it.
    real = ingest.decode_into

    def fragile(record, data):
        if b"poison" in data:
            raise ValueError("decoder bug")
        real(record, data)

    monkeypatch.setattr(ingest, "decode_into", fragile)
    (tmp_path / "a.txt").write_text("poison")
    (tmp_path / "b.txt").write_text("fine text")
    got = statuses(tmp_path)
    assert got["a.txt"] == ("error", "ValueError: decoder bug")
    assert got["b.txt"][0] == "ok"


def test_unlistable_folder_is_a_row_not_a_silent_gap(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root lists a chmod 000 folder anyway")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("x")
    locked.chmod(0)
    try:
        got = statuses(tmp_path)
    finally:
        locked.chmod(0o755)
    assert got["locked"][0] == "unreadable"


ARTICLE = ("The foreign ministers of Pakistan and China met in Beijing on Monday and agreed to expand trade, "
           "build two new roads and a power plant, and hold regular security talks. Officials said the first "
           "projects will start next year and cost about two billion dollars. Both sides called the meeting a "
           "success and promised to meet again in Islamabad in the autumn to review progress on each project.")


def test_near_duplicate_policy(tmp_path):
    (tmp_path / "a.txt").write_text("Ministers Meet\n" + ARTICLE)
    (tmp_path / "b.txt").write_text("Pakistan, China Agree\n" + ARTICLE.replace(". ", ".\n") + " Photos were released.")
    (tmp_path / "c.txt").write_text("A different story about a football match in Lahore that ended in a draw after "
                                    "a late penalty and a red card for the visiting captain in the second half.")
    (tmp_path / "d.txt").write_text("Short text.")
    (tmp_path / "e.txt").write_text("Short text!")
    records = {r.source_file: r for r in ingest.ingest(tmp_path)}
    assert records["b.txt"].status == "near_duplicate" and "a.txt" in records["b.txt"].status_detail
    assert records["b.txt"].text  # still extracted: near_duplicate is usable
    assert "near_duplicate" in ingest.USABLE
    assert {records[n].status for n in ("a.txt", "c.txt", "d.txt", "e.txt")} == {"ok"}  # short texts not compared


def test_minhash_estimate_tracks_jaccard():
    a = neardup.signature(ARTICLE)
    assert a is not None and neardup.signature("too short") is None
    assert float((a == neardup.signature(ARTICLE.upper())).mean()) == 1.0  # normalised text
    other = neardup.signature(ARTICLE.replace("Beijing", "Moscow").replace("trade", "fishing"))
    assert 0.5 < float((a == other).mean()) < 1.0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_holding_more_than_its_size_says_is_read_to_its_end():
    """A file whose bytes differ from the size stat gives (one that grew, or /proc's, which say 0) is read on
    past the one read the size asks for."""
    data, size = ingest._read_regular(Path("/proc/self/status"))
    assert size == len(data) > 100 and data.startswith(b"Name:") and data.endswith(b"\n")
