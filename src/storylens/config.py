"""Settings as a typed table: every knob has a name, a default, a type and a line of help.

Packaged defaults come first; a user YAML (or ``.toml``) file (``--config`` or
``STORYLENS_CONFIG``) overrides only what it sets; environment variables
``STORYLENS_<NAME>`` override both. ``storylens settings`` prints the table.

Why typed: every value is converted and checked once, when ``Settings`` is
built, so a wrong value stops the command with one line naming the key, the
value and the accepted form (``batch_size: -5 ... expected a whole number >= 1``)
instead of falling back silently or failing deep inside a worker. A setting's
type is declared (``kind=``) or inferred from its default, so the short form
``Setting(name, default, help)`` stays valid.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storylens.errors import SettingsError

if TYPE_CHECKING:
    import yaml

KINDS = ("bool", "int", "float", "str", "path", "list", "choice")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

# tone models the tone stage knows (storylens.enrich.tone.load_tone_model; docs/tone.md)
TONE_MODELS = ("auto", "static", "distilled", "transformer", "student", "mpnet", "mpnet6", "mpnet8", "cascade", "e5")


def builtin_packs() -> tuple[str, ...]:
    """Names of the narrative packs shipped in storylens/data/narratives."""
    from importlib import resources

    folder = resources.files("storylens") / "data" / "narratives"
    return tuple(sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".yaml")))


def _infer_kind(default: Any) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, (list, tuple)):
        return "list"
    return "str"


def _as_items(value: Any) -> list[str]:
    """A comma string or a sequence as a list of stripped, non-empty strings."""
    if isinstance(value, str):
        parts: Iterable[Any] = value.split(",")
    elif isinstance(value, (list, tuple)):
        parts = value
    else:
        raise ValueError
    out = []
    for p in parts:
        if not isinstance(p, (str, os.PathLike)) or isinstance(p, bool):
            raise ValueError
        s = os.fspath(p).strip()
        if s:
            out.append(s)
    return out


@dataclass(frozen=True, slots=True)
class Setting:
    """One row of the table. ``kind`` defaults to the type of ``default``;
    ``minimum``/``maximum`` bound numbers (``above`` makes the minimum exclusive);
    ``choices`` (a tuple or a function returning one) bound a choice or, for a
    list, each item (``item_ok`` lets other items through, e.g. pack file paths)."""

    name: str
    default: Any
    help: str
    kind: str = ""
    minimum: float | None = None
    maximum: float | None = None
    above: bool = False
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = None
    item_ok: Callable[[str], bool] | None = None

    def __post_init__(self) -> None:
        kind = self.kind or _infer_kind(self.default)
        if kind not in KINDS:
            raise ValueError(f"setting {self.name}: kind {kind!r} is not one of {KINDS}")
        object.__setattr__(self, "kind", kind)

    def allowed(self) -> tuple[str, ...]:
        c = self.choices
        return tuple(c() if callable(c) else (c or ()))

    def accepted(self) -> str:
        """The accepted form, in words (used by errors and `storylens settings`)."""
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.allowed())
        if self.kind == "list":
            names = self.allowed()
            if names:
                extra = " or pack files (.yaml)" if self.item_ok else ""
                return f"a comma-separated list of {', '.join(names)}{extra}"
            return "a comma-separated list"
        if self.kind == "path":
            return "a file path"
        if self.kind == "str":
            return "text"
        what = "a whole number" if self.kind == "int" else "a number"
        if self.minimum is not None and self.maximum is not None:
            lo = ">" if self.above else ">="
            return f"{what} {lo} {self.minimum:g} and <= {self.maximum:g}"
        if self.minimum is not None:
            return f"{what} {'>' if self.above else '>='} {self.minimum:g}"
        if self.maximum is not None:
            return f"{what} <= {self.maximum:g}"
        return what

    def convert(self, value: Any, origin: str = "") -> Any:
        """``value`` as this setting's type, or a one-line SettingsError."""
        try:
            return self._convert(value)
        except (TypeError, ValueError, OverflowError):
            where = f" ({origin})" if origin else ""
            raise SettingsError(
                f"{self.name}: {value!r} is not accepted{where}; expected {self.accepted()}"
            ) from None

    def _convert(self, value: Any) -> Any:
        k = self.kind
        if k == "bool":
            if isinstance(value, bool):
                return value
            s = str(value).strip().lower()
            if s in _TRUE:
                return True
            if s in _FALSE:
                return False
            raise ValueError
        if k in ("int", "float"):
            if isinstance(value, bool) or value is None:
                raise ValueError
            if isinstance(value, str):
                s = value.strip()
                try:
                    num: float = int(s)
                except ValueError:
                    num = float(s)
            else:
                num = value
            if not isinstance(num, (int, float)) or math.isnan(num) or math.isinf(num):
                raise ValueError
            if k == "int":
                if isinstance(num, float):
                    if not num.is_integer():
                        raise ValueError
                    num = int(num)
            else:
                num = float(num)
            if self.minimum is not None and (num <= self.minimum if self.above else num < self.minimum):
                raise ValueError
            if self.maximum is not None and num > self.maximum:
                raise ValueError
            return num
        if k == "list":
            items = _as_items(value)
            names = self.allowed()
            if names:
                for item in items:
                    if item not in names and not (self.item_ok and self.item_ok(item)):
                        raise ValueError
            return items
        if k == "choice":
            if not isinstance(value, str):
                raise ValueError
            s = value.strip().lower()
            if s not in self.allowed():
                raise ValueError
            return s
        if k == "path":
            if not isinstance(value, (str, os.PathLike)) or isinstance(value, bool):
                raise ValueError
            return os.path.expanduser(os.fspath(value).strip())
        if isinstance(value, (dict, list, tuple)) or value is None:
            raise ValueError
        return str(value)


def _pack_file(item: str) -> bool:
    return item.endswith((".yaml", ".yml"))


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storylens.duckdb", "Path of the DuckDB store.", kind="path"),
    Setting("max_page_bytes", 20_000_000, "Pages larger than this are rejected (bytes).", minimum=1),
    Setting("min_text_chars", 80, "Articles with less extracted text are rejected.", minimum=0),
    # Per-document budget (see storylens.pipeline): a 20 MB text must not stall a crawl.
    Setting("max_text_chars", 1_000_000, "Extracted text is cut to this many characters (0 = no cap; the cut is kept as a too_long removal).", minimum=0),
    Setting("max_enrich_chars", 100_000, "Text handed to the enrich stages is cut to this many characters (0 = no cap; a too_long removal).", minimum=0),
    Setting("doc_seconds", 60, "Time budget per document (seconds, 0 = none); past it the document is rejected and the run goes on.", minimum=0),
    Setting("batch_size", 200, "Articles written to the store per transaction.", minimum=1),
    Setting("clean", True, "Run the clean stage (spam, captions, UI residue)."),
    Setting("spam_lexicon", [], "Extra spam lexicon files (comma-separated; format of storylens/data/spam/lexicon.txt)."),
    Setting("enrich", True, "Run the enrich stages (actors, tone, quotes, narratives)."),
    Setting("actor_files", [], "Extra actor registry files (comma-separated; format of storylens/data/actors)."),
    # Calibrated on extraction-aeb (91 pages): fast mode scores F1 0.964 vs 0.960 with the
    # fallback extractors, and runs 1.4x faster; bare trafilatura.extract scores 0.951.
    Setting("extraction_fast", True, "trafilatura fast mode (skips its fallback extractors)."),
    Setting("csv_url", ["url"], "Column holding the URL in CSV/JSONL inputs."),
    Setting("csv_title", ["title"], "Column holding the title in CSV/JSONL inputs."),
    Setting("csv_text", ["text", "content", "content_original", "body"], "Column(s) holding article text (first present wins)."),
    Setting("csv_html", ["html", "raw_html"], "Column(s) holding raw HTML (used when no text column)."),
    Setting("csv_date", ["date", "published", "published_at", "publish_date"], "Column(s) holding the publication date."),
    Setting("csv_outlet", ["outlet", "source", "source_name", "media"], "Column(s) holding the outlet name."),
    Setting("csv_author", ["author", "authors"], "Column(s) holding the author."),
    Setting("csv_header", "auto", "Whether a CSV/TSV's first row is a header: yes, no, or auto (a header when a cell is a configured column name). Without one, name columns by 1-based position: csv_text=2."),
    Setting("csv_delimiter", "auto", "CSV field separator: auto (sniffed; tab for .tsv), or the character itself (tab for a tab)."),
    Setting("date_format", "", "strptime pattern(s) for dates, '|'-separated (e.g. 'Published: %b %d, %Y %I:%M %p'); tried before the automatic parser (ISO, English, localised forms). Dates no parser reads are counted in the ingest summary."),
    Setting("headlines", "auto", "Short items: on (every text-only record is a headline, kept whatever its length), auto (a one-line text-only record shorter than min_text_chars is kept as a headline), off (rejected as too short)."),
    Setting("languages", "en,zh,ru,uk,fr,de,it,es,pt,pl,ar,fa,he,ja,ko,tr,nl", "Languages the corpus plausibly holds (ISO 639-1, comma-separated): language ID chooses among these only (headlines need it), or 'all'. A page or feed that declares another language keeps it when the text reads so (200+ characters)."),
    Setting("fixed", "", "Fixed values for every record, 'field=value' pairs separated by ';' (fields: outlet, url, title, date, author, language); `ingest --set outlet=BBC` adds to it. A file's sidecar FILE.storylens.yaml may set these and any setting for that file alone."),
    # narratives and stories
    Setting("narrative_builtin", ["china", "climate"], "Built-in narrative packs to run (comma-separated; see storylens/data/narratives). Also built in, not run by default: ukraine_war and climate_change (trained on SemEval-2025 T10 war/climate articles; on general news their precision is low, docs/narratives_handcheck.md).",
            choices=builtin_packs, item_ok=_pack_file),
    Setting("narrative_packs", [], "Extra narrative pack YAML files (comma-separated paths), loaded like the built-in ones."),
    Setting("narrative_encoder", "minilm", "Sentence encoder of the narratives stage: minilm (all-MiniLM-L6-v2, needs storylens[sentence]), mpnet (slower) or none (keywords and claim overlap only). Trained packs and `method: zeroshot` packs need one; with one, keyword packs' hits also need a claim-level match.",
            kind="choice", choices=["minilm", "mpnet", "none"]),
    Setting("narrative_multilingual", True, "Narratives on non-English articles: their sentences against the packs' English claims through the multilingual encoder (needs storylens[multilingual]), keyword packs with their keywords for that language; trained packs run zero-shot there. Off: English only."),
    Setting("narrative_all_scores", False, "annotate: also write every in-scope narrative's score below its threshold (narrative_scores)."),
    Setting("stories", True, "Cluster new articles into stories at the end of ingest (storylens stories --update)."),
    Setting("story_threshold", 0.35, "Cosine similarity to a story's centroid needed to join it (stories).",
            minimum=0.0, maximum=1.0, above=True),
    Setting("story_window_days", 3, "A story stays open for new articles this many days after its last article.", minimum=0),
    # tone: which target-dependent tone model the tone stage uses
    Setting("tone_model", "auto", "Tone model: auto (the default: the best installed of cascade, student, static, with a notice when it falls back; see docs/tone.md), cascade (the student on every sentence, mpnet again where the student is unsure: devtest_mt 0.81 against mpnet's 0.83, the tone stage in about 0.8 of mpnet's time; needs storylens[mpnet]), static (numpy, default install), distilled (numpy, an MLP head distilled from the transformer: better on NewsMTSC, same cost), transformer (fine-tuned MiniLM, one pass per mention, needs storylens[transformer]), student (MiniLM trained on the MPNet model's labels, one pass per sentence, storylens[transformer]), mpnet (MPNet with a trained adapter, one pass per sentence, the most accurate; needs storylens[mpnet]), mpnet6 (the first 6 of MPNet's 12 layers with their own adapter, one pass per sentence: about half mpnet's cost; needs storylens[mpnet]), mpnet8 (the first 8 of MPNet's 12 layers with their own adapter, one pass per sentence: about two thirds of mpnet's cost; needs storylens[mpnet]), e5 (the multilingual model of tone_multilingual, on English too).",
            kind="choice", choices=TONE_MODELS),
    Setting("tone_cascade_margin", 0.60, "tone_model=cascade (the default via auto): a sentence goes to mpnet when the student's least sure target has a margin (top probability minus the second) below this. 0.60 was chosen on NewsMTSC train's held-out part (within 0.01 of mpnet there); lower is faster and less accurate (0.45: tone in 0.66 of mpnet's time, devtest_mt 0.804); 0 = the student alone, 1 = mpnet on every sentence.",
            minimum=0.0, maximum=1.0),
    Setting("tone_multilingual", False, "Tone on non-English articles from the multilingual model (multilingual-e5-small with a tone adapter trained on English NewsMTSC targets; needs storylens[multilingual]). Off by default: on 100 hand-labelled targets each in fr/de/ru it beats always-neutral on macro-F1 (0.43/0.52/0.41 vs 0.27-0.28) but not on accuracy (docs/languages.md). Off: tone on English articles only (the English models never read other text)."),
    # syndication corpus stage (storylens.corpus.syndication; calibration in docs/syndication.md)
    Setting("syndication", True, "Run the syndication corpus stage (copies, reused passages) at the end of ingest."),
    Setting("syndication_lsh_threshold", 0.5, "Jaccard at the LSH S-curve midpoint (syndication index parameter: fixed when a store is first indexed).",
            minimum=0.05, maximum=0.95),
    Setting("syndication_near", 0.5, "Containment of the smaller text's 5-shingles in the larger one for a near copy (syndication).",
            minimum=0.0, maximum=1.0, above=True),
    Setting("syndication_passage_words", 40, "Shortest reused passage reported, in words (syndication index parameter).", minimum=8),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    return _BY_NAME[name]


def _unknown(name: str, origin: str) -> SettingsError:
    close = difflib.get_close_matches(name, list(_BY_NAME), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; `storylens settings` lists them"
    where = f" in {origin}" if origin else ""
    return SettingsError(f"unknown setting {name!r}{where}{hint}")


class Settings:
    """Resolved, converted settings. Read as attributes: ``settings.batch_size``.

    ``overrides`` maps names to raw values (strings from the environment,
    YAML scalars, or already-typed values from ``as_dict()``); ``origins``
    names where each came from, for error messages.
    """

    def __init__(self, overrides: dict[str, Any] | None = None, origins: dict[str, str] | None = None) -> None:
        values = {s.name: s.convert(s.default, "default") for s in SETTINGS}
        origins = origins or {}
        for name, value in (overrides or {}).items():
            if name not in _BY_NAME:
                raise _unknown(name, origins.get(name, ""))
            values[name] = _BY_NAME[name].convert(value, origins.get(name, ""))
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, Any]:
        """Typed values (JSON-serialisable: paths are strings); ``Settings(as_dict())`` round-trips."""
        return {k: list(v) if isinstance(v, list) else v for k, v in self._values.items()}

    def columns(self, name: str) -> list[str]:
        """A list setting (or a comma-separated text one) as a list of strings."""
        value = self._values[name]
        return list(value) if isinstance(value, list) else _as_items(str(value))

    def replace(self, **changes: Any) -> Settings:
        return Settings({**self._values, **changes})

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
        merged: dict[str, Any] = {}
        origins: dict[str, str] = {}
        path = path or os.environ.get("STORYLENS_CONFIG")
        if path:
            data = read_config(Path(path))
            merged.update(data)
            origins.update(dict.fromkeys(data, f"config file {str(path)!r}"))
        for s in SETTINGS:
            env = os.environ.get(f"STORYLENS_{s.name.upper()}")
            if env is not None:
                merged[s.name] = env
                origins[s.name] = f"environment STORYLENS_{s.name.upper()}"
        for k, v in overrides.items():
            if v is not None:
                merged[k] = v
                origins[k] = "command line"
        return cls(merged, origins)


def read_utf8(p: Path, what: str) -> str:
    """The text of a user file (config, pack, lexicon); a folder, a missing or
    unreadable file, or bytes that are not UTF-8 are one SettingsError line."""
    name = str(p)
    if not p.exists():
        raise SettingsError(f"{what} not found: {name!r}")
    if p.is_dir():
        raise SettingsError(f"{what} {name!r} is a folder; give a file")
    try:
        return p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"{what} {name!r} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start}); "
            "save it as UTF-8") from None
    except OSError as exc:
        raise SettingsError(f"{what} {name!r} cannot be read: {exc.strerror or exc}") from None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in one line: where and what."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"YAML syntax error{where}: {problem}"


def read_config(p: Path) -> dict[str, Any]:
    """The mapping in a YAML (or .toml) config file; every failure is one SettingsError line."""
    name = str(p)
    text = read_utf8(p, "config file")
    if p.suffix.lower() == ".toml":
        import tomllib

        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config file {name!r}: TOML syntax error: {str(exc).splitlines()[0]}") from None
    else:
        import yaml  # here, not at the top: only a config file needs it

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SettingsError(f"config file {name!r}: {yaml_problem(exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(f"config file {name!r} must hold a mapping of setting: value lines")
    return {str(k): v for k, v in data.items()}
