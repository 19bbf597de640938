"""bilateral: an open, versioned dataset of political events extracted from news text."""
from __future__ import annotations

__version__ = "0.1.0"


def load(version: str = "latest", table: str = "events", root: str = "output", format: str = "parquet"):  # noqa: A002
    """A table of a local or downloaded release as a pandas DataFrame (see the ``bilateral.load`` module)."""
    import importlib  # noqa: PLC0415  (keeps ``import bilateral`` free of pandas)

    implementation = importlib.import_module("bilateral.load").load
    # Importing the submodule rebinds the package attribute ``load`` to it; keep this function there.
    globals()["load"] = _load_entry
    return implementation(version=version, table=table, root=root, format=format)


_load_entry = load
