"""Jinja2 environment (autoescape on), cell formatting and links, shared by the server and `report`."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

SAFE_SCHEMES = ("http://", "https://")


def safe_url(url: Any) -> str | None:
    """Only http(s) URLs from pages become links; ``javascript:`` and the rest stay text."""
    if isinstance(url, str) and url.strip().lower().startswith(SAFE_SCHEMES):
        return url.strip()
    return None


class Links:
    """Where a value links to: dashboard routes, or anchors inside a report."""

    def __init__(self, mode: str = "server") -> None:
        self.mode = mode

    def actor(self, name: str) -> str | None:
        if self.mode == "report":
            return "#actor-" + quote(name, safe="")
        return "/actors/" + quote(name, safe="")

    def outlet(self, name: str) -> str | None:
        return None if self.mode == "report" else "/outlets/" + quote(name, safe="")

    def article(self, article_id: str) -> str | None:
        return None if self.mode == "report" else "/articles/" + quote(article_id, safe="")

    def api(self, path: str, **params: Any) -> str:
        qs = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return path + ("?" + qs if qs else "")


def fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, list):
        return " · ".join(fmt(x) for x in v)
    return str(v)


def cell(row: dict[str, Any], spec: str, links: Links) -> Markup:
    """``spec`` is ``column`` or ``column>kind[:idcolumn]`` (kind: actor, outlet, article, url)."""
    col, _, link = spec.partition(">")
    value = row.get(col)
    text = escape(fmt(value))
    if not link or value in (None, ""):
        return text
    kind, _, idcol = link.partition(":")
    target = None
    if kind == "actor":
        target = links.actor(str(value))
    elif kind == "outlet":
        target = links.outlet(str(value))
    elif kind == "article":
        aid = row.get(idcol or "id")
        target = links.article(str(aid)) if aid else None
    elif kind == "url":
        target = safe_url(value)
    if not target:
        return text
    return Markup('<a href="{}">{}</a>').format(target, text)


def header(spec: str) -> str:
    return spec.partition(">")[0].replace("_", " ")


def environment() -> Environment:
    env = Environment(loader=PackageLoader("storylens.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(cell=cell, header=header, fmt=fmt, safe_url=safe_url)
    env.filters["fmt"] = fmt
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "default": str}
    return env


def static_text(name: str) -> str:
    return (resources.files("storylens.web") / "static" / name).read_text(encoding="utf-8")


def page_json(data: Any) -> Markup:
    """JSON for a <script type="application/json"> block: <, >, & and ' escaped so it cannot end the tag."""
    s = json.dumps(data, default=str, ensure_ascii=False)
    s = s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("'", "\\u0027")
    s = s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(s)
