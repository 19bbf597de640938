"""``bilateral dates --jsonl IN.jsonl [--out OUT.jsonl]``: temporal expressions for a file of texts.

Input, one JSON object a line: {"id": ..., "text": ..., "dct": "YYYY-MM-DD" or null}
("doc_id" is accepted for "id", as in the TempEval JSONL; "dct" may be absent).
Output, one line per good input line: {"id": ..., "timexes": [{"start", "end", "text", "type", "value", ...}]}:
TIMEX3's type and value (what the TempEval-3 scorer reads), then the dataset's reading of a calendar date:
"edtf" (at its precision, "~" when approximate), "precision", "first_day", "last_day" and "mod"; null
where they do not apply (durations, sets, "PRESENT_REF").
A bad line is reported on stderr with its line number and skipped; the others are still processed.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from bilateral.dates import Timex, find_timexes


class BadLine(ValueError):
    pass


def _read_line(line: str) -> tuple[object, str, dt.date | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise BadLine(f"expected a JSON object, got {type(record).__name__}")
    doc_id = record.get("id", record.get("doc_id"))
    text = record.get("text")
    if not isinstance(text, str):
        raise BadLine("missing 'text' (a string)" if text is None else f"'text' must be a string, got {type(text).__name__}")
    raw_dct = record.get("dct")
    if raw_dct is None:
        return doc_id, text, None
    try:
        if not isinstance(raw_dct, str):
            raise ValueError
        return doc_id, text, dt.date.fromisoformat(raw_dct[:10])
    except ValueError:
        raise BadLine(f"'dct' must be YYYY-MM-DD or null, got {raw_dct!r}") from None


def _record(timex: Timex) -> dict:
    return {"start": timex.start, "end": timex.end, "text": timex.text, "type": timex.type, "value": timex.value,
            "edtf": timex.edtf, "precision": timex.precision,
            "first_day": timex.first_day.isoformat() if timex.first_day else None,
            "last_day": timex.last_day.isoformat() if timex.last_day else None, "mod": timex.mod}


def run(in_path: str, out_path: str | None) -> int:
    """Process in_path; write to out_path (stdout when None). 0 when every line was good, 1 otherwise."""
    bad = 0
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout  # noqa: SIM115 (stdout is not ours to close)
    try:
        with Path(in_path).open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    doc_id, text, dct = _read_line(line)
                except BadLine as exc:
                    bad += 1
                    print(f"error: {in_path}:{number}: {exc}; line skipped", file=sys.stderr)
                    continue
                timexes = [_record(t) for t in find_timexes(text, dct)]
                out.write(json.dumps({"id": doc_id, "timexes": timexes}, ensure_ascii=False) + "\n")
    finally:
        if out_path:
            out.close()
    if bad:
        print(f"{bad} bad line(s) in {in_path}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
