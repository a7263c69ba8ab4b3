"""Fixed values per run (``--set outlet=BBC``) and per file (a sidecar next to the input).

A headline export often has no outlet column and no header: the outlet is the
file itself. ``fixed`` (setting, ``field=value;...``) gives every record of a
run a value; a sidecar ``FILE.storylens.yaml`` beside ``FILE`` gives one file
its own fixed values *and* settings (``csv_text: 2``, ``date_format: ...``)::

    # cgtn.csv.storylens.yaml
    outlet: CGTN
    language: en
    csv_text: 1
    csv_date: 2

A fixed value overrides what the record says: it is the user's statement about
the whole file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storylens.config import SETTINGS, Settings
from storylens.types import RawDocument

SIDECAR_SUFFIX = ".storylens.yaml"
# field name a user writes -> RawDocument.meta key (url is RawDocument.url)
FIELDS = {
    "outlet": "outlet_name", "outlet_name": "outlet_name", "title": "title", "date": "published",
    "published": "published", "author": "author", "language": "language", "url": "url",
}
_SETTING_NAMES = {s.name for s in SETTINGS}


class SidecarError(ValueError):
    """A sidecar that cannot be used (the file it describes is then rejected whole)."""


def parse_fixed(text: str) -> dict[str, str]:
    """``"outlet=BBC; language=en"`` -> ``{"outlet": "BBC", "language": "en"}``."""
    out: dict[str, str] = {}
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in FIELDS:
            raise SidecarError(f"fixed value {part.strip()!r}: expected field=value with field in {', '.join(sorted(set(FIELDS)))}")
        out[key] = value.strip()
    return out


def split_assignments(pairs: list[str] | tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """``--set`` arguments -> (setting overrides, fixed values); unknown keys raise SidecarError."""
    settings: dict[str, str] = {}
    fixed: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep:
            raise SidecarError(f"--set {pair!r}: expected KEY=VALUE")
        if key.lower() in FIELDS:
            fixed[key.lower()] = value.strip()
        elif key in _SETTING_NAMES:
            settings[key] = value
        else:
            raise SidecarError(f"--set {key!r}: not a field ({', '.join(sorted(set(FIELDS)))}) nor a setting")
    return settings, fixed


def join_fixed(fixed: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in fixed.items())


def sidecar_path(path: Path) -> Path | None:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    return side if side.is_file() else None


def load_sidecar(side: Path, settings: Settings) -> tuple[Settings, dict[str, str]]:
    """The file's own settings and fixed values, layered over the run's."""
    import yaml  # here, not at the top: only a file with a sidecar needs it

    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SidecarError(f"sidecar {side.name} unreadable: {type(exc).__name__}") from exc
    if not isinstance(data, dict):
        raise SidecarError(f"sidecar {side.name} must be a mapping of key: value")
    fixed = parse_fixed(settings.fixed)
    overrides: dict[str, object] = {}
    for key, value in data.items():
        key = str(key)
        if key.lower() in FIELDS:
            fixed[key.lower()] = str(value)
        elif key in _SETTING_NAMES:
            # YAML reads `csv_text: 2` as a number; settings take it as text, as from the environment
            overrides[key] = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        else:
            raise SidecarError(f"sidecar {side.name}: unknown key {key!r}")
    if not overrides:
        return settings, fixed
    try:
        return Settings({**settings.as_dict(), **overrides}), fixed
    except Exception as exc:
        raise SidecarError(f"sidecar {side.name}: {exc}") from exc


def apply_fixed(doc: RawDocument, fixed: dict[str, str], date_format: str = "") -> RawDocument:
    """``doc`` with the fixed values set (and the file's date format carried to extraction)."""
    meta = dict(doc.meta)
    url = doc.url
    for key, value in fixed.items():
        if FIELDS[key] == "url":
            url = value or url
        else:
            meta[FIELDS[key]] = value
    if date_format:
        meta["date_format"] = date_format
    return dataclasses.replace(doc, url=url, meta=meta)
