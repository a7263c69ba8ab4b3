"""Word lists for quote attribution: cues, speaker heads, anonymity markers.

The speech and cognition verbs are the usual attribution cues (said, told,
argued ...) plus verbs that PolNeAR's train split marks as cues with a
clausal complement at least half the time (calibrated on train only; see
docs/quotes.md). Everything is lower-case lemmas.
"""

from __future__ import annotations

from functools import lru_cache

# Verbs that report speech or writing.
SPEECH_VERBS = frozenset(["say", "tell", "add", "note", "argue", "warn", "claim", "state", "explain", "insist", "stress", "emphasize", "emphasise", "assert", "acknowledge", "admit", "announce", "declare", "write", "tweet", "post", "report", "reveal", "confirm", "deny", "suggest", "propose", "predict", "promise", "pledge", "vow", "urge", "reply", "respond", "answer", "ask", "recall", "remark", "comment", "observe", "point", "concede", "contend", "maintain", "allege", "charge", "complain", "lament", "mention", "repeat", "reiterate", "testify", "disclose", "caution", "advise", "recommend", "estimate", "conclude", "agree", "disagree", "highlight", "indicate", "demand", "hint", "signal", "boast", "joke", "quip", "concur", "counter", "retort", "describe", "call", "continue", "cite", "quote", "announce", "inform", "assure", "reassure", "remind", "speculate"])

# Verbs of cognition / belief that introduce a reported proposition. Factive verbs of knowing
# (know, realise, understand, find ...) are left to the calibrated table: annotators rarely
# treat "I knew that ..." as an attribution.
COGNITION_VERBS = frozenset([
    "believe", "think", "feel", "fear", "hope", "expect", "consider", "worry", "doubt", "reckon",
    "assume", "guess", "suspect", "conclude", "acknowledge",
])

CUE_VERBS = SPEECH_VERBS | COGNITION_VERBS


def _load_forms() -> frozenset[str]:
    from importlib import resources

    text = (resources.files("storylens") / "data" / "quotes" / "cue_forms.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.split() if w.strip())


# Word forms annotated as attribution cues in PolNeAR train at least 35% of the times they occur
# (and at least 4 times): see docs/quotes.md for the recipe. Used as verbs only.
CUE_FORMS = _load_forms()


def _load_table() -> dict[tuple[str, str], tuple[int, int]]:
    from importlib import resources

    path = resources.files("storylens") / "data" / "quotes" / "cue_table.tsv"
    if not path.is_file():
        return {}
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        form, kind, cue, seen = line.split("\t")
        out[(form, kind)] = (int(cue), int(seen))
    return out


# (form, complement kind) -> (times marked a cue, times seen) in PolNeAR train, from
# ``python -m storylens.eval.quotes_calibrate``. A pair seen at least TABLE_MIN_SEEN times is a
# cue when its share reaches TABLE_MIN_SHARE (chosen on train; see docs/quotes.md); unseen pairs
# fall back to the word lists above.
CUE_TABLE = _load_table()
TABLE_MIN_SEEN = 3
TABLE_MIN_SHARE = 0.35


def table_says(form: str, kind: str) -> bool | None:
    """True/False when the calibrated table knows the pair well enough, else None."""
    hit = CUE_TABLE.get((form, kind))
    if hit is None:
        return False if CUE_TABLE and kind != "ccomp" and form not in CUE_FORMS else None
    cue, seen = hit
    if seen < TABLE_MIN_SEEN:
        return None
    return cue / seen >= TABLE_MIN_SHARE

# Nouns that report speech when their complement is a clause ("the claim that ...").
CUE_NOUNS = frozenset(["statement", "claim", "argument", "warning", "assertion", "announcement", "report"])

# nouns that name something said, stated or believed ("Trump's claim that ...", "criticism of ..."):
# a noun cue outside them (a decision, a deadline, an effort) is stored as no quote (extract.speech_noun)
SPEECH_NOUNS = CUE_NOUNS | frozenset([
    "comment", "remark", "criticism", "call", "demand", "promise", "pledge", "denial", "accusation",
    "allegation", "charge", "proposal", "threat", "vow", "appeal", "plea", "message", "speech", "interview",
    "testimony", "response", "reply", "suggestion", "insistence", "contention", "view", "position", "opinion",
    "belief", "concern", "fear", "hope", "assessment", "estimate", "prediction", "conclusion", "finding",
    "question", "request", "advice", "recommendation", "support", "praise", "condemnation", "rebuke",
    "attack", "complaint", "objection", "warning", "explanation", "description", "account", "argument",
    "insinuation", "endorsement", "opposition", "rejection", "confirmation", "admission", "acknowledgment",
    "acknowledgement", "assurance", "commitment", "tweet", "post", "letter", "note", "memo", "ruling",
    "verdict", "judgment", "judgement", "order", "decree", "resolution", "declaration", "report", "study",
    "survey", "poll", "analysis", "review", "investigation", "story", "article", "editorial", "op-ed",
    "column", "words", "word", "quote", "line", "slogan", "rhetoric", "language", "narrative", "version",
    "theory", "idea", "notion", "sense", "impression", "feeling", "thought", "understanding",
    "doubt", "skepticism", "scepticism", "worry", "suspicion", "expectation", "prospect"])


# Cue verbs that also take a non-clausal object as content ("called the plan a disaster").
# Kept small: each adds false positives.
OBJECT_CUES = frozenset(["call", "describe", "announce", "propose", "deny"])

# Speaker heads that mark an unnamed source.
ANON_HEADS = frozenset(["source", "sources", "official", "officials", "insider", "insiders", "aide", "aides", "person", "people", "diplomat", "diplomats"])

ANON_PHRASES = (
    "declined to be named", "declined to be identified", "on condition of anonymity",
    "condition of anonymity", "requested anonymity", "asked not to be named",
    "asked not to be identified", "spoke anonymously", "speaking anonymously",
    "not authorized to speak", "not authorised to speak", "familiar with",
    "who did not want to be named", "refused to be named", "asked for anonymity",
    "on the condition that", "unnamed", "anonymous",
)

OFFICIAL_WORDS = frozenset(["president", "vice-president", "premier", "minister", "ministry", "secretary", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "governor", "senator", "sen.", "sen", "rep.", "rep", "gov.", "gov", "congressman", "congresswoman", "lawmaker", "legislator", "ambassador", "diplomat", "envoy", "chairman", "chairwoman", "chair", "mayor", "chancellor", "king", "queen", "prince", "leader", "general", "commander", "admiral", "officer", "police", "sheriff", "prosecutor", "attorney", "judge", "justice", "government", "administration", "cabinet", "politburo", "councillor", "councilor", "mp", "deputy", "delegate", "consul", "emperor", "dictator", "ayatollah"])

# Title abbreviations written before a name, and the role word a later description uses ("Gov.
# Asa Hutchinson said ... the governor said": speakers.same_head).
TITLE_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
                       "pres": "president", "sec": "secretary", "amb": "ambassador", "adm": "admiral",
                       "col": "colonel", "lt": "lieutenant", "atty": "attorney", "prof": "professor",
                       "supt": "superintendent", "cmdr": "commander", "capt": "captain", "sgt": "sergeant"}

EXPERT_WORDS = frozenset(["analyst", "analysts", "expert", "experts", "scholar", "scholars", "professor", "prof.", "prof", "scientist", "scientists", "researcher", "researchers", "economist", "economists", "observer", "observers", "academic", "academics", "fellow", "historian", "lecturer", "university", "institute", "think-tank", "strategist", "specialist", "consultant", "pollster", "doctor", "dr.", "dr", "physician", "lawyer"])

MEDIA_WORDS = frozenset(["newspaper", "agency", "reporter", "reporters", "journalist", "journalists", "editor", "editorial", "columnist", "correspondent", "broadcaster", "television", "tv", "radio", "magazine", "outlet", "times", "post", "journal", "xinhua", "reuters", "ap", "afp", "bloomberg", "cnn", "bbc", "fox", "nbc", "cbs", "abc", "msnbc", "tribune", "herald", "gazette", "daily", "news", "press"])

ORG_WORDS = frozenset(["report", "study", "survey", "poll", "statement", "committee", "federation", "association", "organization", "organisation", "group", "company", "firm", "council", "commission", "bank", "fund", "union", "ministry", "department", "agency", "office", "court", "board", "institute", "foundation", "campaign", "coalition", "party", "movement"])

CITIZEN_WORDS = frozenset(["resident", "residents", "voter", "voters", "citizen", "citizens", "student", "students", "worker", "workers", "parent", "parents", "mother", "father", "protester", "protesters", "demonstrator", "demonstrators", "shopper", "passer-by", "local", "locals", "villager", "villagers", "farmer", "farmers", "supporter", "supporters", "member", "members", "owner", "customer", "patient", "victim", "witness", "neighbor", "neighbour"])

# words for a person who speaks in a role (officials, experts, journalists, unnamed sources): the
# base of the unions the speaker rules need (extract._SPEAKER_NOUNS, extract._SPEAKER_WORDS)
ROLE_WORDS = ANON_HEADS | OFFICIAL_WORDS | EXPERT_WORDS | MEDIA_WORDS

DOCUMENT_HEADS = frozenset(["report", "study", "survey", "poll", "statement", "document", "letter", "memo", "filing", "paper", "analysis"])

# documents that speak for whoever issued them (speakers._issuer): "according to a statement issued by
# the White House", "A statement from Stena Bulk said". Not DOCUMENT_HEADS' report, study or poll: "a
# poll detailed by The Washington Post" is not the Post's
ISSUED_DOCUMENTS = frozenset(["statement", "communique", "communiqué", "release", "readout", "announcement",
                              "account", "commentary", "editorial", "letter", "memo", "notice", "bulletin",
                              "transcript", "tweet"])
ISSUE_VERBS = frozenset(["issue", "release", "publish", "post", "send", "put", "circulate", "carry"])

PERSON_PRONOUNS = frozenset(["he", "she", "him", "her", "i", "we", "they", "you"])


@lru_cache(maxsize=1)
def _lemma_index() -> dict[str, frozenset[str]]:
    """spaCy's English lemma index (known lemmas per part of speech), read from the packaged
    model's lemmatizer lookups; empty when the model or its table is absent."""
    try:
        from importlib.util import find_spec
        from pathlib import Path

        from spacy.lookups import Lookups

        from storylens.enrich.nlp import MODEL_PACKAGE

        spec = find_spec(MODEL_PACKAGE)
        if spec is None or spec.origin is None:
            return {}
        for folder in Path(spec.origin).parent.glob("*/lemmatizer/lookups"):
            table = Lookups().from_disk(folder).get_table("lemma_index", None)
            if table is not None:
                return {pos: frozenset(table[pos]) for pos in ("verb", "noun", "adj") if pos in table}
    except Exception:  # a missing or different model only switches the check off
        return {}
    return {}


def verb_only(word: str) -> bool:
    """``word`` (lower case) is a known English verb and no known noun or adjective: "imagine",
    "consider", "remember" (a sentence-opening imperative the tagger may call a proper noun), not
    "will", "mark", "bill", "rice" (names that are also nouns)."""
    idx = _lemma_index()
    verbs = idx.get("verb", frozenset())
    return word in verbs and word not in idx.get("noun", frozenset()) and word not in idx.get("adj", frozenset())


def is_verb(word: str) -> bool:
    """``word`` (lower case) is a known English verb lemma, whatever else it may be."""
    return word in _lemma_index().get("verb", frozenset())


def is_noun(word: str) -> bool:
    """``word`` (lower case) is a known English noun lemma."""
    return word in _lemma_index().get("noun", frozenset())
