"""Every kind of bad input gets exactly one documents row with a status that says what happened."""
from __future__ import annotations

import os
from collections import Counter

import pytest

import corpus_generator  # loaded by this folder's conftest
from bilateral import ingest
from reliability_helpers import extractor_available


def test_ingest_accounts_for_every_raw_file(bad_corpus):
    raw, expected = bad_corpus
    records = list(ingest.ingest(raw))
    assert len(records) == corpus_generator.count_raw_entries(raw) == len(expected)
    got = {r.source_file: r.status for r in records}
    mismatched = {name: (got.get(name), status) for name, status in expected.items() if got.get(name) != status}
    assert not mismatched, f"(got, expected): {mismatched}"
    assert all(r.status in ingest.STATUSES for r in records)
    assert len({r.doc_id for r in records}) == len(records), "doc_ids must be unique"
    skipped = [r for r in records if r.status not in ingest.USABLE | {"empty"}]
    assert all(r.status_detail for r in skipped), "every skip says why"
    counts = Counter(got.values())
    assert counts == Counter(expected.values())
    # The corpus holds at least one file of each kind the issue lists.
    for status in ("ok", "repaired", "empty", "binary", "too_large", "duplicate", "near_duplicate",
                   "not_a_file", "outside_root", "unreadable"):
        assert counts[status] >= 1, status


def test_repairs_recover_the_text(bad_corpus):
    raw, _ = bad_corpus
    by_name = {r.source_file: r for r in ingest.ingest(raw)}
    assert "à bientôt, señor Muñoz" in by_name["encoding/latin1.txt"].text
    assert by_name["encoding/latin1.txt"].encoding == "cp1252"
    assert "\u201cwe agree\u201d \u2014" in by_name["encoding/cp1252.txt"].text
    assert by_name["encoding/mojibake.txt"].text.startswith("The minister said \u201cwe agree\u201d \u2014")
    assert "mojibake" in by_name["encoding/mojibake.txt"].status_detail
    assert not by_name["encoding/utf8_bom.txt"].text.startswith("\ufeff")
    page = by_name["encoding/page.html"].text
    assert "<" not in page and "tracking" not in page and "Ankara & to reopen" in page
    assert "clean/article.txt" in by_name["copies/article_republished.txt"].status_detail \
        or "copies/article_latin1.txt" in by_name["copies/article_republished.txt"].status_detail
    assert by_name["large.txt"].n_bytes >= 50 * 1024 * 1024 and by_name["large.txt"].text == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway; the FIFO, broken-link and "
                    "link-loop cases in the corpus raise real OSErrors instead")
def test_permission_denied_is_unreadable(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("nothing to see")
    path.chmod(0)
    (record,) = ingest.ingest(tmp_path)
    assert record.status == "unreadable" and "PermissionError" in record.status_detail


@pytest.mark.slow
def test_full_build_has_one_documents_row_per_raw_file(bad_corpus, tmp_path):
    if not extractor_available():
        pytest.skip("bilateral.events / bilateral.dates.finder not importable yet")
    from bilateral import pipeline  # noqa: PLC0415

    raw, expected = bad_corpus
    tables = pipeline.build(raw, tmp_path / "out")
    documents = tables["documents"]
    assert len(documents) == corpus_generator.count_raw_entries(raw) == len(expected)
    assert not (tables["rejects"]["table"] == "documents").any(), "a documents row was quarantined"
    status = dict(zip(documents["source_file"], documents["status"], strict=True))
    want = Counter(expected.values())
    want["ok"], want["unsupported_language"] = want["ok"] - 1, 1  # the French article
    assert Counter(status.values()) == want
    assert status["clean/french.txt"] == "unsupported_language"
    for name, want in expected.items():
        if name != "clean/french.txt":
            assert status[name] == want, name
    # Skipped files contribute no sentences.
    skipped = set(documents.loc[~documents["status"].isin(ingest.USABLE | {"unsupported_language"}), "doc_id"])
    assert not skipped & set(tables["sentences"]["doc_id"])
