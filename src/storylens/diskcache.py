"""Tables built once per machine and memory-mapped back: the start-up cost of every process.

Some inputs ship in a form that is slow to open on every start: wordfreq's 28 word lists
(unpacked and hashed into lookup tables, 2-4 s) and py3langid's LZMA-packed model (1.2 s
of decompression). The built arrays are kept as ``.npy`` files in ``$STORYLENS_CACHE_DIR``
(default ``~/.cache/storylens``; ``off`` turns caching off), in a folder named after the
installed package they come from (its location, size and modification time), so an
upgrade builds afresh. Files are written to a temporary name and renamed, and a set's
``.done`` marker last, so workers starting together never read half a set. A folder that
cannot be written only costs the rebuild.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np


def cache_root() -> Path | None:
    root = os.environ.get("STORYLENS_CACHE_DIR") or str(Path.home() / ".cache" / "storylens")
    return None if root.lower() in ("off", "none", "0") else Path(root)


@lru_cache(maxsize=8)
def package_folder(module: str, version: int = 1) -> Path | None:
    """The cache folder for tables built from the installed ``module`` (None: caching off,
    or the module is not installed)."""
    root = cache_root()
    spec = importlib.util.find_spec(module) if root is not None else None
    if spec is None or not spec.origin:
        return None
    st = os.stat(spec.origin)
    key = hashlib.blake2b(f"{spec.origin}|{st.st_mtime_ns}|{st.st_size}|{version}".encode(),
                          digest_size=6).hexdigest()
    folder = root / f"{module}-{key}"  # type: ignore[operator]
    _prune(root, module, keep=folder)  # type: ignore[arg-type]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "ORIGIN").is_file():
            (folder / "ORIGIN").write_text(spec.origin + "\n", encoding="utf-8")
    except OSError:
        pass  # a folder that cannot be written: cached_arrays builds every time
    return folder


def _prune(root: Path, module: str, keep: Path) -> None:
    """Remove ``module``'s table folders whose installed package file is gone (each records its origin
    in ``ORIGIN``): every virtualenv adds a folder (py3langid's is 67 MB), and a deleted environment's
    folder would otherwise stay for good. A folder without ``ORIGIN`` (older releases) or whose origin
    still exists is left alone: another environment on the machine, or an older build of this one's
    package upgraded in place (its folder stays until that environment goes)."""
    import shutil

    try:
        folders = [d for d in root.glob(f"{module}-*") if d != keep and d.is_dir()]
    except OSError:
        return
    for d in folders:
        try:
            origin = (d / "ORIGIN").read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if origin and not os.path.exists(origin):
            shutil.rmtree(d, ignore_errors=True)


def cached_arrays(folder: Path | None, name: str,
                  build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Arrays ``name`` from ``folder`` (memory-mapped: workers share the pages), else built,
    and saved when the folder is writable."""
    if folder is not None and (folder / f"{name}.done").exists():
        try:
            keys = (folder / f"{name}.done").read_text(encoding="utf-8").split()
            # plain ndarray views of the mapping: indexing a np.memmap goes through its
            # Python-level __getitem__ and __array_finalize__ on every look-up
            return {k: np.asarray(np.load(folder / f"{name}.{k}.npy", mmap_mode="r")) for k in keys}
        except (OSError, ValueError):
            pass  # a torn or foreign file: build again
    arrays = build()
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for k, arr in arrays.items():
                tmp = folder / f"{name}.{k}.{os.getpid()}.tmp.npy"
                np.save(tmp, arr, allow_pickle=False)
                os.replace(tmp, folder / f"{name}.{k}.npy")
            tmp = folder / f"{name}.{os.getpid()}.tmp"
            tmp.write_text(" ".join(arrays), encoding="utf-8")
            os.replace(tmp, folder / f"{name}.done")
        except (OSError, ValueError):
            pass
    return arrays


def cached_parse(kind: str, text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, kept as JSON in ``$STORYLENS_CACHE_DIR/kind/`` under a hash of the text,
    so the same text (a packaged YAML registry) is parsed once per machine and read back as
    JSON (the outlet registry: 30-40 ms of YAML, 0.4 ms of JSON). A value is kept only when
    JSON gives it back equal (same keys, same order, no dates or tuples); a changed text is a
    new key. Parse errors propagate and nothing is kept."""
    root = cache_root()
    if root is None:
        return parse(text)
    path = root / kind / f"{hashlib.blake2b(text.encode('utf-8'), digest_size=16).hexdigest()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # not built yet, or torn: parse
    value = parse(text)
    try:
        dumped = json.dumps(value, ensure_ascii=False)
        if json.loads(dumped) == value:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
            tmp.write_text(dumped, encoding="utf-8")
            os.replace(tmp, path)
    except (TypeError, ValueError, OSError):
        pass  # not JSON-shaped, or the folder cannot be written: parsed every time
    return value
