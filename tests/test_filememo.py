"""What a worker wrote, kept while the file is unchanged, and only while it runs."""
from __future__ import annotations

import os
from pathlib import Path

from bilateral import filememo


def test_a_value_is_kept_only_while_keeping_and_while_its_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text("[1]", encoding="utf-8")
    filememo.keep(path, [1])
    assert filememo.recall(path) is None  # not a worker: nothing kept
    with filememo.keeping():
        filememo.keep(path, [1])
        assert filememo.recall(path) == [1]
        replacement = tmp_path / "new.json"
        replacement.write_text("[2]", encoding="utf-8")
        os.replace(replacement, path)  # another writer
        assert filememo.recall(path) is None
        filememo.keep(path, [2])
        with path.open("a", encoding="utf-8") as handle:  # written in place (same inode)
            handle.write(" ")
        assert filememo.recall(path) is None
        filememo.keep(path, [3])
        path.unlink()
        assert filememo.recall(path) is None
    assert filememo.recall(path) is None


def test_only_the_last_files_are_kept(tmp_path: Path) -> None:
    with filememo.keeping():
        paths = []
        for i in range(filememo.KEEP + 2):
            paths.append(tmp_path / f"{i}.txt")
            paths[-1].write_text(str(i), encoding="utf-8")
            filememo.keep(paths[-1], i)
        assert [filememo.recall(p) for p in paths] == [None, None] + list(range(2, filememo.KEEP + 2))
