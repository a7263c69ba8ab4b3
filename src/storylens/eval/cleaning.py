"""Cleaning quality on benchmark pages with spam injected by a documented, seeded generator.

The generator (``inject``) takes a clean page and writes, into paragraphs of its
article body, the four forms injected SEO spam takes on real copies:

- ``keyword``: a spam keyword replaces a short word of a sentence ("remarks at
  토토사이트 study session");
- ``link``: a spam link (anchor text = keyword, target = a generated gambling
  domain) inserted between two words of a paragraph;
- ``sentence``: a promotional sentence appended to a paragraph;
- ``hidden``: a hidden element (display:none, visibility:hidden, zero size,
  off-screen) after a paragraph, carrying two or three spam links.

Keywords and sentence templates come from ``GEN_KEYWORDS`` / ``GEN_SENTENCES``
below, written for the generator and independent of the shipped lexicon (many
terms are not in it). To measure generalisation the cleaner under test is
built from the shipped lexicon *minus* every term of the ``HOLDOUT_LANGS``
languages and minus every fourth remaining term (by a stable hash), and without
the ``HOLDOUT_LANGS`` words of the hand-written cue/companion/modifier lists
(``storylens.clean.cues``): each injection is labelled ``seen`` when that
reduced lexicon has a strong term for it and ``unseen`` otherwise, and recall
is reported for both. ``spam_recall_strict`` also leaves the held-out
languages' general word lists (wordfreq) out of the out-of-language signal.

Metrics
- spam recall: share of injected strings absent from the output (for a
  sentence: neither its keyword, its domain nor any three-word run of it left);
- collateral loss: share of gold body tokens (``\\w+``, multiset) present in the
  output without cleaning and missing with cleaning (extraction-aeb);
- extraction F1 (AEB metric) on the uninjected pages, with and without cleaning;
- the share of trafilatura-eval ``without`` snippets that leak (and of ``with``
  snippets kept), with and without cleaning;
- cost: cleaning time over extraction time on the same pages in the same run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylens.clean.core import Cleaner
from storylens.clean.lexicon import Lexicon, Term, load_lexicon
from storylens.clean.vocab import preload
from storylens.errors import StoryLensError

HOLDOUT_LANGS = ("th", "vi", "tr", "pl")
HOLDOUT_MOD = 4  # every fourth term (stable hash) of the other languages is held out too

GEN_KEYWORDS: dict[str, list[str]] = {
    "en": ["online casino", "best online casino", "free spins no deposit", "sports betting site",
           "buy viagra online", "payday loans", "real money slots", "crypto casino bonus",
           "escort service", "cheap replica watches", "no deposit bonus codes", "best betting app",
           "online pokies", "live casino games", "bitcoin gambling", "casino bonus"],
    "de": ["online casino", "sportwetten bonus", "casino ohne einzahlung", "freispiele ohne einzahlung",
           "viagra kaufen", "kredit ohne schufa", "seriöse online casinos", "spielautomaten online"],
    "fr": ["casino en ligne", "paris sportifs en ligne", "machines à sous gratuites", "bonus sans dépôt",
           "acheter viagra", "meilleur casino en ligne"],
    "es": ["casino en línea", "apuestas deportivas online", "tragamonedas gratis", "bono sin depósito",
           "comprar viagra", "casinos online españa"],
    "it": ["casinò online", "scommesse online", "slot machine gratis", "bonus senza deposito",
           "casino non aams"],
    "pt": ["cassino online", "apostas esportivas", "site de apostas", "jogo do bicho", "rodadas grátis"],
    "nl": ["online casino", "gokken online", "casino zonder cruks", "gratis spins"],
    "pl": ["kasyno online", "kasyna internetowe", "zakłady bukmacherskie", "darmowe spiny",
           "automaty do gier", "chwilówki przez internet"],
    "tr": ["canlı bahis", "bahis siteleri", "deneme bonusu veren siteler", "casino siteleri",
           "kaçak bahis", "güvenilir bahis siteleri"],
    "id": ["slot gacor", "situs judi online", "judi bola", "togel online", "agen sbobet",
           "bandar togel", "situs slot gacor hari ini", "pinjaman online cepat", "rtp slot"],
    "vi": ["cá cược bóng đá", "nhà cái uy tín", "đánh bài online", "nổ hũ đổi thưởng", "soi kèo",
           "lô đề online", "casino trực tuyến", "game bài đổi thưởng"],
    "ru": ["онлайн казино", "казино вулкан", "ставки на спорт", "букмекерская контора",
           "игровые автоматы", "микрозайм онлайн", "купить виагру", "проститутки москвы"],
    "uk": ["онлайн казино україна", "ставки на спорт україна", "слоти онлайн"],
    "ar": ["كازينو اون لاين", "مواقع المراهنات", "العاب قمار", "مراهنات كرة القدم", "فياجرا"],
    "fa": ["سایت شرط بندی", "بازی انفجار", "کازینو آنلاین", "پیش بینی فوتبال"],
    "hi": ["ऑनलाइन कैसीनो", "सट्टा मटका", "ऑनलाइन सट्टा", "तीन पत्ती"],
    "he": ["קזינו אונליין", "הימורי ספורט", "נערות ליווי"],
    "el": ["online καζίνο", "στοίχημα online", "φρουτάκια"],
    "ko": ["토토사이트", "카지노사이트", "먹튀검증", "안전놀이터", "바카라사이트", "온라인카지노",
           "파워볼사이트", "슬롯머신사이트", "스포츠중계", "에볼루션카지노", "비아그라 구매"],
    "zh": ["网上赌场", "百家乐平台", "六合彩开奖", "体育投注网", "澳门赌场", "时时彩计划",
           "真人娱乐城", "在线博彩", "成人视频", "代开发票", "棋牌游戏"],
    "ja": ["オンラインカジノ", "ブックメーカー", "出会い系サイト", "無修正動画", "バイアグラ通販",
           "パチンコ攻略", "スロット攻略"],
    "th": ["เว็บพนันออนไลน์", "บาคาร่าออนไลน์", "สล็อตเว็บตรง", "แทงบอลออนไลน์", "หวยออนไลน์",
           "คาสิโนออนไลน์", "เว็บตรงไม่ผ่านเอเย่นต์", "ยูฟ่าเบท"],
}
GEN_SENTENCES: dict[str, list[str]] = {
    "en": ["Play {kw} at {domain} and get a {n}% welcome bonus today!",
           "Visit {domain} for the best {kw} – sign up now.", "Looking for {kw}? Click here: {domain}"],
    "de": ["Jetzt {kw} bei {domain} spielen und {n}% Bonus sichern!", "Die besten Angebote für {kw} gibt es hier: {domain}"],
    "fr": ["Jouez au {kw} sur {domain} et recevez {n}% de bonus !"],
    "es": ["Juega {kw} en {domain} y consigue un bono del {n}%.", "Regístrate ahora en {domain}: {kw}."],
    "it": ["Gioca a {kw} su {domain}: bonus del {n}% subito!"],
    "pt": ["Jogue {kw} no {domain} e ganhe {n}% de bônus agora!"],
    "nl": ["Speel {kw} op {domain} en krijg {n}% bonus!"],
    "pl": ["Zagraj w {kw} na {domain} i odbierz {n}% bonusu już teraz!"],
    "tr": ["{kw} için hemen {domain} adresini ziyaret edin, %{n} bonus kazanın!"],
    "id": ["Daftar {kw} sekarang di {domain} dan dapatkan bonus {n}%!"],
    "vi": ["Tham gia {kw} tại {domain} để nhận thưởng {n}% ngay hôm nay!"],
    "ru": ["Играйте в {kw} на {domain} и получите бонус {n}%!"],
    "uk": ["Грайте в {kw} на {domain} та отримайте бонус {n}%!"],
    "ar": ["العب {kw} على {domain} واحصل على مكافأة {n}%!"],
    "fa": ["{kw} در {domain} ثبت نام کنید و {n}% بونوس بگیرید"],
    "hi": ["{kw} खेलें {domain} पर और पाएं {n}% बोनस!"],
    "he": ["שחקו {kw} ב-{domain} וקבלו בונוס {n}%!"],
    "el": ["Παίξτε {kw} στο {domain} και κερδίστε μπόνους {n}%!"],
    "ko": ["{kw} 지금 가입하고 {n}% 보너스 받기 {domain}"],
    "zh": ["{kw}，立即注册{domain}，首存送{n}%！"],
    "ja": ["{kw}なら{domain}で今すぐ登録、{n}%ボーナス！"],
    "th": ["สมัคร{kw}วันนี้ที่ {domain} รับโบนัส {n}%"],
}
_DOMAIN_WORDS = ["win", "slot", "toto", "casino", "bet", "lucky", "mega", "royal", "gold", "star",
                 "vip", "king", "jackpot", "play", "asia", "fortune", "dragon", "tiger", "spin", "ace"]
_TLDS = ["com", "net", "xyz", "top", "vip", "bet", "club", "online", "site", "io", "co", "me"]
_HIDDEN_STYLES = ["display:none", "visibility:hidden", "position:absolute;left:-9999px",
                  "height:0;overflow:hidden", "font-size:0", "display: none !important"]
FORMS = ("keyword", "link", "sentence", "hidden")
_P = re.compile(r"(<p\b[^>]*>)(.*?)(</p\s*>)", re.IGNORECASE | re.DOTALL)
_TEXT_NODE = re.compile(r">([^<]+)<")
_SHORT_WORD = re.compile(r"(?<= )[A-Za-zÀ-ÿ]{1,3}(?= )")
_TOKEN = re.compile(r"\w+")
_WS = re.compile(r"\s+")


def _stable(s: str) -> int:
    return int(hashlib.sha1(s.encode("utf-8")).hexdigest()[:8], 16)


def holdout_lexicon(lexicon: Lexicon | None = None) -> Lexicon:
    """The shipped lexicon minus the held-out languages and every fourth other term."""
    lex = lexicon or load_lexicon()

    def drop(t: Term) -> bool:
        return t.lang in HOLDOUT_LANGS or _stable(t.text) % HOLDOUT_MOD == 0

    return lex.without(drop)


@dataclass
class Injection:
    form: str
    lang: str
    keyword: str
    checks: list[str]  # strings that must be absent from the output
    domain: str = ""
    sentence: str = ""


def _domain(rng: random.Random) -> str:
    a = rng.choice(_DOMAIN_WORDS)
    b = rng.choice(["", rng.choice(_DOMAIN_WORDS), str(rng.randint(1, 999))])
    return f"{a}{b}.{rng.choice(_TLDS)}"


def _replace_in_text(inner: str, rng: random.Random, fn) -> str | None:  # type: ignore[no-untyped-def]
    """Apply ``fn(text) -> new text | None`` to one text node of ``inner``."""
    wrapped = f">{inner}<"
    nodes = [m for m in _TEXT_NODE.finditer(wrapped) if len(m.group(1).strip()) > 20]
    rng.shuffle(nodes)
    for m in nodes:
        new = fn(m.group(1))
        if new is not None:
            out = wrapped[: m.start(1)] + new + wrapped[m.end(1):]
            return out[1:-1]
    return None


def inject(page: str, body_texts: list[str], rng: random.Random, n: int, forms: list[str] | None = None
           ) -> tuple[str, list[Injection]]:
    """Inject ``n`` spam items into paragraphs of ``page`` whose text is in the body."""
    from storylens.clean.captions import html_text

    body = _WS.sub(" ", " ".join(body_texts))
    paras = [m for m in _P.finditer(page)
             if len(t := html_text(m.group(2))) >= 80 and t[:60] in body]
    if not paras:
        return page, []
    rng.shuffle(paras)
    chosen = sorted(paras[:n], key=lambda m: m.start(), reverse=True)
    injections: list[Injection] = []
    for m in chosen:
        form = (forms or list(FORMS))[rng.randrange(len(forms or FORMS))]
        lang = rng.choice(sorted(GEN_KEYWORDS))
        kw = rng.choice(GEN_KEYWORDS[lang])
        dom = _domain(rng)
        inner = m.group(2)
        new_inner: str | None
        after = ""
        inj = Injection(form, lang, kw, [kw], domain=dom)
        if form == "keyword":
            def swap(t: str, kw: str = kw) -> str | None:
                words = list(_SHORT_WORD.finditer(t))
                if not words:
                    return None
                w = rng.choice(words)
                return t[: w.start()] + kw + t[w.end():]

            new_inner = _replace_in_text(inner, rng, swap)
        elif form == "link":
            def add_link(t: str, kw: str = kw, dom: str = dom) -> str | None:
                spaces = [i for i, ch in enumerate(t) if ch == " " and 10 < i < len(t) - 10]
                if not spaces:
                    return None
                i = rng.choice(spaces)
                return f'{t[:i]} <a href="https://{dom}/">{kw}</a>{t[i:]}'

            new_inner = _replace_in_text(inner, rng, add_link)
        elif form == "sentence":
            tpl = rng.choice(GEN_SENTENCES[lang])
            sent = tpl.format(kw=kw, domain=dom, n=rng.choice([50, 100, 150, 200, 300]))
            sep = "" if lang in ("zh", "ja") else " "
            new_inner = inner.rstrip() + sep + sent
            inj.sentence = sent
            inj.checks = [kw, dom]
        else:
            kws = [kw, *rng.sample(GEN_KEYWORDS[lang], min(2, len(GEN_KEYWORDS[lang])))]
            kws = list(dict.fromkeys(kws))
            links = " ".join(f'<a href="https://{_domain(rng)}/">{k}</a>' for k in kws)
            after = f'<div style="{rng.choice(_HIDDEN_STYLES)}">{links}</div>'
            new_inner = inner
            inj.checks = kws
        if new_inner is None:
            continue
        page = page[: m.start()] + m.group(1) + new_inner + m.group(3) + after + page[m.end():]
        injections.append(inj)
    return page, injections


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def caught(inj: Injection, output: str) -> bool:
    out = _norm(output)
    if any(_norm(c) in out for c in inj.checks):
        return False
    if inj.sentence:
        toks = _TOKEN.findall(inj.sentence.casefold())
        for i in range(len(toks) - 2):
            if re.search(r"\b" + r"\W+".join(map(re.escape, toks[i:i + 3])) + r"\b", out):
                return False
    return True


def _utf8(html: bytes) -> str:
    from storylens.extract.html import decode_html

    page = decode_html(html)
    head, rest = page[:4096], page[4096:]
    head = re.sub(r"(charset\s*=\s*[\"']?)[\w:.-]+", r"\1utf-8", head, flags=re.IGNORECASE)
    return head + rest


@dataclass
class Page:
    id: str
    url: str
    html: str
    gold: str | None = None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)


def load_pages(aeb: str | Path | None, tfeval: str | Path | None, limit: int | None = None,
               seed: int = 13) -> tuple[list[Page], list[Page]]:
    from storylens.eval.extraction import load_aeb

    aeb_pages: list[Page] = []
    tf_pages: list[Page] = []
    if aeb:
        for item_id, url, html, gold in load_aeb(aeb):
            aeb_pages.append(Page(item_id, url, _utf8(html), gold=gold))
    if tfeval:
        root = Path(tfeval)
        meta_path = root / "evaldata.json"
        if not meta_path.exists():
            raise StoryLensError(f"{str(meta_path)!r} not found: --tfeval expects trafilatura's evaldata.json and html/")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for url, rec in sorted(meta.items()):
            p = root / "html" / (rec["file"] + ("" if rec["file"].endswith(".gz") else ".gz"))
            if not p.exists():
                continue
            tf_pages.append(Page(rec["file"], url, _utf8(gzip.decompress(p.read_bytes())),
                                 with_=list(rec.get("with") or []), without=list(rec.get("without") or [])))
    if limit:
        rng = random.Random(seed)
        if len(aeb_pages) > limit:
            aeb_pages = sorted(rng.sample(aeb_pages, limit), key=lambda p: p.id)
        if len(tf_pages) > limit:
            tf_pages = sorted(rng.sample(tf_pages, limit), key=lambda p: p.id)
    return aeb_pages, tf_pages


def _prf(gold: str, out: str) -> tuple[float, float]:
    from storylens.eval.extraction import prf

    return prf(gold, out)


def _tokens(text: str) -> Counter[str]:
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def evaluate(aeb: str | Path | None, tfeval: str | Path | None = None, *, limit: int | None = None,
             seed: int = 13, per_page: tuple[int, int] = (1, 3)) -> dict[str, Any]:
    """Run the whole evaluation; returns the report as a dict (see module docstring)."""
    from storylens.clean.stage import CleanStage
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.types import Article, Provenance, RawDocument

    aeb_pages, tf_pages = load_pages(aeb, tfeval, limit, seed)
    if not aeb_pages and not tf_pages:
        raise StoryLensError("no pages to evaluate: give --aeb and/or --tfeval folders")
    pipe = Pipeline(Settings({"clean": False, "enrich": False}))
    full = load_lexicon()
    held = holdout_lexicon(full)
    stage_held = CleanStage.from_cleaner(Cleaner(held, exclude_languages=HOLDOUT_LANGS))
    stage_full = CleanStage.from_cleaner(Cleaner(full))
    # stricter still: the held-out languages' word lists are left out of the
    # out-of-language signal too (as for a language wordfreq does not cover)
    stage_strict = CleanStage.from_cleaner(
        Cleaner(held, exclude_languages=HOLDOUT_LANGS, vocabulary_exclude=HOLDOUT_LANGS))
    rng = random.Random(seed)
    # word lists are built once per process: not part of the per-document cost
    preload(("en", "de", "fr", "es", "pl", "pt", "it", "nl", "id"))
    t_extract = 0.0
    t_clean = 0.0

    def run(page: Page, html: str, strict: bool = False) -> tuple[str, str, str, str]:
        nonlocal t_extract, t_clean
        raw = RawDocument(Provenance(page.id, "html"), url=page.url or None, html=html.encode("utf-8"))
        t0 = time.perf_counter()
        art = pipe.extract(raw)
        t1 = time.perf_counter()
        if not isinstance(art, Article):
            return "", "", "", ""
        a1 = stage_held(art)
        t2 = time.perf_counter()
        a2 = stage_full(art)
        a3 = stage_strict(art).text if strict else ""
        t_extract += t1 - t0
        t_clean += t2 - t1
        return art.text, a1.text, a2.text, a3

    recall: dict[str, list[int]] = defaultdict(list)
    baseline: dict[str, list[int]] = defaultdict(list)
    by_lang: dict[str, list[int]] = defaultdict(list)
    by_form: dict[str, list[int]] = defaultdict(list)
    by_lang_full: dict[str, list[int]] = defaultdict(list)
    by_form_full: dict[str, list[int]] = defaultdict(list)
    gold_total = lost = 0
    gold_total_clean = lost_clean = 0
    f1_rows: dict[str, list[tuple[float, float]]] = defaultdict(list)
    n_injected_pages = 0
    for pool in (aeb_pages, tf_pages):
        for page in pool:
            plain, _held, cleaned_full, _ = run(page, page.html)
            if not plain:
                continue
            if page.gold is not None:
                f1_rows["without cleaning"].append(_prf(page.gold, plain))
                f1_rows["with cleaning"].append(_prf(page.gold, cleaned_full))
                g = _tokens(page.gold)
                gold_total_clean += sum(g.values())
                lost_clean += sum((g & _tokens(plain)).values()) - sum((g & _tokens(cleaned_full)).values())
            if page.without or page.with_:
                for kind, snippets in (("without", page.without), ("with", page.with_)):
                    for snip in snippets:
                        s = _norm(snip)
                        f1_rows[f"tf_{kind}:plain"].append((float(s in _norm(plain)), 0.0))
                        f1_rows[f"tf_{kind}:clean"].append((float(s in _norm(cleaned_full)), 0.0))
            body = [page.gold] if page.gold else [plain]
            injected, injections = inject(page.html, body, rng, rng.randint(*per_page))
            if not injections:
                continue
            n_injected_pages += 1
            plain_i, cleaned_i, cleaned_full_i, cleaned_strict_i = run(page, injected, strict=True)
            for inj in injections:
                seen = any(h.strong for h in held.find(inj.keyword))
                ok = int(caught(inj, cleaned_i))
                recall["all"].append(ok)
                recall["seen" if seen else "unseen"].append(ok)
                recall["shipped lexicon"].append(int(caught(inj, cleaned_full_i)))
                recall["strict"].append(int(caught(inj, cleaned_strict_i)))
                by_form_full[inj.form].append(int(caught(inj, cleaned_full_i)))
                by_lang_full[inj.lang].append(int(caught(inj, cleaned_full_i)))
                baseline["all"].append(int(caught(inj, plain_i)))
                by_lang[inj.lang].append(ok)
                by_form[inj.form].append(ok)
                baseline[inj.form].append(int(caught(inj, plain_i)))
            if page.gold is not None:
                g = _tokens(page.gold)
                gold_total += sum(g.values())
                lost += sum((g & _tokens(plain_i)).values()) - sum((g & _tokens(cleaned_i)).values())

    def mean(xs: list[int] | list[float]) -> float:
        return round(sum(xs) / len(xs), 4) if xs else float("nan")

    def f1(rows: list[tuple[float, float]]) -> dict[str, float]:
        p = sum(r[0] for r in rows) / len(rows)
        r = sum(r[1] for r in rows) / len(rows)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}

    report: dict[str, Any] = {
        "pages": {"aeb": len(aeb_pages), "trafilatura_eval": len(tf_pages), "injected": n_injected_pages},
        "injections": len(recall["all"]),
        "holdout": {"languages": list(HOLDOUT_LANGS), "every_nth_term": HOLDOUT_MOD,
                    "lexicon_terms": len(held), "shipped_terms": len(full),
                    "also_held_out": "the held-out languages' words in the cue, companion and "
                                     "modifier lists (storylens.clean.cues)"},
        "spam_recall": mean(recall["all"]),
        "spam_recall_seen": mean(recall["seen"]),
        "spam_recall_unseen": mean(recall["unseen"]),
        "spam_recall_shipped_lexicon": mean(recall["shipped lexicon"]),
        "spam_recall_strict": mean(recall["strict"]),
        "spam_recall_without_cleaning": mean(baseline["all"]),
        "n_seen": len(recall["seen"]), "n_unseen": len(recall["unseen"]),
        "recall_by_form": {k: mean(v) for k, v in sorted(by_form.items())},
        "recall_by_form_without_cleaning": {k: mean(baseline[k]) for k in FORMS if baseline[k]},
        "recall_by_language": {k: mean(v) for k, v in sorted(by_lang.items())},
        "recall_by_form_shipped_lexicon": {k: mean(v) for k, v in sorted(by_form_full.items())},
        "recall_by_language_shipped_lexicon": {k: mean(v) for k, v in sorted(by_lang_full.items())},
        "collateral_loss_injected": round(lost / gold_total, 5) if gold_total else None,
        "collateral_loss_clean_pages": round(lost_clean / gold_total_clean, 5) if gold_total_clean else None,
        # t_clean times the evaluated (held-out) cleaner alone, on the same pages as t_extract
        "cost_clean_over_extract": round(t_clean / t_extract, 4) if t_extract else None,
        "seconds_extract": round(t_extract, 2), "seconds_clean": round(t_clean, 2),
    }
    if f1_rows["without cleaning"]:
        report["aeb_f1_without_cleaning"] = f1(f1_rows["without cleaning"])
        report["aeb_f1_with_cleaning"] = f1(f1_rows["with cleaning"])
    if f1_rows["tf_without:plain"]:
        report["tf_without_leak_without_cleaning"] = mean([r[0] for r in f1_rows["tf_without:plain"]])
        report["tf_without_leak_with_cleaning"] = mean([r[0] for r in f1_rows["tf_without:clean"]])
        report["tf_with_kept_without_cleaning"] = mean([r[0] for r in f1_rows["tf_with:plain"]])
        report["tf_with_kept_with_cleaning"] = mean([r[0] for r in f1_rows["tf_with:clean"]])
    return report
