"""py3langid's language model, loaded from an uncompressed copy kept in the user's cache.

py3langid ships its model as an LZMA-compressed npz (4.6 MB); decompressing it takes ~0.6 s, paid by
every process that identifies a language: each build, and each scheduled run that sees a new file. The
first load writes the arrays uncompressed (68 MB of .npy files) under
``$XDG_CACHE_HOME/bilateral/`` (default ``~/.cache/bilateral/``), in a folder named by py3langid's
version and the model file's sha256, and later loads memory-map them (~0.1 s). The arrays are
py3langid's own, so the identifier classifies exactly as one loaded by py3langid. Anything wrong with
the cache (no home, a read-only disk, a damaged copy) only costs the time: the model is then loaded
the usual way, and a damaged copy is removed so that the next process writes it again. The folder can
be deleted at any time.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from array import array
from importlib import metadata
from pathlib import Path

# What is stored: the arrays of py3langid.modelio.load_model, in its order.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_FORMAT = "1"  # bump when what is stored changes
_STALE_SECONDS = 3600  # a half-written copy this old belongs to a process that died


def identifier():
    """py3langid's ``LanguageIdentifier`` with its bundled model, probabilities normalised."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # noqa: PLC0415  (a model: loaded when needed)

    ptc, pc, classes, nextmove, row, output = _model(Path(MODEL_DIR) / MODEL_FILE)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/bilateral``; ``~/.cache/bilateral`` when it is unset or relative (as the XDG spec says)."""
    configured = os.environ.get("XDG_CACHE_HOME")
    base = Path(configured) if configured and Path(configured).is_absolute() else Path.home() / ".cache"
    return base / "bilateral"


def _model(model_file: Path) -> tuple:
    try:
        digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:16]
        folder = cache_root() / f"langid-{_FORMAT}-{metadata.version('py3langid')}-{digest}"
    except Exception:  # noqa: BLE001  (no home, an unreadable model: no cache, and py3langid says what is wrong)
        return _decompressed(model_file)
    if folder.is_dir():
        try:
            return _read(folder)
        except Exception:  # noqa: BLE001  (a damaged copy, e.g. an empty file after a crash: written again next time)
            shutil.rmtree(folder, ignore_errors=True)
            return _decompressed(model_file)
    model = _decompressed(model_file)
    try:
        _store(model, folder)
    except Exception:  # noqa: BLE001  (a read-only or full disk: this process has the model, the next tries again)
        pass
    return model


def _decompressed(model_file: Path) -> tuple:
    import numpy as np  # noqa: PLC0415
    from py3langid.modelio import load_model  # noqa: PLC0415

    ptc, pc, classes, nextmove, row, output = load_model(model_file)
    return np.asarray(ptc), np.asarray(pc), classes, nextmove, row, output


def _store(model: tuple, folder: Path) -> None:
    """The model's arrays as .npy files in ``folder``, which appears whole or not at all."""
    import numpy as np  # noqa: PLC0415

    ptc, pc, classes, nextmove, row, output = model
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(folder.parent)
    building = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
    try:
        arrays = (ptc, pc, np.array(classes), np.frombuffer(nextmove, dtype=nextmove.typecode),
                  np.frombuffer(row, dtype=row.typecode), np.asarray(output, dtype=np.int64))
        for name, values in zip(_ARRAYS, arrays, strict=True):
            with open(building / f"{name}.npy", "wb") as handle:
                np.save(handle, values, allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())  # on disk before the folder is named: a crash leaves no empty file
        os.rename(building, folder)  # another process may have put it there first: then theirs stays
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _remove_stale(parent: Path) -> None:
    for leftover in parent.glob(".langid-*"):
        try:
            if time.time() - leftover.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            pass


def _read(folder: Path) -> tuple:
    import numpy as np  # noqa: PLC0415

    # Only the big table is memory-mapped (rows are read as features occur); the rest is read whole.
    ptc, pc, classes, nextmove, row, output = (np.load(folder / f"{name}.npy", allow_pickle=False,
                                                       mmap_mode="r" if name == "ptc" else None)
                                               for name in _ARRAYS)
    if ptc.ndim != 2 or ptc.shape[1] != len(pc) or len(classes) != len(pc) or len(row) != len(output):
        raise ValueError(f"{folder}: arrays do not fit together")
    # py3langid walks its automaton with Python ints: as arrays of the stdlib, as its own loader gives them.
    return ptc, pc, classes.tolist(), _ints(nextmove), _ints(row), output.tolist()


def _ints(values) -> array:
    out = array(values.dtype.char)
    out.frombytes(values.tobytes())
    return out
