"""``bilateral verify`` finds tampering; user errors give one readable line and a non-zero exit, never a traceback."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import publish_driver  # loaded by this folder's conftest
from bilateral import publish
from bilateral.verify import verify_release

BILATERAL = str(Path(sys.executable).with_name("bilateral"))


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("verify")
    raw = root / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Islamabad, 12 March 2024: Pakistan and China signed an energy agreement.\n")
    (raw / "empty.txt").write_bytes(b"")
    return publish.publish(publish_driver.tables_of(raw), root / "out")


def tampered_copy(release: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(release.parent.parent, out, symlinks=True)
    return out / "releases" / release.name


def test_untouched_release_verifies(release):
    assert verify_release(release) == []


@pytest.mark.parametrize("tamper, expect", [
    (lambda d: (d / "documents.csv").write_text((d / "documents.csv").read_text() + "x"), "documents.csv: "),
    (lambda d: (d / "events.csv").write_bytes((d / "events.csv").read_bytes().replace(b"e", b"E", 1)
                                              if b"e" in (d / "events.csv").read_bytes() else b"changed"),
     "events.csv: "),
    (lambda d: next((d / "schemas").iterdir()).unlink(), ": missing"),
    (lambda d: (d / "extra.csv").write_text("a,b\n"), "extra.csv: not in the manifest"),
    (lambda d: (d / "manifest.json").write_text((d / "manifest.json").read_text().replace('"bilateral"', '"other"', 1)),
     "manifest.json: sha256 differs from SHA256SUMS"),
    (lambda d: (d / "manifest.json").unlink(), "manifest.json: missing"),
])
def test_tampering_is_named(release, tmp_path, tamper, expect):
    copy = tampered_copy(release, tmp_path)
    tamper(copy)
    problems = verify_release(copy)
    assert any(expect in p for p in problems), problems


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.mark.slow
def test_cli_errors_are_one_readable_line(release, tmp_path):
    empty = tmp_path / "empty_raw"
    empty.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    nothing_to_extract = tmp_path / "raw_empty_file"
    nothing_to_extract.mkdir()
    (nothing_to_extract / "empty.txt").write_bytes(b"")
    corrupt = tampered_copy(release, tmp_path)
    (corrupt / "documents.parquet").write_bytes(b"not parquet at all")
    out = release.parent.parent
    block_pandera = ("import sys; sys.modules['pandera'] = None; from bilateral.cli import app; "
                     "sys.argv = ['bilateral', 'validate', sys.argv[1]]; app()")
    cases = {
        "missing raw": ([BILATERAL, "build", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "o")], 1,
                        "raw folder not found"),
        "empty raw": ([BILATERAL, "build", "--raw", str(empty), "--out", str(tmp_path / "o")], 1, "raw folder is empty"),
        "empty raw, release": ([BILATERAL, "release", "--raw", str(empty), "--out", str(tmp_path / "o")], 1,
                               "raw folder is empty"),
        "out is a file": ([BILATERAL, "build", "--raw", str(nothing_to_extract), "--out", str(a_file)],
                          1, "error: "),
        "corrupt release": ([BILATERAL, "validate", str(corrupt)], 1, "documents.parquet"),
        "validate missing folder": ([BILATERAL, "validate", str(tmp_path / "nope")], 1, "is not a directory"),
        "verify tampered": ([BILATERAL, "verify", "--out", str(corrupt.parent.parent)], 1,
                            "documents.parquet: "),
        "verify wrong out": ([BILATERAL, "verify", "--out", str(tmp_path / "nope")], 1, "no releases folder"),
        "verify unknown version": ([BILATERAL, "verify", "1999.01.01.1", "--out", str(out)], 1, "not found"),
        "missing dependency": ([sys.executable, "-c", block_pandera, str(release)], 3, "missing dependency pandera"),
    }
    running = {name: subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, (cmd, _, _) in cases.items()}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=180)
        _, code, message = cases[name]
        assert process.returncode == code, f"{name}: rc {process.returncode}\n{stdout}\n{stderr}"
        assert message in stdout + stderr, f"{name}: {stdout}{stderr}"
        assert "Traceback" not in stdout + stderr, f"{name}: {stderr}"
    good = _run(BILATERAL, "verify", release.name, "--out", str(out))
    assert good.returncode == 0 and "ok, every file matches" in good.stdout, good.stderr
    every = _run(BILATERAL, "verify", "--all", "--out", str(out))
    assert every.returncode == 0, every.stderr
    assert json.loads((release / "manifest.json").read_text())["version"] == release.name
