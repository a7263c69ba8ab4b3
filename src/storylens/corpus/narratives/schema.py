"""The narrative-pack schema: every key, its type, and errors that say where and how to fix.

A pack is read with PyYAML's node API (``yaml.compose``) rather than ``safe_load`` so that each
error can name ``file:line``. Checks: unknown keys (with the closest known key suggested, so
``thresold:`` is an error, not silently ignored), a string where a list is expected (``scope:
climate`` would otherwise become one-letter patterns), empty lists, narratives with nothing to
match, numbers that are not numbers, bad ``re:`` patterns. The result is plain Python data that
:mod:`storylens.corpus.narratives` turns into frozen records.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import yaml

from storylens.config import yaml_problem
from storylens.errors import StoryLensError


class NarrativePackError(StoryLensError):
    pass


PACK_KEYS: dict[str, str] = {
    "pack": "str", "description": "str", "scope": "scope", "scope_min": "int", "narratives": "list",
    "provenance": "str", "licence": "str", "license": "str", "version": "str", "model": "str", "method": "str",
    "anchor": "keywords", "anchor_window": "int", "scope_share": "float",
}
NARRATIVE_KEYS: dict[str, str] = {
    "name": "str", "description": "str", "claims": "list", "example_claims": "list", "examples": "list",
    "keywords": "keywords", "actors": "list", "threshold": "float", "frame": "str", "scope": "scope",
    "scope_min": "int", "sub_narratives": "list", "anchor": "keywords", "anchor_window": "int",
    "topics": "keywords", "anchored": "keywords", "scope_share": "float",
}
SUB_KEYS: dict[str, str] = {"name": "str", "description": "str", "claims": "list", "keywords": "keywords"}
# `keywords:` and `scope:` are a list or a mapping from an ISO 639-1 code (or `all`, every language) to a
# list: `keywords: {all: [Huawei], en: [trade war], ru: ["торгов* войн*"]}`. A plain keyword list is English
# (phrases and function words of one language: "I", "my" are Italian and Polish words too); a plain scope
# list is every language's (topic names: "Ukraine", "Putin", "CO2").
ALL_LANGUAGES = "all"
_LANG_KEY = re.compile(r"[a-z]{2}")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Walks composed YAML nodes, collecting plain values and raising located errors."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, node: yaml.Node | None, what: str, fix: str, narrative: str | None = None) -> None:
        loc = f"{self.where}:{_line(node)}" if node is not None else self.where
        who = f" narrative {narrative!r}:" if narrative else ""
        raise NarrativePackError(f"{loc}:{who} {what}; {fix}")

    def mapping(self, node: yaml.Node, keys: dict[str, str], narrative: str | None = None,
                what: str = "narrative") -> dict[str, tuple[Any, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"a {what} must be a mapping (key: value)", "write `- name: ...` with its keys below",
                      narrative)
        out: dict[str, tuple[Any, yaml.Node]] = {}
        for knode, vnode in node.value:
            key = str(knode.value)
            if key not in keys:
                near = difflib.get_close_matches(key, list(keys), n=1)
                fix = f"did you mean `{near[0]}`?" if near else f"known keys: {', '.join(sorted(keys))}"
                self.fail(knode, f"unknown key `{key}`", fix, narrative)
            if key in out:
                self.fail(knode, f"key `{key}` given twice", "keep one", narrative)
            out[key] = (self.value(vnode, keys[key], key, narrative), vnode)
        return out

    def value(self, node: yaml.Node, kind: str, key: str, narrative: str | None) -> Any:
        if kind in ("keywords", "scope"):  # {language: item nodes}
            if not isinstance(node, yaml.MappingNode):
                return {"en" if kind == "keywords" else ALL_LANGUAGES: self.value(node, "list", key, narrative)}
            out: dict[str, list[yaml.Node]] = {}
            for knode, vnode in node.value:
                lang = str(knode.value)
                if lang != ALL_LANGUAGES and not _LANG_KEY.fullmatch(lang):
                    self.fail(knode, f"`{key}:` by language: {lang!r} is not a language code",
                              f"use a two-letter ISO 639-1 code (en, fr, ru...) or `{ALL_LANGUAGES}`, "
                              f"e.g. `{key}: {{en: [...], ru: [...]}}`", narrative)
                if lang in out:
                    self.fail(knode, f"language `{lang}` given twice in `{key}`", "keep one", narrative)
                out[lang] = self.value(vnode, "list", f"{key}: {lang}", narrative)
            return out
        if kind == "list":
            if not isinstance(node, yaml.SequenceNode):
                if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
                    return []
                self.fail(node, f"`{key}` must be a list, got a {_kind(node)}",
                          f"write `{key}: [{node.value if isinstance(node, yaml.ScalarNode) else '...'}]` "
                          "or one `- item` per line", narrative)
            return list(node.value)  # item nodes; the caller reads them
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"`{key}` must be a single value, got a {_kind(node)}", "write one value", narrative)
        text = node.value
        if kind == "str":
            return text
        try:
            return int(text) if kind == "int" else float(text)
        except ValueError:
            self.fail(node, f"`{key}` must be a number, got {text!r}", f"write e.g. `{key}: "
                      f"{'2' if kind == 'int' else '0.5'}`", narrative)
        return None

    def strings(self, items: list[yaml.Node], key: str, narrative: str | None) -> list[tuple[str, int]]:
        out = []
        for it in items:
            if not isinstance(it, yaml.ScalarNode):
                self.fail(it, f"every item of `{key}` must be a string, got a {_kind(it)}",
                          "quote it, e.g. `- \"re:a|b\"`", narrative)
            s = str(it.value).strip()
            if not s:
                self.fail(it, f"empty item in `{key}`", "remove the blank entry", narrative)
            if key.split(":")[0] in ("keywords", "scope", "anchor", "topics", "anchored") and s.startswith("re:"):
                try:
                    re.compile(s[3:])
                except re.error as exc:
                    self.fail(it, f"bad regular expression {s!r} in `{key}`: {exc}",
                              "fix the pattern (escape ( ) [ ] . + ? with a backslash) or drop the `re:` prefix",
                              narrative)
            out.append((s, _line(it)))
        return out


def _by_language(r: _Reader, value: dict[str, list[yaml.Node]], key: str,
                 narrative: str | None) -> tuple[list[str], dict[str, list[str]]]:
    """(the keywords tried in every language, {language: its own keywords})."""
    every = [s for s, _ in r.strings(value.get(ALL_LANGUAGES, []), key, narrative)]
    own = {lang: [s for s, _ in r.strings(items, f"{key}: {lang}", narrative)]
           for lang, items in value.items() if lang != ALL_LANGUAGES}
    return every, {lang: items for lang, items in own.items() if items}


def _kind(node: yaml.Node) -> str:
    return {yaml.ScalarNode: "single value", yaml.SequenceNode: "list", yaml.MappingNode: "mapping"}[type(node)]


def parse_pack(text: str, where: str) -> dict[str, Any]:
    """Validate a pack's YAML text; return plain data (lists of strings, numbers), or raise a located error."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise NarrativePackError(f"{where}: not valid YAML: {yaml_problem(exc)}") from None
    r = _Reader(where)
    if root is None:
        r.fail(None, "the pack is empty", "see docs/narratives.md for the format")
    top = r.mapping(root, PACK_KEYS, what="pack")
    if "narratives" not in top:
        r.fail(root, "no `narratives:` list", "add `narratives:` with at least one `- name: ...`")
    data: dict[str, Any] = {k: v for k, (v, _) in top.items() if PACK_KEYS[k] not in ("list", "keywords", "scope")}
    data["scope"], data["scope_by_language"] = _by_language(r, top["scope"][0] if "scope" in top else {}, "scope",
                                                            None)
    # `anchor:` (pack or narrative): words one of which a scoring sentence or its neighbour must contain (the
    # pack's subject, "China", "Beijing"...); a plain list is English's, like `keywords:`
    data["anchor"], data["anchor_by_language"] = _by_language(r, top["anchor"][0] if "anchor" in top else {},
                                                              "anchor", None)
    _check_scope_share(r, top, None)
    items, nnode = top["narratives"]
    if not items:
        r.fail(nnode, "`narratives:` is empty", "add at least one `- name: ...` with keywords or claims")
    data["narratives"] = [_narrative(r, node, bool(data["anchor"] or data["anchor_by_language"])) for node in items]
    return data


def _narrative(r: _Reader, node: yaml.Node, pack_anchor: bool = False) -> dict[str, Any]:
    name = None
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "name" and isinstance(v, yaml.ScalarNode):
                name = str(v.value).strip() or None
    fields = r.mapping(node, NARRATIVE_KEYS, name)
    if not name:
        r.fail(node, "a narrative without a `name`", "add `name: ...` (the label stored and shown)")
    out: dict[str, Any] = {}
    for key, (val, _vnode) in fields.items():
        if NARRATIVE_KEYS[key] in ("keywords", "scope"):
            out[key], out[f"{key}_by_language"] = _by_language(r, val, key, name)
        elif NARRATIVE_KEYS[key] == "list" and key != "sub_narratives":
            out[key] = [s for s, _ in r.strings(val, key, name)]
        elif key != "sub_narratives":
            out[key] = val
    subs = []
    for sn in fields.get("sub_narratives", ([], None))[0]:
        if isinstance(sn, yaml.ScalarNode):
            subs.append({"name": str(sn.value)})
            continue
        sf = r.mapping(sn, SUB_KEYS, name, what="sub-narrative")
        sub = {k: ([s for s, _ in r.strings(v, k, name)] if SUB_KEYS[k] == "list" else v) for k, (v, _) in sf.items()
               if SUB_KEYS[k] != "keywords"}
        if "keywords" in sf:
            sub["keywords"], sub["keywords_by_language"] = _by_language(r, sf["keywords"][0], "keywords", name)
        subs.append(sub)
    out["sub_narratives"] = subs
    out["claims"] = out.get("claims", []) + out.pop("example_claims", [])
    if not (out.get("keywords") or out.get("keywords_by_language") or out.get("topics") or out.get("topics_by_language")
            or out.get("anchored") or out.get("anchored_by_language") or out["claims"] or out.get("examples")
            or any(s.get("claims") or s.get("keywords") or s.get("keywords_by_language") for s in subs)):
        r.fail(node, "nothing to match: no `keywords`, `claims`, `examples` or sub-narrative claims",
               "add at least one keyword or claim", name)
    # `anchored:` keywords score only in a sentence that names an anchor itself: without any anchor (the
    # narrative's or the pack's) they could never be read as intended
    if (out.get("anchored") or out.get("anchored_by_language")) and not (
            pack_anchor or out.get("anchor") or out.get("anchor_by_language")):
        r.fail(fields["anchored"][1], "`anchored:` keywords without an `anchor:`",
               "add `anchor:` (to the pack or this narrative) with the names an anchored keyword needs in its "
               "sentence, or move the keywords to `keywords:`", name)
    _check_scope_share(r, fields, name)
    if "threshold" in out and not 0.0 <= out["threshold"] <= 1.0:
        r.fail(fields["threshold"][1], f"threshold {out['threshold']} is outside 0..1", "write e.g. `threshold: 0.5`",
               name)
    out["line"] = _line(node)
    return out


def _check_scope_share(r: _Reader, fields: dict[str, tuple[Any, yaml.Node]], narrative: str | None) -> None:
    """`scope_share:` (pack or narrative) is a share of sentences, 0..1, and needs a `scope:` to count."""
    if "scope_share" not in fields:
        return
    share, node = fields["scope_share"]
    if not 0.0 <= share <= 1.0:
        r.fail(node, f"scope_share {share} is outside 0..1",
               "write the share of an article's sentences that must name a scope word, e.g. `scope_share: 0.08`",
               narrative)
    if "scope" not in fields:
        r.fail(node, "`scope_share:` without a `scope:`",
               "add `scope:` with the words a sentence must name to count, or drop `scope_share:`", narrative)
