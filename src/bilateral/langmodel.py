"""py3langid's language model, loaded from an uncompressed copy kept in the user's cache.

py3langid ships its model as an LZMA-compressed npz (4.6 MB); decompressing it takes ~0.6 s, paid by
every process that identifies a language: each build, and each scheduled run that sees a new file. The
first load writes the arrays uncompressed (68 MB of .npy files) under
``$XDG_CACHE_HOME/bilateral/`` (default ``~/.cache/bilateral/``), in a folder named by the model file's
sha256, and later loads memory-map them (~0.1 s). The arrays are py3langid's own, so the identifier
classifies exactly as one loaded by py3langid. Where the cache cannot be written or read, the model is
loaded the usual way. The folder can be deleted at any time.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from array import array
from pathlib import Path

# What is stored: the arrays of py3langid.modelio.load_model, in its order.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_FORMAT = "1"  # bump when what is stored changes


def identifier():
    """py3langid's ``LanguageIdentifier`` with its bundled model, probabilities normalised."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # noqa: PLC0415  (a model: loaded when needed)

    ptc, pc, classes, nextmove, row, output = _model(Path(MODEL_DIR) / MODEL_FILE)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bilateral"


def _model(model_file: Path) -> tuple:
    import numpy as np  # noqa: PLC0415

    folder = None
    try:
        digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:16]
        folder = cache_root() / f"langid-{_FORMAT}-{digest}"
        if not folder.is_dir():
            _store(model_file, folder)
        return _read(folder, np)
    except (OSError, ValueError, KeyError):  # no cache to be had here: decompress, as py3langid does
        from py3langid.modelio import load_model  # noqa: PLC0415

        if folder is not None and folder.is_dir():  # damaged (a full disk, say): the next process writes it again
            shutil.rmtree(folder, ignore_errors=True)

        ptc, pc, classes, nextmove, row, output = load_model(model_file)
        return np.asarray(ptc), np.asarray(pc), classes, nextmove, row, output


def _store(model_file: Path, folder: Path) -> None:
    """The model's arrays as .npy files in ``folder``, which appears whole or not at all."""
    import numpy as np  # noqa: PLC0415
    from py3langid.modelio import load_model  # noqa: PLC0415

    ptc, pc, classes, nextmove, row, output = load_model(model_file)
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
    try:
        arrays = (np.asarray(ptc), np.asarray(pc), np.array(classes), np.frombuffer(nextmove, dtype=nextmove.typecode),
                  np.frombuffer(row, dtype=row.typecode), np.asarray(output, dtype=np.int64))
        for name, values in zip(_ARRAYS, arrays, strict=True):
            np.save(building / f"{name}.npy", values, allow_pickle=False)
        os.rename(building, folder)  # another process may have put it there first: then theirs stays
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _read(folder: Path, np) -> tuple:
    # Only the big table is memory-mapped (rows are read as features occur); the rest is read whole.
    ptc, pc, classes, nextmove, row, output = (np.load(folder / f"{name}.npy", allow_pickle=False,
                                                       mmap_mode="r" if name == "ptc" else None)
                                               for name in _ARRAYS)
    if ptc.shape[1] != len(pc) or len(classes) != len(pc) or len(row) != len(output):
        raise ValueError(f"{folder}: arrays do not fit together")
    # py3langid walks its automaton with Python ints: as arrays of the stdlib, as its own loader gives them.
    return ptc, pc, classes.tolist(), _ints(nextmove), _ints(row), output.tolist()


def _ints(values) -> array:
    out = array(values.dtype.char)
    out.frombytes(values.tobytes())
    return out
