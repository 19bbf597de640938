"""``bilateral.load``: a table of a local or downloaded release as a pandas DataFrame.

``root`` may be an output folder (``<root>/releases/<version>``, as
``bilateral release`` writes it) or a download folder (``<root>/<version>``,
as ``bilateral download --to <root>`` writes it). ``latest`` is the
``latest`` symlink when there is one, else the newest version folder.
"""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pandas as pd


def _version_key(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in name.split("."))


def release_dir(version: str = "latest", root: str | Path = "output") -> Path:
    """The folder of ``version`` under ``root``; FileNotFoundError naming what was tried."""
    root = Path(root)
    bases = [b for b in (root / "releases", root) if b.is_dir()]
    for base in bases:
        if version != "latest":
            if (base / version / "manifest.json").is_file():
                return base / version
            continue
        if (base / "latest" / "manifest.json").is_file():
            return (base / "latest").resolve()
        found = [p for p in base.iterdir()
                 if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").is_file()]
        if found:
            return max(found, key=lambda p: _version_key(p.name))
    raise FileNotFoundError(f"no release {version!r} under {root} (looked in {', '.join(map(str, bases)) or 'nothing'})")


def load(version: str = "latest", table: str = "events", root: str | Path = "output",
         format: str = "parquet") -> pd.DataFrame:  # noqa: A002  (the user-facing word)
    """Table ``table`` of release ``version`` with the contract's dtypes (dates, Int64, lists)."""
    from bilateral import tableio  # noqa: PLC0415
    from bilateral.schemas import TABLES  # noqa: PLC0415

    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
    if format not in ("parquet", "csv"):
        raise ValueError("format must be 'parquet' or 'csv'")
    return tableio.read_table(release_dir(version, root) / f"{table}.{format}")


class _CallableModule(types.ModuleType):
    """``bilateral.load`` names both this module and the function; either way ``bilateral.load(...)`` works."""

    def __call__(self, *args, **kwargs) -> pd.DataFrame:
        return load(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
