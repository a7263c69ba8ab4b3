"""Hero, villain, victim: how an article casts each actor.

The scheme is the Narrative Frames Corpus's (Frermann et al., ACL 2023):
a *hero* solves or fights the problem, a *villain* causes or worsens it, a
*victim* suffers from it. The zero-shot tagger here reads the sentences that
mention an actor and counts cue words, with one piece of syntax by position:
a harm verb *before* the actor ("sanctions hit China", "attacks on farmers")
makes the actor its target (victim); *after* it ("China attacked ...") its
agent (villain). Passive harm ("X was hit") is victim. Ties and no cues give
no role: an actor merely mentioned is not cast.

`storylens eval frames` scores this tagger beside a majority baseline and a
logistic regression trained with cross-validation on the corpus (the
``role_features`` below are shared by both).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storylens.types import Article, RoleAssignment

HERO = ("lead", "leads", "leading", "led", "champion", "protect", "save", "saving", "rescue", "help",
        "helped", "helping", "support", "pledge", "commit", "committed", "praise", "praised",
        "solution", "solve", "invest", "innovat", "defend", "success", "achiev", "welcom", "tackl",
        "fight against", "fighting", "push for", "pushing for", "urge", "urged", "call for", "called for",
        "reduce", "cut", "clean", "renewable", "restore", "improve", "reform", "propos", "initiative",
        "act on", "action", "step up", "hope")
HARM = ("blame", "accus", "fail", "refus", "deny", "denied", "denies", "pollut", "destroy", "threat",
        "attack", "aggressive", "obstruct", "block", "lie", "lied", "lies", "corrupt", "exploit",
        "target", "coerc", "bully", "crack down", "crackdown", "repress", "abuse", "condemn",
        "criticiz", "criticis", "slam", "undermin", "damag", "harm", "kill", "emit", "emissions",
        "burn", "dump", "ignore", "rollback", "roll back", "scrap", "weaken", "withdraw", "pull out",
        "hoax", "alarmist", "greed", "profit", "lobby", "mislead", "propaganda", "sanction", "punish",
        "force", "forced", "detain", "jail")
VICTIM = ("suffer", "victim", "hit by", "hurt", "vulnerable", "threatened", "displac", "die", "died",
          "dying", "lost", "lose", "losing", "endanger", "isolated", "persecut", "affected", "struggl",
          "poor", "risk", "at risk", "flooded", "drown", "starv", "homeless", "extinct", "devastat",
          "fear", "afraid", "pay the price", "bear the brunt", "burden", "sick", "injur")
_PASSIVE = re.compile(r"^\s*(?:is|are|was|were|been|being|be|has been|have been|had been)\s+(?:\w+ly\s+)?"
                      r"(?:hit|harmed|hurt|targeted|attacked|threatened|killed|displaced|affected|damaged|"
                      r"forced|punished|sanctioned|detained|blamed|accused|criticized|criticised)\b", re.I)


def _cue_re(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)


HERO_RE, HARM_RE, VICTIM_RE = _cue_re(HERO), _cue_re(HARM), _cue_re(VICTIM)
ROLES = ("hero", "villain", "victim")


def entity_pattern(entity: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(entity.strip()).replace(r"\ ", r"\s+") + r"(?!\w)", re.I)


def cue_counts(sentences: Sequence[str], entity: str) -> Counter[str]:
    """Hero / villain / victim cue counts over the sentences that mention ``entity``."""
    pat = entity_pattern(entity)
    c: Counter[str] = Counter()
    for s in sentences:
        m = pat.search(s)
        if not m:
            continue
        before, after = s[: m.start()], s[m.end():]
        c["hero"] += len(HERO_RE.findall(after[:120])) + 0.5 * len(HERO_RE.findall(before[-60:]))
        c["victim"] += len(VICTIM_RE.findall(s))
        if _PASSIVE.match(after):
            c["victim"] += 2
        # harm verb right before the actor: the actor is its target
        c["victim"] += len(HARM_RE.findall(before[-40:]))
        c["villain"] += len(HARM_RE.findall(after[:120]))
    return c


def cue_role(sentences: Sequence[str], entity: str) -> tuple[str, float] | None:
    c = cue_counts(sentences, entity)
    total = sum(c.values())
    if not total:
        return None
    ranked = sorted(ROLES, key=lambda r: (-c[r], ROLES.index(r)))
    if c[ranked[0]] == c[ranked[1]]:
        return None
    return ranked[0], round(c[ranked[0]] / total, 3)


def role_context(sentences: Sequence[str], entity: str) -> str:
    """The sentences mentioning ``entity`` with the entity replaced by a placeholder (for learners)."""
    pat = entity_pattern(entity)
    parts = []
    for s in sentences:
        m = pat.search(s)
        if m:
            parts.append(f"{s[: m.start()][-80:]} ENT {s[m.end():][:120]}")
    return " ".join(parts)


class RoleTagger:
    """Zero-shot roles for the actors an article mentions."""

    MAX_ACTORS = 12

    def actors(self, article: Article) -> list[tuple[str, list[str]]]:
        """(actor, surface forms) from the actor registry mentions, else from spaCy entities."""
        forms: dict[str, set[str]] = {}
        if article.mentions:
            for m in article.mentions:
                forms.setdefault(m.actor, set()).add(m.text)
        elif article.doc is not None:
            for ent in article.doc.ents:
                if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                    name = ent.text.strip()
                    if len(name) > 1:
                        forms.setdefault(name, set()).add(name)
        counts = {a: len(f) for a, f in forms.items()}
        top = sorted(forms, key=lambda a: -counts[a])[: self.MAX_ACTORS]
        # longest first, ties by text: set order varies with PYTHONHASHSEED from process to
        # process, and the engines must agree (Spark executors vs the local pool)
        return [(a, sorted(forms[a], key=lambda f: (-len(f), f))) for a in top]

    def assign(self, article: Article, sentences: Sequence[str]) -> tuple[RoleAssignment, ...]:
        out = []
        for actor, surface in self.actors(article):
            total: Counter[str] = Counter()
            for form in surface[:5]:
                total.update(cue_counts(sentences, form))
            n = sum(total.values())
            if not n:
                continue
            ranked = sorted(ROLES, key=lambda r: (-total[r], ROLES.index(r)))
            if total[ranked[0]] == total[ranked[1]] or total[ranked[0]] < 2:
                continue
            out.append(RoleAssignment(actor, ranked[0], round(total[ranked[0]] / n, 3)))
        return tuple(out)
