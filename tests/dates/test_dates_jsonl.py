"""bilateral.dates.jsonl.run: the function behind `bilateral dates --jsonl IN [--out OUT]`."""
from __future__ import annotations

import json

from bilateral.dates.jsonl import run

GOOD = [
    {"id": "a", "text": "Talks resumed on 13 April 2023 and ended yesterday.", "dct": "2023-04-20"},
    {"doc_id": "b", "text": "Nothing dated here.", "dct": None},
    {"id": "c", "text": "They met on May 9.", "dct": None},
]


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_good_lines(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(src, [json.dumps(r) for r in GOOD])
    assert run(str(src), str(out)) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]  # doc_id is echoed back as id
    first = rows[0]["timexes"]
    assert [(t["text"], t["type"], t["value"]) for t in first] == [
        ("13 April 2023", "DATE", "2023-04-13"), ("yesterday", "DATE", "2023-04-19")]
    for t in first:
        assert set(t) == {"start", "end", "text", "type", "value", "edtf", "precision", "first_day", "last_day", "mod"}
        assert GOOD[0]["text"][t["start"]:t["end"]] == t["text"]
    assert (first[0]["edtf"], first[0]["precision"], first[0]["first_day"]) == ("2023-04-13", "day", "2023-04-13")
    assert rows[1]["timexes"] == []
    assert rows[2]["timexes"][0]["value"] == "XXXX-05-09"


def test_bad_lines_are_reported_and_skipped(tmp_path, capsys):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(src, [
        json.dumps(GOOD[0]),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-dct", "text": "on Friday", "dct": "yesterday"}),
        "",
        json.dumps(GOOD[2]),
    ])
    assert run(str(src), str(out)) == 1
    err = capsys.readouterr().err
    assert ":2:" in err and "not JSON" in err
    assert ":3:" in err and "text" in err
    assert ":4:" in err and "dct" in err
    assert ":1:" not in err and ":6:" not in err
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "c"]


def test_writes_to_stdout_without_out_path(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    write_lines(src, [json.dumps(GOOD[2])])
    assert run(str(src), None) == 0
    row = json.loads(capsys.readouterr().out)
    # Without a reference date "May 9" has no year: no calendar reading, nothing invented.
    assert row == {"id": "c", "timexes": [{"start": 12, "end": 17, "text": "May 9", "type": "DATE", "value": "XXXX-05-09",
                                           "edtf": None, "precision": None, "first_day": None, "last_day": None,
                                           "mod": None}]}


def test_an_approximate_date_keeps_its_marker_and_a_duration_has_no_calendar_reading(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    write_lines(src, [json.dumps({"id": "x", "text": "In early 2021 they talked for three years.", "dct": "2022-01-01"})])
    assert run(str(src), None) == 0
    early, years = json.loads(capsys.readouterr().out)["timexes"]
    assert (early["value"], early["edtf"], early["mod"], early["last_day"]) == ("2021", "2021~", "START", "2021-12-31")
    assert (years["type"], years["value"], years["edtf"], years["first_day"]) == ("DURATION", "P3Y", None, None)
