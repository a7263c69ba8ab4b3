"""Speaker rules chosen from cross-validated error groups on PolNeAR train (never dev).

Seven cases failed before the fix they pin; the others guard its exceptions (a passive with its
agent, "was quoted as saying") and cases the rules must keep right. Fixes: agentless passives and raising verbs have no source; an
inverted subject after a subject-less cue; a verb outside the word lists made a cue by the
quote's punctuation; a stop inside "(R-Fla.)" does not end the sentence; a word inside the
quotation marks is never the speaker; a subject parsed onto the line above its cue."""

from __future__ import annotations

import pytest

from storylens.enrich.quotes import extract_quotes, stored


@pytest.fixture(scope="module")
def run():
    from storylens.enrich.nlp import load_english

    nlp = load_english()

    def go(text: str):
        return extract_quotes(nlp(text))

    return go


@pytest.fixture(scope="module")
def run_registry():
    """``run`` with the packaged actor registry (speaker actors, registry names and genders)."""
    from storylens.enrich.nlp import load_english
    from storylens.enrich.quotes.actors import actor_lookup

    nlp, lookup = load_english(), actor_lookup()

    def go(text: str):
        return extract_quotes(nlp(text), lookup)

    return go


def _by_cue(quotes, cue: str):
    hits = [q for q in quotes if q.cue and cue in q.cue]
    assert hits, [(q.cue, q.speaker) for q in quotes]
    return hits[0]


@pytest.mark.parametrize(("text", "cue"), [
    ("Trump is expected to win the primary in New York by a wide margin.", "expected"),
    ("In an interview that year, he was asked what happened to the black vote.", "asked"),
    ("The rise of Donald Trump propelled that increase, but Sanders seemed to reap the benefits of the surge.",
     "seemed"),
])
def test_sourceless_cues_have_no_speaker(run, text, cue):
    q = _by_cue(run(text), cue)
    assert q.speaker is None and q.speaker_start is None


def test_passive_with_agent_keeps_agent(run):
    q = _by_cue(run("The plan to cut taxes has been championed by Senator Bernie Sanders for years."), "championed")
    assert q.speaker and "Sanders" in q.speaker


def test_quoted_passive_keeps_subject(run):
    quotes = run('Senator Mike Lee was quoted as saying that the deal would fail in the Senate.')
    assert any(q.speaker and "Lee" in q.speaker for q in quotes)


def test_inverted_subject_after_partial_quote(run):
    text = ("Clinton’s reaction to the rule “could be less about ethanol and more about the distance she "
            "wants to create,” said Jon Doggett, executive vice president of the National Corn Growers Association.")
    q = next(q for q in run(text) if q.kind == "direct")
    assert q.speaker == "Jon Doggett"


@pytest.mark.parametrize(("text", "speaker"), [
    ("He was furious.\n\n“OK, for a start, his wife has explained that she chose not to speak,” Oliver barked.",
     "Oliver"),
    ('The interview began.\n\n"The New York Times is claiming today that they had a conversation with you," '
     'Hannity started.', "Hannity"),
    ("As Professor Foner put it: \"The United States does a better job at accepting immigrants.\"", "Foner"),
])
def test_adjacent_verb_outside_word_lists(run, text, speaker):
    q = next(q for q in run(text) if q.kind == "direct")
    assert q.speaker and speaker in q.speaker


def test_state_abbreviation_does_not_end_sentence(run):
    text = ('The race tightened.\n\n"It reminds us of this - how important this election is," '
            "Sen. Marco Rubio (R-Fla.) said Saturday night at the GOP dinner.")
    q = next(q for q in run(text) if q.kind == "direct")
    assert q.speaker == "Marco Rubio"


def test_speaker_never_inside_the_marks(run):
    text = "He listed cities.\n\n“Like Oakland. Or Ferguson,” Trump said. “The crime numbers are worse.”"
    quotes = [q for q in run(text) if q.kind == "direct"]
    assert quotes and all(q.speaker == "Trump" for q in quotes)


def test_passive_agent_is_the_speaker(run):
    q = _by_cue(run("Russia has been accused of war crimes in Bucha by Ukraine."), "accused")
    assert q.speaker == "Ukraine"


def test_stage_drops_sourceless_attributions(settings):
    from conftest import text_article
    from storylens.enrich.nlp import load_english
    from storylens.enrich.quotes import QuoteStage

    text = "Russia has been accused of war crimes in Bucha.\n\nThe army said it hit 20 targets overnight."
    art = text_article(text, doc=load_english()(text))
    quotes = QuoteStage(settings)(art).quotes
    assert [q.cue for q in quotes] == ["said"]


def test_stage_keeps_only_quotes_with_a_source_or_marks(settings):
    # neither a speaker, a described source nor quote marks: not stored (junk in real output);
    # a described source ("The army") and the WHO (not the pronoun "who") are
    from conftest import text_article
    from storylens.enrich.nlp import load_english
    from storylens.enrich.quotes import QuoteStage

    text = ("By signing up you are agreeing to our Terms of Use and Privacy Policy.\n\n"
            "The army said it hit 20 targets overnight.\n\n"
            "The number of infections worldwide is more than 105,500, the WHO says, with nearly 3,600 deaths.")
    art = text_article(text, doc=load_english()(text))
    quotes = QuoteStage(settings)(art).quotes
    assert [(q.cue, q.speaker or q.speaker_descriptor) for q in quotes] == [
        ("said", "The army"), ("says", "World Health Organization")]


@pytest.mark.parametrize(("name", "split"), [
    ("President Joe Biden", ("Joe Biden", "President")),
    ("FBI Director James Comey", ("James Comey", "FBI Director")),
    ("House Speaker John Boehner", ("John Boehner", "House Speaker")),
    ("Justice Department", ("Justice Department", "")),
    ("Xi Jinping", ("Xi Jinping", "")),
])
def test_split_title(name, split):
    from storylens.enrich.quotes.speakers import split_title

    assert split_title(name) == split


def test_titles_leave_the_name(run):
    q = run("President Joe Biden said the United States would defend its allies.")[0]
    assert q.speaker == "Joe Biden" and q.speaker_descriptor == "President"


@pytest.mark.parametrize("text", [
    "Conflict In Gaza: Israel Strikes Hamas Targets After Rocket Fire\n\nThe strikes came overnight.",
    "Ukraine War: Russia Strikes Power Stations Again\n\nThe strikes came overnight.",
])
def test_topic_prefix_is_no_speaker(run, text):
    assert not [q for q in run(text) if q.cue == ":"]


def test_headline_colon_person_named_in_article(run):
    text = ("Assange: I Will Fight Extradition To The United States\n\n"
            "WikiLeaks founder Julian Assange spoke from Belmarsh prison on Monday.")
    q = next(q for q in run(text) if q.cue == ":")
    assert q.speaker == "Julian Assange"


# A short name lengthens only to a fuller name given before the short one is used alone (the
# journalistic first reference), and only to a run of words that can be one name. Each case is a
# real error of the demo corpus (NPR, The Hill, USA Today, Guardian articles in
# demo/corpus/exports/allsides-sample.jsonl), reduced.
@pytest.mark.parametrize(("text", "speaker"), [
    # NER made "Trump of Macron" a PERSON: 36 quotes of one NPR article went to it
    ("President Trump is calling on the Group of 7 to readmit Russia.\n\nThe two leaders were "
     "complimentary of one another, especially Trump of Macron.\n\nTrump said he \"may leave a little "
     "bit early\" from the meeting.", "Trump"),
    # a second person with the same surname, introduced after the short name was in use
    ("President Trump met the prime minister on Friday.\n\nMelania Trump visited a school.\n\n"
     "Trump said the talks were \"very good\".", "Trump"),
    # a hover card's link text ("Trump Donald John TrumpTrump") is no fuller name
    ("President Trump Donald John TrumpTrump faces high stakes in meeting with Erdogan.\n\n"
     "Trump said the meeting would go \"very well\".", "Trump"),
    # a sub-heading is not the first reference: the body's full name is
    ("Officials were asked about it.\n\nWhere is Fauci?\n\nDr. Anthony Fauci, the infectious disease "
     "expert, was absent.\n\nFauci said that the data \"will tell us\" when to reopen.", "Anthony Fauci"),
])
def test_short_name_lengthens_only_to_a_first_reference(run, text, speaker):
    q = _by_cue(run(text), "said")
    assert q.speaker == speaker


def test_full_name_first_still_lengthens(run):
    q = _by_cue(run("Rex Tillerson met officials in Ankara.\n\nTillerson said the talks were \"productive\"."), "said")
    assert q.speaker == "Rex Tillerson"


def test_speaker_apposed_to_a_wire_dateline(run):
    # the parser made "Reuters" the subject and "Trump" its apposition: the speaker was "Reuters"
    text = ("WASHINGTON/SEOUL (Reuters) - U.S. President Donald Trump late on Friday said the United States "
            "was having “productive talks” about reinstating a June 12 summit.")
    assert _by_cue(run(text), "said").speaker == "Donald Trump"


def test_reduced_passive_has_no_speaker(run):
    # "a convoy, said to be carrying ...": nobody speaks (the convoy was the speaker)
    text = "Last Friday a Russian convoy of 280 trucks, said to be carrying 2,000 tons of supplies, crossed the border."
    assert _by_cue(run(text), "said").speaker is None


def test_she_is_not_a_plural_speaker(run):
    text = ("Florida Rep. Debbie Wasserman Schultz said Sunday she would vote to support the deal.\n\n"
            "Although she said she still has some concerns, Ms. Wasserman Schultz told CNN’s \"State of the Union\" "
            "that the deal’s opponents had provided no evidence that an alternative plan, such as applying economic "
            "pressure to force Iran back to the negotiating table, would work.\n\n"
            "“I concluded that the best thing to do is to vote in support of the Iran deal,” she said.")
    assert [q.speaker for q in run(text) if q.kind == "direct"] == ["Debbie Wasserman Schultz"]


def test_a_place_does_not_lengthen_to_an_organisation(run):
    text = ("The U.S. Supreme Court will hear the case in March.\n\n"
            "U.S. intelligence officials say Russia sought to interfere in the election.")
    q = _by_cue(run(text), "say")
    assert q.speaker != "U.S. Supreme Court"


def test_date_is_no_part_of_the_source(run):
    q = _by_cue(run("On Sunday South Korean officials said 272 new cases had been reported."), "said")
    assert q.anonymous and q.speaker_descriptor == "South Korean officials"


def test_sub_heading_does_not_lengthen_a_name(run):
    text = ("Oscar Health reported its results on Monday.\n\nWill Oscar Health Profit from COVID-19?\n\n"
            "Oscar Health said its members had fewer claims.")
    assert _by_cue(run(text), "said").speaker == "Oscar Health"


# -- headlines (AllSides titles, 2026-12-07; each failed before) -----------------------------------

@pytest.mark.parametrize("title", [
    "Hunter Biden: The Most Comprehensive Timeline of his business deals",  # no verb, no quote marks
    "Martin McGuinness: How being honest about his IRA ties let him become a peacemaker",  # explains
    "Paul Manafort: Trump ex-aide lied to prosecutors, judge rules",  # names its own source
])
def test_topic_before_a_headline_colon_is_no_speaker(run, title):
    name = title.split(":")[0]
    assert not [q for q in run(title) if q.speaker and name in q.speaker], \
        [(q.speaker, q.cue) for q in run(title)]


@pytest.mark.parametrize(("title", "speaker"), [
    ("Graham: Trump's Rhetoric Destroying GOP's Chance", "Graham"),  # title case: the verb by its form
    ("John Brennan: Donald Trump's denial of Russian collusion is 'hogwash'", "John Brennan"),
    ("Bill Clinton: U.S. policy on Syria turning in 'right direction'", "Bill Clinton"),
])
def test_speaker_before_a_headline_colon_stays(run, title, speaker):
    (q,) = [q for q in run(title) if q.cue == ":"]
    assert q.speaker == speaker
    assert q.speaker_descriptor is None  # (the headline's rest, parsed as an apposition, had been it)


def test_topic_label_before_a_colon_is_not_the_content(run):
    q = _by_cue(run("South Asia snapshot: India says it will retaliate against Pakistan"), "says")
    assert q.speaker == "India"
    text = "South Asia snapshot: India says it will retaliate against Pakistan"
    assert text[q.start:q.end] == "it will retaliate against Pakistan"


def test_headline_verb_is_no_part_of_the_name(run):
    q = _by_cue(run("Why Mark Zuckerberg Keeps Saying Facebook is not a media company"), "Saying")
    assert q.speaker == "Mark Zuckerberg" and q.speaker_descriptor is None  # not "... Keeps", not "Why"


def test_a_persons_aide_is_not_the_person(run):
    q = _by_cue(run("Obama aide predicts Trump will lose the election"), "predicts")
    assert q.speaker is None and q.anonymous and q.speaker_descriptor == "Obama aide"


def test_two_verbs_of_one_headline_subject(run):
    # the parse made "Trump criticizes Justin Trudeau" what "US" says
    title = "Trump criticizes Justin Trudeau, says US won't endorse G7 statement"
    q = _by_cue(run(title), "says")
    assert q.speaker == "Trump" and title[q.start:q.end] == "US won't endorse G7 statement"
    title = "Trump says he backs House coronavirus bill, says members of both parties should 'VOTE YES'"
    assert [q.speaker for q in run(title)] == ["Trump", "Trump"]


def test_label_before_a_headline_colon_is_not_content(run):
    title = "5 predictions revisited: Iraq's troubles are years in the making, experts say"
    q = _by_cue(run(title), "say")
    assert title[q.start:q.end] == "Iraq's troubles are years in the making"


def test_topic_with_an_inverted_trailing_source(run):
    quotes = run("North Korea: US in race to address threat, says HR McMaster")
    assert not [q for q in quotes if q.speaker == "North Korea"]


def test_a_question_headline_reports_nobody(run):
    assert run("Does Nikki Haley Have Any Clear Foreign Policy Views?") == []


def test_semicolon_headlines(run):
    q = _by_cue(run("Mattis warns of Chinese 'intimidation'; says U.S. seeks 'results-oriented' ties"), "says")
    assert q.speaker == "Mattis"
    title = "China reports the most coronavirus deaths in one day as total surpasses 1,000; US confirms 13th case"
    assert not [q for q in run(title) if "China reports" in title[q.start:q.end]]


def test_a_names_thing_before_a_colon_is_a_topic(run):
    assert run("Trump’s Foreign Policy: The Popping Point of Maximum Pressure") == []


@pytest.mark.parametrize("text", [
    "Police fired more than 5,000 rounds and one suspect detonated a suicide vest.",
    "In Seattle, Mr. Xi will see top executives of Apple Inc., Microsoft Corp. and Boeing Co. on Tuesday.",
    "The Houthis have staged periodic uprisings since 2004 in an effort to win greater autonomy.",
])
def test_an_act_is_not_stored_as_a_quote(run, text):
    # AllSides, 2026-12-07: the cue model keeps acts (PolNeAR marks them); a quote is a statement
    from storylens.enrich.quotes import stored

    attrs = run(text)
    assert attrs and all(a.extras.get("act") for a in attrs)  # still an attribution for PolNeAR
    assert not [a for a in attrs if stored(a, text)]


def test_a_report_is_stored(run):
    from storylens.enrich.quotes import stored

    text = "Chinese President Xi Jinping said China would not engage in the theft of commercial secrets."
    assert [a.speaker for a in run(text) if stored(a, text)] == ["Xi Jinping"]


def test_said_word_before_a_colon_is_no_part_of_the_name(run):
    text = ('Rudy Giuliani defended the deal.\n\nContinued Giuliani: "It is important to understand that '
            'documents were voluntarily disclosed."')
    quotes = [q for q in run(text) if "documents" in text[q.start:q.end]]
    assert [(q.kind, q.speaker, q.speaker_descriptor) for q in quotes] == [("direct", "Rudy Giuliani", None)]


def test_an_organisations_employees_are_not_the_organisation(run):
    q = _by_cue(run("The workforce had shifted to refurbishing computers, former Flex employees said."), "said")
    assert q.speaker != "Flex" and "employees" in (q.speaker_descriptor or "")


def test_signed_excerpts(run):
    # The Flip Side (AllSides, 61 articles): excerpts with no cue, signed "Name, Outlet" below the block
    # or right after the closing mark; the nearest name had been the speaker
    text = ("From the Left\n\nThe left worries that the move sets a dangerous precedent.\n\n"
            "“As a practical matter, Mr. Trump’s announcement changes little…\n\n"
            "“This latest move was almost purely a gesture to Mr. Netanyahu.”\n\n"
            "Mark Landler and Edward Wong, New York Times\n\n"
            "“Trump is not the first president to try to tip the scales in an Israeli election.”\n\n"
            "Joshua Keating, Slate\n\n"
            "Many point out that “an investigation that did not establish something has not concluded "
            "that it did not happen.” Ken White, The Atlantic\n\n"
            "“The deal should be rejected by every senator who cares about the constitution.”\n\n"
            "Editorial Board, New York Post")
    got = [(q.speaker, q.speaker_descriptor, q.speaker_type) for q in run(text) if q.kind == "direct"]
    assert got == [("Mark Landler", "New York Times", "media"), ("Joshua Keating", "Slate", "media"),
                   ("Ken White", "The Atlantic", "media"), ("New York Post", None, "media")], got


def test_a_title_after_a_quote_is_no_signature(run):
    text = ('Rice denied that the White House changed the "Unclassified Talking Points" In Her Post-Attack '
            'Comments, Senator Says.\n\nShe spoke on Sunday.')
    assert not [q for q in run(text) if q.speaker and "Post-Attack" in q.speaker]


def test_a_demonym_in_a_persons_name_is_no_affiliation(run_registry):
    # "David French" (National Review) was a speaker for France; "Susan B. Glasser, New York Magazine"
    # for the United States
    text = ("“The administration has not made its case to the country.”\n\nDavid French, National Review\n\n"
            "David French said the vote would fail.")
    quotes = run_registry(text)
    assert [(q.speaker, q.speaker_actor) for q in quotes] == [("David French", None)] * 2
    (q,) = run_registry("Chinese observers said the talks would fail.")
    assert q.speaker_actor == "China"  # a phrase, not a name: its demonym still tells


@pytest.mark.parametrize(("title", "content"), [
    ('Trump on Syria\'s Kurds: "They\'re not angels"', "They're not angels"),  # "NAME on TOPIC: “...”"
    ("Trump: “Tariffs are the greatest.” Also farmers need $12 billion in aid because of tariffs.",
     "Tariffs are the greatest."),  # a one-line headline: the registry knows the name the NER missed
])
def test_headline_name_before_a_quoted_statement(run, title, content):
    (q,) = [q for q in run(title) if q.kind == "direct"]
    assert title[q.start:q.end] == content and q.speaker == "Trump"


def test_a_topic_before_a_quoted_statement_is_no_speaker(run):
    assert [q.speaker for q in run("Coronavirus: “We are all in this together”")] == [None]


@pytest.mark.parametrize("title", [
    'Trump whisperer Bill Barr: Does he have a plan to force states to "reopen"?',  # asks after the colon
    "Julian Assange: Wikileaks co-founder to take legal action against Ecuador",  # goes on about the name
    "George Papadopoulos: Ex-Trump adviser jailed in Russia inquiry",
    "Keeping Summit Hopes Alive Suggests Kim Jong-un May Need a Deal",  # a gerund clause is no speaker
])
def test_unseen_titles_that_report_nobody(run, title):
    from storylens.enrich.quotes import stored

    assert not [q for q in run(title) if stored(q, title)], [(q.speaker, q.cue) for q in run(title)]


def test_transcript_turns(run):
    # NYT "The Daily" as AllSides holds it: a name line, then what that person says; no quote marks
    text = ("michael barbaro\n\nFrom The New York Times, I’m Michael Barbaro. This is “The Daily.”\n\n"
            "archived recording 1 Michigan has been one of the most aggressive states.\n\n"
            "michael barbaro\n\nSo I just want to start by asking you to introduce yourself.\n\n"
            "phil campbell\n\nMy name is Phillip Campbell and I’m coming to you from Jackson County.\n\n"
            "[music]\n\n"
            "michael barbaro\n\nAnd how long have you lived there?\n\n"
            "phil campbell\n\nI’ve been here for five years. I think I’m one of the most senior employees there.")
    quotes = run(text)
    turns = [(q.speaker, text[q.start:q.end][:20]) for q in quotes if q.kind == "direct" and not q.cue]
    assert turns == [("Michael Barbaro", "From The New York Ti"), ("Michael Barbaro", "So I just want to st"),
                     ("Phil Campbell", "My name is Phillip C"), ("Michael Barbaro", "And how long have yo"),
                     ("Phil Campbell", "I’ve been here for f")], turns
    assert _by_cue(quotes, "think").speaker == "Phil Campbell"  # "I think" inside his turn
    assert _by_cue(quotes, "want").speaker == "Michael Barbaro"


def test_a_repeated_short_line_alone_is_no_transcript(run):
    text = ("Advertisement\n\nThe talks resumed on Monday in Geneva, officials said.\n\nAdvertisement\n\n"
            "Story Continued Below\n\nThe delegations met for three hours.\n\nStory Continued Below")
    assert all(q.kind != "direct" for q in run(text))


def test_a_title_object_is_no_part_of_the_name(run):
    # "Secretary of State John Kerry": "State" (ORG) and "John Kerry" (PERSON) made the run "State John Kerry"
    text = "Kerry spoke on Monday. U.S. Secretary of State John Kerry said the talks would resume."
    assert _by_cue(run(text), "said").speaker == "John Kerry"


# A hand read of 400 AllSides titles (seed 4242, 2026-12-07): 58 quotes, about 48 right. The wrong
# ones below each failed before the rule that now reads them.
@pytest.mark.parametrize("title", [
    "Trump Putin: Democrats call for interpreter to testify",  # two names run together (seed 2468)
    "Trump-Russia: Democrats defend Russia inquiry in memo",  # a story's label (seed 2468)
    "No-deal Brexit: EU warns its citizens to prepare for the worst",  # the NER's one-word "person" (seed 777)
    "Jerusalem: Turkey warns Trump against crossing 'red line'",  # the line names its own speaker
    "Bombing Syria: Six Reasons Why We Shouldn't Have",  # a list the writer gives
    "Pickering defends Benghazi report, says criticisms not based in fact",  # not "criticisms" speaking
])
def test_unseen_titles_whose_topic_or_clause_is_no_speaker(run, title):
    from storylens.enrich.quotes import stored

    got = [(q.speaker, q.cue) for q in run(title) if stored(q, title)]
    assert all(s not in ("Jerusalem", "Israel", "Syria", "criticisms not based in fact", "Trump Putin",
                         "Trump-Russia", "Brexit") for s, _ in got), got


def test_a_speaker_named_inside_the_colon_line_keeps_it(run):
    # "Trump: Putin told me ...": first person, so Trump's words; "Barr: Report says ...": Barr's, and the
    # report's own "says" inside them is no second attribution
    (q,) = run("Trump: Putin told me he didn't meddle")
    assert q.speaker == "Trump" and q.cue == ":"
    (q,) = run("Barr: Report says Trump did not collude with Russia")
    assert q.speaker == "Barr" and q.cue == ":"


def test_an_owner_before_a_place_compound_speaks(run):
    q = _by_cue(run("U.N.'s Syria team says government forces used chemical weapons"), "says")
    assert q.speaker != "Syria" and "U.N." in (q.speaker or "")


def test_a_verb_tagged_as_the_plural_head_is_no_part_of_the_speaker(run):
    quotes = run("EgyptAir crash: official dismisses claim that remains suggest blast")
    assert quotes and all(q.speaker != "official dismisses" for q in quotes)
    assert all(q.anonymous for q in quotes if q.speaker_start is not None)


@pytest.mark.parametrize(("title", "speaker"), [
    ("“This feels much worse than 2008”: Obama’s chief economist on the economy", "Obama’s chief economist"),
    ("“We will not back down”: Zelensky", "Zelensky"),
    ("“Truth isn’t truth”: Rudy Giuliani offers a new explanation of why Trump shouldn’t talk to Mueller",
     "Rudy Giuliani"),  # (seed 2468: the name is followed by its own verb)
])
def test_a_quotation_that_opens_the_title_is_said_by_the_name_after_the_colon(run, title, speaker):
    (q,) = [q for q in run(title) if q.kind == "direct"]
    assert q.speaker == speaker and q.cue == ":"


def test_a_quotation_before_a_colon_and_a_description_has_no_speaker(run):
    (q,) = run("“Lock her up”: the chant that defined a campaign")
    assert q.speaker is None


def test_an_institution_word_is_not_the_last_person_named(run):
    # AllSides: "The administration has rebuffed calls ..." went to Bashar al-Assad
    text = ("The White House accused Bashar al-Assad of using chemical weapons.\n\n"
            "The administration has said it will not send troops.")
    q = _by_cue(run(text), "said")
    assert q.speaker != "Bashar al-Assad"


def test_the_first_person_outside_quotation_marks_is_the_writer(run):
    # a column's "we" went to the last person quoted (Barack Obama)
    text = ('"We will leave when the job is done," Obama said in 2014.\n\n'
            "Now we believe that was a mistake, and we think the allies will pay for it.")
    quotes = run(text)
    assert _by_cue(quotes, "said").speaker == "Obama"
    assert _by_cue(quotes, "believe").speaker is None


# A second read, 400 titles of a fresh seed (777), after the rules above: 51 quotes, 42 right. Fixed:
@pytest.mark.parametrize(("title", "speaker"), [
    ("Kerry says allies agreed on Iran nuclear deal, Iranians balked", "Kerry"),  # "balked" reports nothing
    ("Trump slams Emmanuel Macron's rebuke of NATO, says France needs the alliance the most", "Trump"),
])
def test_a_title_with_two_clauses_keeps_its_speaker(run, title, speaker):
    (q,) = [q for q in run(title)]
    assert q.speaker == speaker and q.cue == "says"


@pytest.mark.parametrize("title", [
    "US military evacuates embassy staff from Yemen over terror threat, Americans urged to leave",  # passive
    "Obama clash with Venezuelan leader backfires, Latin Americans unite against U.S.",  # ends in "U.S."
])
def test_titles_whose_subject_is_no_source(run, title):
    from storylens.enrich.quotes import stored

    assert not [q for q in run(title) if stored(q, title)], [(q.speaker, q.cue) for q in run(title)]


def test_an_active_urge_in_a_title_keeps_its_speaker(run):
    q = _by_cue(run("Macron urged leaders to reject nationalism"), "urged")
    assert q.speaker == "Macron"


def test_a_named_administration_speaks_as_itself(run):
    q = _by_cue(run("Biden met Xi on Monday. The Trump administration has said it will impose sanctions."), "said")
    assert q.speaker == "Trump administration"


def test_the_first_person_in_a_single_quoted_paragraph_is_the_speaker(run):
    # Daily Mail quotes with single marks, which the marks module does not read
    text = ("Speaking at a rally in Dallas, Donald Trump defended the decision.\n\n"
            "'It was unconventional what I did. I said they're going to have to fight a little while,' Trump said.")
    assert _by_cue(run(text), "said").speaker == "Donald Trump"


def test_the_first_person_after_a_speaker_label_is_not_the_writer(run):
    # PolNeAR dev: a transcript paragraph opening with a label (and a quotation mark)
    text = ('Chris Wallace pressed Mike Pence on Sunday.\n\n'
            'WALLACE: If I may, sir, because we have limited time. I want to ask you, will she be there?\n\n'
            'PENCE: She will not.')
    assert _by_cue(run(text), "want").speaker is not None


def test_one_of_a_group_is_anonymous(run):
    # CNN, South Koreans interviewed in Seoul: the speaker had been "one", type unknown
    q = _by_cue(run('"It is different for us than for people on the islands," one told me.'), "told")
    assert q.speaker is None and q.anonymous and q.speaker_type == "anonymous"


def test_a_descriptor_does_not_end_in_a_conjunction(run):
    text = ("Chairman Robert Menendez, New Jersey Democrat, and ranking Republican Bob Corker of Tennessee "
            "wrote that the limits were needed.")
    q = _by_cue(run(text), "wrote")
    assert q.speaker == "Robert Menendez" and q.speaker_descriptor == "New Jersey Democrat"


def test_fronted_content_needs_a_word_of_saying(run):
    # the demo feed's Cuba column: "it throws a lifeline" had reported the sentence before it
    from storylens.enrich.quotes import stored

    text = "Not only does President Obama’s action fail to advance freedom in Cuba, it throws a lifeline to Cuba’s dictators."
    assert not [q for q in run(text) if stored(q, text)], [(q.cue, q.speaker) for q in run(text)]


def test_a_pronoun_is_no_reported_content(run):
    text = "None of that is true, and yet Mr. Obama said it."
    assert all(text[q.start:q.end] != "it" for q in run(text))


def test_a_clause_as_subject_gives_its_own_subject(run):
    # a third fresh seed of AllSides titles (2468): the whole first clause had been the speaker
    q = _by_cue(run("North Korea fires long-range rocket in defiant move, calls launch a success"), "calls")
    assert q.speaker == "North Korea"


@pytest.mark.parametrize("text", [
    "A senior U.S. official said Iran was behind the attack.",
    "U.S. officials say Iran was behind the attack",
    "Tulsa official says both likely contributed to the surge",  # seed 2468 gave the speaker "Tulsa"
])
def test_a_place_before_official_is_an_anonymous_source(run, text):
    q = _by_cue(run(text), "sa")
    assert q.speaker is None and q.anonymous and q.speaker_type == "anonymous"


def test_a_place_before_spokesman_still_speaks_for_it(run):
    # an organisation's spokesman speaks for it (_modifier_name); only the words for unnamed sources change
    q = _by_cue(run("Kremlin spokesman Dmitry Peskov said the talks failed."), "said")
    assert q.speaker == "Dmitry Peskov"


@pytest.mark.parametrize(("title", "speaker"), [
    ("'The sword stands ready': Pence warns North Korea", "Pence"),
    ("‘LIBERATE!’: Trump pushes states to lift virus restrictions", "Trump"),  # a person after another verb
    ("‘Everything The President Wants To Do, McMaster Opposes,’ Former NSC Officials Say", None),  # anonymous
])
def test_a_title_opening_with_single_marks_is_said_by_the_name_after_them(run, title, speaker):
    (q,) = [q for q in run(title) if q.kind == "direct"]
    assert q.speaker == speaker and (speaker is not None or q.anonymous)
    assert all(q.speaker != "McMaster Opposes" for q in run(title))


@pytest.mark.parametrize("title", [
    "‘Complete disbelief’: Governors blindside front-line staff with abrupt reopening plans",  # someone else's words
    "'Obama's Secret Wars' Against America's Threats",  # a title of a work
    "'Blindingly obvious' that MBS ordered Khashoggi murder: report",
    "'Surreal' Trump meeting on guns left Republicans reeling, Democrats optimistic",  # a noun, no verb:
    # had been said by "' Trump" (4,000 AllSides titles, 2026-12-08)
])
def test_a_single_quoted_title_without_a_speaking_name_gives_no_direct_quote(run, title):
    assert not [q for q in run(title) if q.kind == "direct"]


@pytest.mark.parametrize("title", [
    "Pentagon Officials Say Troops Will Stay",  # had been the speaker "Pentagon Officials"
    "Former NSC Officials Say Everything Is Fine",  # had been "NSC", type organisation
    "Senior Administration Officials Say Talks Will Resume",
])
def test_title_case_officials_are_anonymous(run, title):
    q = _by_cue(run(title), "Say")
    assert q.speaker is None and q.anonymous and q.speaker_type == "anonymous"


@pytest.mark.parametrize("text", [
    "Business focus is why some people are able to build the online business they dream of.",
    "The government has attempted to reassure the Chinese public in the wake of the diagnoses.",
    "Andrew doesn’t remember any of it, but he definitely remembers going to get pizza that night.",
    "Obama wants to prevent Iran from developing nuclear weapons.",
    # a noun cue that names an act or aim, not something said (the demo corpus, 2026-12-07)
    "The Trump administration’s self-imposed deadline to bring Canada into a revised NAFTA is Sunday.",
    "Trump’s decision to pull out of an international accord on climate change raised alarms.",
    # scare quotes inside the content do not make it a quote (BBC, 50 AllSides articles)
    'Mr Trump\'s angry rhetoric has echoes of his Twitter barrages against Kim Jong-un, whom he branded a "madman".',
    # the question put to the speaker is not his words (60 AllSides articles, seed 60606)
    "Asked about the deal, Pompeo said nothing.",
    "Asked Tuesday whether he was encouraging his members to oppose the bill, Reid demurred.",
    # what was not said (negated cues, same articles)
    "A spokesman for DeSantis did not respond to an email seeking comment on the decision.",
    "Carney also would not confirm that any overall draft deal was in place.",
    "Sen. Bill Nelson wouldn't say how he would vote before then.",
    # results and acts, not reports (same articles)
    "The new pathogen finds it harder to move around an alert world.",
    "Donald Trump has made it more vulnerable to another pandemic.",
    "Days after that attack, Trump ordered a cruise missile strike that targeted a Syrian air base.",
    "Fighting continued into the early morning, with the sounds of huge blasts echoing across Istanbul.",
    "Olsen reported from Copenhagen, Denmark.",  # a contributor line
    "The U.S. has a higher duty on pickup trucks, while the EU charges the same 10 percent tariff on most vehicles.",
])
def test_a_cue_that_reports_no_statement_is_not_stored(run, text):
    # 16 saved pages of the extraction benchmark, 2026-12-07: PolNeAR keeps such attributions (a
    # copula, an intention or effort with an infinitive), a user's quote table should not
    from storylens.enrich.quotes import stored

    attrs = run(text)
    assert not [a for a in attrs if stored(a, text)], [(a.cue, a.speaker) for a in attrs]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Russia threatened to cut gas supplies to Europe.", "Russia"),  # infinitive after a speech act
    ("Rhodes also ruled out working with Syrian President Bashar Assad.", "Rhodes"),
    ("Obama urged Congress to act on the bill.", "Obama"),
    # an effort to say something that says it (50 AllSides articles, 2026-12-07)
    ("Trump has recently tried to suggest that he barely knows his hand-picked ambassador.", "Trump"),
    ("But Tillerson and Lavrov made it clear there were still profound disagreements.", "Tillerson"),
    ("Newsom ordered his entire state to stay home.", "Newsom"),
    ("Correspondent Joanna Kakissis reported from Nicosia that some Cypriots fear the end.", "Joanna Kakissis"),
    # asking is the asker's speech ("Asked about ..." is the question put to someone else)
    ("Karzai has asked that Obama sign the agreement.", "Karzai"),
    ("Reporters asked whether Tillerson had shown evidence.", "Reporters"),
])
def test_a_speech_act_with_an_infinitive_is_stored(run, text, speaker):
    from storylens.enrich.quotes import stored

    assert [a.speaker for a in run(text) if stored(a, text)] == [speaker]


def test_lets_hope_is_the_writer_not_a_source(run):
    # Washington Examiner column: "Let’s hope we see more of ..." had the speaker "’s"
    text = "Let’s hope we see more of Epstein’s associates grilled about their connections with him."
    assert all(q.speaker not in ("’s", "'s") for q in run(text))
    assert not [q for q in run(text) if q.cue == "hope"]


@pytest.mark.parametrize("text", [
    "“Don't hide things like this,” one Weibo commenter said.",  # had been the speaker "Weibo"
    "It follows the testimony of a career Army officer who described the call as “improper.”",  # "Army"
    "A California transit chief says a man has been stabbed to death on a train.",  # "California"
])
def test_one_of_a_bodys_people_is_an_unnamed_source(run, text):
    (q,) = [q for q in run(text) if q.cue in ("said", "described", "says")]
    assert q.speaker is None and q.anonymous, (q.speaker, q.speaker_descriptor)


def test_a_spokesman_of_a_body_still_speaks_for_it(run):
    q = _by_cue(run("A Pentagon spokesman said the strike was lawful."), "said")
    assert q.speaker == "Pentagon"


def test_a_bracketed_dateline_glued_to_the_first_word_is_split(run):
    # CNN's "(CNN)President Donald Trump, according to ...": the speaker had been "CNN)President Donald Trump"
    text = "(CNN)President Donald Trump said Saturday that he was in great health."
    assert [q.speaker for q in run(text)] == ["Donald Trump"]



def test_a_document_is_not_a_person_the_ner_called_org(run):
    # AllSides (seed 9090): "the report, which recounted ..." went to Don McGahn, whom the NER had
    # labelled ORG in "McGahn was a vital witness"; 87 PolNeAR train speakers moved the same way
    # (polls and newspapers that had been given Trump or Sanders)
    text = ("Nadler subpoenaed former White House counsel Don McGahn. McGahn was a vital witness for Mueller "
            "in the report, which recounted the president's outrage over the investigation.")
    q = _by_cue(run(text), "recounted")
    assert q.speaker != "Don McGahn" and q.speaker_type == "organisation"
    assert _by_cue(run(text), "witness").speaker_type != "organisation"


def test_a_country_before_its_official_is_no_speaker_name(run_registry):
    # AllSides titles, seed 1357: "Guatemalan president says" had the speaker "Guatemalan"
    (q,) = run_registry("Many migrants on U.S. deportation flight had coronavirus, Guatemalan president says")
    assert q.speaker == "Guatemalan president" and q.speaker_type == "official"


def test_a_title_case_verb_is_no_part_of_a_name(run):
    # seed 1357: the NER's PERSON "Trump Warns Iran" had been the speaker of the "Says" clause
    text = "Trump Warns Iran Against Revenge Attack, Says 52 Iranian Sites Would Be Hit ‘Very Fast And Very Hard’"
    assert [q.speaker for q in run(text) if q.cue == "Says"] == ["Trump"]


def test_a_participle_after_a_possessive_is_no_cue(run):
    # seed 1357: "The United States' reported coronavirus deaths" read as the United States reporting
    assert run("The United States' reported coronavirus deaths approach 52,000, over a quarter of the world's tally") == []


def test_a_speech_noun_cue_is_stored(run):
    from storylens.enrich.quotes import stored

    text = "Trump’s claim that the election was rigged drew criticism."
    assert [a.speaker for a in run(text) if stored(a, text)] == ["Trump"]


def test_may_before_a_past_tense_verb_is_theresa_may(run):
    # the demo corpus (Trump's state visit): "May praised ..." was parsed as the modal "may"
    text = 'Prime Minister Theresa May met Trump. May characterized her relationship with Trump as "very good."'
    q = _by_cue(run(text), "characterized")
    assert q.speaker == "Theresa May" and q.cue == "characterized"
    assert [a.speaker for a in run("It may rain, forecasters said.")] == ["forecasters"]


def test_an_act_is_stored_only_when_mostly_inside_quotation_marks():
    # the share is the candidate's own (extract.Candidate.quoted: paired marks over the content)
    from storylens.enrich.quotes import stored
    from storylens.enrich.quotes.extract import Attribution

    text = 'Trump branded him a "madman who must be stopped".'
    for flag in ("act", "not_speech"):
        a = Attribution(7, len(text) - 1, "indirect", cue="branded", speaker="Trump")
        a.extras.update({flag: True, "quoted": 0.7})
        assert stored(a, text)
        a.extras["quoted"] = 0.3
        assert not stored(a, text)


@pytest.mark.parametrize(("text", "speaker"), [
    # 50 AllSides articles (seed 9090): the title was the speaker ("US Ambassador")
    ("Earlier in the week, US Ambassador to the UN Nikki Haley promised the US would be “taking names”.", "Nikki Haley"),
    ("US Ambassador to South Korea Harry Harris said the talks failed.", "Harry Harris"),
])
def test_a_name_after_a_title_and_its_preposition_speaks(run, text, speaker):
    assert {q.speaker for q in run(text)} == {speaker}


def test_a_title_with_a_place_after_it_names_no_one(run):
    q = _by_cue(run("The ambassador to the United States said the talks failed."), "said")
    assert q.speaker is None


def test_a_bodys_abbreviation_starts_no_persons_name(run):
    # the AP (50 AllSides articles): "U.S. Ambassador to the U.N. Samantha Power" was named "U.N. Samantha Power"
    q = _by_cue(run("U.S. Ambassador to the U.N. Samantha Power said Russia was to blame."), "said")
    assert q.speaker == "Samantha Power"


def test_a_name_the_parse_gave_a_participle_after_a_quote_speaks(run):
    # the demo corpus: '“...,” Trump posted on Twitter' parsed "posted" as a participle of "Trump"
    text = ("“WE CANNOT LET THE CURE BE WORSE THAN THE PROBLEM ITSELF,” Trump posted on Twitter just before "
            "midnight in Washington.")
    assert [q.speaker for q in run(text)] == ["Trump"]


def test_a_dash_signature_under_a_quote_names_its_speaker(run):
    # a quote-of-the-day column in the demo corpus: the quote had no speaker
    text = ("“Secretary Clinton had originally been asked by networks to go on. She declined to do it.”\n"
            "-- Susan Rice, U.S. ambassador to the United Nations, talking to NBC News.\n"
            "The Obama Democrats are today furious.")
    (q,) = run(text)
    assert q.speaker == "Susan Rice" and q.speaker_type == "official"


def test_a_speaker_phrase_ends_with_the_subjects_own_words(run):
    # 60 AllSides articles: the parse hung "the rule of law" on "entrants" as an apposition, so the
    # subject's span ran over its own verb and the whole sentence was the speaker of three quotes
    text = ("Possible entrants to the US would have to answer questions about whether they believed in a "
            "“tolerant” way of life and agreed with US values about the treatment of women, the rule of law, "
            "and the primacy of the US Constitution.")
    assert {q.speaker_descriptor for q in run(text)} == {"Possible entrants to the US"}


def test_a_person_named_like_a_capital_speaks_for_no_country(run_registry):
    # 40 AllSides articles: seven quotes of Malta's prime minister Joseph Muscat went to Oman
    from storylens.enrich.quotes.actors import actor_lookup

    text = ('"Gangs of criminals are putting people on a boat," Prime Minister Joseph Muscat said. '
            '"It is genocide," Muscat told CNN. Official Washington expected a terse recitation, Barr said.')
    got = {(q.speaker, q.speaker_actor) for q in run_registry(text)}
    assert ("Joseph Muscat", "Oman") not in got and ("Joseph Muscat", None) in got, got
    assert actor_lookup()("Washington", "Official").actor == "United States"  # a capital alone is still its country


@pytest.mark.parametrize(("text", "speaker"), [
    # 40 and 60 AllSides articles (2026-12-07): "he" after a sentence that only talks about someone is
    # still that sentence's speaker
    ("Britain's Labour leader, Jeremy Corbyn, hailed Castro as a \"champion of social justice.\"\n\n"
     "\"Castro's achievements were many,\" he wrote.", "Jeremy Corbyn"),
    ("Kristin Kanthak, a political science professor, said Mr. Trump's message would resonate.\n\n"
     "\"There are lots of people angry about the loss of manufacturing jobs,\" she said.", "Kristin Kanthak"),
    # ... but the one asked answers, and a person the registry knows as a man is no "she"
    ("Goodwin wrote that the public was unaware.\n\nWhen a reporter asked Cuomo about the policy, he replied, "
     "\"That's a good question.\"", "Cuomo"),
    ("Nina Shea criticized Obama and Kerry for not speaking out.\n\nIn a column, she urged the U.S. to respond.",
     "Nina Shea"),
])
def test_a_pronoun_after_a_speakers_sentence(run_registry, text, speaker):
    got = [(q.cue, q.speaker) for q in run_registry(text)]
    assert got[-1][1] == speaker, got


def test_a_pronoun_in_the_same_sentence_may_be_its_object(run_registry):
    # the demo corpus: "believing Kim when he says he had nothing to do with Warmbier's death"
    text = ("Trump said he believed Kim Jong Un. Trump's comments about believing Kim when he says he had "
            "nothing to do with Warmbier's death echo other comments.")
    assert ("says", "Kim Jong Un") in [(q.cue, q.speaker) for q in run_registry(text)]


@pytest.mark.parametrize(("text", "speaker"), [
    # 40 AllSides articles (seed 70707) and the demo corpus: the document's issuer speaks, described by it
    ("The talks would continue, according to a statement issued by the White House early Saturday.", "White House"),
    ("A statement from Stena Bulk, which owns the seized tanker, said the crew was safe.", "Stena Bulk"),
    ("The long statement from the powerful National Defense Commission warned of strikes.",
     "National Defense Commission"),
])
def test_a_statement_speaks_for_its_issuer(run, text, speaker):
    got = [(q.speaker, q.speaker_descriptor) for q in run(text)]
    assert got and got[-1][0] == speaker and "statement" in (got[-1][1] or ""), got


def test_a_person_apposed_to_the_place_of_a_role_is_the_speaker(run):
    # 40 AllSides articles (seed 91919): the parse hangs the name on "Slavyansk"; the speaker had been
    # the separatist leader named in the sentence before
    text = ("Separatist leader Valeriy Bolotov declared a state of emergency.\n\nThe self-declared mayor of "
            "Slavyansk, Vyacheslav Ponomarev, confirmed the release of the observers.")
    got = [(q.speaker, q.speaker_descriptor) for q in run(text) if q.cue == "confirmed"]
    assert got == [("Vyacheslav Ponomarev", "self-declared mayor of Slavyansk")], got


def test_plural_officials_are_not_the_last_person_named(run):
    # the same sample: "The officials" had become the co-pilot whose flat the prosecutors searched
    text = ("Police searched the apartment of Andreas Lubitz, the co-pilot. The officials also said the "
            "search found no evidence of a political background.")
    q = _by_cue(run(text), "said")
    assert q.speaker is None and q.speaker_descriptor == "The officials", (q.speaker, q.speaker_descriptor)


def test_an_unnamed_speaker_is_described_without_its_relative_clause(run):
    # the same sample: the whole clause after the dash had been the speaker's name; and a descriptor
    # seen before is matched by word, not substring ("man" is no "woman")
    text = ("One prisoner there—who said he had been ill for a year—reported receiving one hot meal a day.\n\n"
            "A woman, who asked not to be named, said the guards left. The man who runs the shop said prices rose.")
    got = [(q.cue, q.speaker_descriptor, q.anonymous) for q in run(text)]
    assert ("reported", "One prisoner there", False) in got, got
    assert ("said", "A woman", True) in got, got
    assert ("said", "The man who runs the shop", False) in got, got


@pytest.mark.parametrize("text", [
    # 140 AllSides articles (2026-12-07): what is meant or seen is no statement (45 stored, none one)
    '"This is a full-scale invasion," Lysenko said, referring to the fighting in the south of the country.',
    "Amateur video posted online showed burnt out buses, plumes of smoke and residents observing it all.",
    "One image that British intelligence has analyzed shows 15 heavy trucks and nine artillery pieces.",
])
def test_a_reference_or_a_picture_is_not_stored(run, text):
    from storylens.enrich.quotes import stored

    got = [text[a.start:a.end] for a in run(text) if stored(a, text)]
    assert not [g for g in got if "fighting" in g or "buses" in g or "trucks" in g], got


def test_a_document_showing_a_clause_is_still_stored(run):
    from storylens.enrich.quotes import stored

    text = "The emails do show that the talking point was included in the first drafts of the memo."
    assert [a for a in run(text) if stored(a, text)]


def test_a_former_official_does_not_speak_for_the_body(run):
    # 400 AllSides titles (2026-12-07): "former acting CDC director says" had the speaker "CDC"
    q = _by_cue(run("US is unprepared to protect residents from virus, former acting CDC director says"), "says")
    assert q.speaker != "CDC" and "director" in (q.speaker_descriptor or ""), (q.speaker, q.speaker_descriptor)
    assert _by_cue(run("A Pentagon spokesman said the strikes would continue."), "said").speaker == "Pentagon"


def test_a_topic_described_is_not_stored_but_a_characterisation_is(run):
    # 140 AllSides articles (2026-12-07): "described one conversation he had", "the official who described
    # opposition to the auto tariffs": what was talked about, no statement
    from storylens.enrich.quotes import stored

    text = "Coats also described one conversation he had with the president about the dossier."
    assert not [a for a in run(text) if stored(a, text)]
    text = 'Trump responded by describing the remarks as "very insulting" to the allies.'
    assert [a for a in run(text) if stored(a, text)]


def test_a_request_is_no_statement(run):
    # 400 AllSides titles (2026-12-07): an opinion title addressed to someone
    from storylens.enrich.quotes import stored

    text = "Harry Truman, please call Obama."
    assert not [a for a in run(text) if stored(a, text)]


@pytest.mark.parametrize("text", [
    # 140 AllSides articles (2026-12-08): an act going on, given to whoever did it (13 stored, none a statement)
    "The company continued to sign up additional subscribers.",
    "Iran is pressing ahead to develop a nuclear weapon.",
    "Federal courts have continued to pump more people into the system.",
    "But his health continued to decline over the next three months.",  # falling, not declining to comment
])
def test_an_act_going_on_is_not_stored(run, text):
    from storylens.enrich.quotes import stored

    assert not [a for a in run(text) if stored(a, text)], [(a.cue, a.speaker) for a in run(text)]


@pytest.mark.parametrize("text", [
    "Smith continued to deny the charges.",
    'But Trump continues to proclaim that tariffs are "paid to the United States by China."',
    "Jones continued to insist that he was innocent.",
])
def test_a_statement_going_on_is_stored(run, text):
    from storylens.enrich.quotes import stored

    assert [a for a in run(text) if stored(a, text)], [(a.cue, a.speaker) for a in run(text)]


def test_the_governor_is_the_last_one_titled_gov(run):
    """A state-by-state article (AllSides, 2026-12-08): "the governor said" after "Gov. Asa Hutchinson
    said" had gone to Doug Ducey, the governor of the section before, whom a quote had called "the
    governor"; "Gov." is the title's abbreviation."""
    text = ("Gov. Doug Ducey on May 4 accelerated his reopening plan for Arizona.\n\n"
            "Barbershops and salons can resume services by appointment May 8, the governor said.\n\n"
            "Large outdoor venues may now reopen to the public, Gov. Asa Hutchinson said May 4.\n\n"
            "Barber colleges will remain closed at this time, Hutchinson said.\n\n"
            "Face masks will be required for staff and patrons, the governor said.\n\n"
            "Gov. Larry Hogan said April 24 that Maryland could be ready by early May.\n\n"
            "Maryland isn't ready to lift restrictions right now, but the governor said he's optimistic.")
    got = {text[a.start:a.end][:12]: a.speaker for a in run(text)}
    assert got["Barbershops "] == "Doug Ducey", got
    assert got["Face masks w"] == "Asa Hutchinson", got
    assert got["he's optimis"] == "Larry Hogan", got


def test_a_speaker_name_never_opens_with_a_quotation_mark():
    """A closing mark glued to the next sentence ("investigation.”An aide ...") had opened the
    descriptor "”An aide at the White House National Security Council" (AllSides, 2026-12-08); the
    "’s" of a possessive cut from its noun is left as it was."""
    from storylens.enrich.quotes.speakers import _clean

    assert _clean("”An aide at the White House") == "An aide at the White House"
    assert _clean("' Trump") == "Trump"
    assert _clean("’s data") == "’s data"


def test_a_description_that_goes_on_is_no_speaker_name(run):
    """120 AllSides articles (2026-12-08): 4.9% of stored quotes had a speaker of five words or
    more, mostly descriptions with a clause ("Another seller based in Dallas", "a statement saying
    ..."). They stay descriptors; a group keeps its name."""
    text = ('Another seller based in Dallas said business was slow. "It is hard," she said.\n\n'
            "Members of Congress said the deal was bad. Critics said it would fail.\n\n"
            "Longtime left-leaning skeptics of the Russia probe said it went too far.")
    got = {text[a.start:a.end][:14]: (a.speaker, a.speaker_descriptor) for a in run(text)}
    assert got["business was s"] == (None, "Another seller based in Dallas"), got
    assert got["It is hard,"] == (None, "Another seller based in Dallas"), got  # the "she" that followed it
    assert got["the deal was b"][0] == "Members of Congress", got
    assert got["it would fail"][0] == "Critics", got
    assert got["it went too fa"][0] is None, got
    text = "Dr. Lorna Breen died on Sunday. Her father said she had tried to do her job."
    (a,) = [a for a in run(text) if a.cue == "said"]
    assert (a.speaker, a.speaker_descriptor) == (None, "Her father")  # a relation, not a name


@pytest.mark.parametrize("text", [
    "Sherman talked Wednesday about the challenges of her job.",
    "Trump may resume funding after discussing it with other nations.",
    "Carter and his wife, Roselyn, disagreed on the Russia question.",
    "Trump made a surprise announcement last week when he named Meadows as his replacement for Mick Mulvaney.",
    "They also listed a lawyer from the U.S. and 47 other people from the U.S. and other countries.",
    "Dossiers were created that included a photograph from either a passport or social media.",
    "Trump has called a national day of prayer for Sunday.",
    "And on June 13, radicals threatened members of Laymen Evangelical Fellowship Church.",
    'It’s nicknamed the "road of death": a dusty two-lane highway lined with burned-out cars.',
])
def test_a_topic_an_appointment_a_listing_or_a_target_is_no_statement(run, text):
    # 9 of 20 stored quotes drawn from 120 AllSides articles were none (2026-12-08)
    assert not [(a.speaker, a.cue) for a in run(text) if stored(a, text)]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Pyongyang threatened the United States and its allies in East Asia with nuclear attack.", "North Korea"),
    ("Lavrov called for the expulsion of 31 employees at the U.S. Embassy in Moscow.", "Sergei Lavrov"),
    ("Iraqi Prime Minister Adil Abdul Mahdi denounced the strike on Sunday.", "Adil Abdul Mahdi"),
])
def test_a_threat_a_call_or_a_stance_with_a_noun_still_reports(run_registry, text, speaker):
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == [speaker]


def test_a_run_that_opens_with_a_body_is_the_name_after_it(run):
    text = ("President Trump announced he was replacing McMaster with former ambassador to the United "
            "Nations John Bolton. Bolton joined other officials in expressing confidence that Saddam "
            "Hussein had weapons of mass destruction.")
    speakers = [a.speaker for a in run(text)]
    assert "John Bolton" in speakers and not [s for s in speakers if s and "United Nations" in s], speakers


def test_an_unnamed_source_or_another_country_is_not_the_person_named_before(run_registry):
    # 40 AllSides articles, 2026-12-08: six quotes of "the senior administration official" had gone
    # to David Schenker, "the Syrian army general" to Benjamin Netanyahu
    text = ('"It is a power struggle," said David Schenker, a former official. "It is a play," said '
            "the senior administration official, stressing that Iran has a strategy.")
    got = [(a.speaker, a.speaker_descriptor) for a in run_registry(text) if stored(a, text)]
    assert got[0][0] == "David Schenker" and all(s is None for s, _ in got[1:]), got
    text = "Vladimir Putin met Benjamin Netanyahu on Monday. The Israeli leader said the talks were useful."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == ["Benjamin Netanyahu"]
    text = "Emmanuel Macron, France's President, said the plan was good. The French leader said more."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == ["Emmanuel Macron"] * 2
    text = "Vice President Mike Pence said the trip went well. The vice president said more."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == ["Mike Pence"] * 2


def test_chief_of_staff_is_a_title(run):
    text = "White House Chief of Staff Denis McDonough told the conference that concerns would endure."
    assert [a.speaker for a in run(text)] == ["Denis McDonough"]


def test_a_person_described_by_a_place_is_the_one_named_before(run_registry):
    # 40 AllSides articles, 2026-12-08: "The Florida senator called for ..." had been said by Florida
    text = ('"There are concrete actions we should take," Rubio said. The Florida senator called for '
            '"lethal support" to be sent.')
    assert {a.speaker for a in run_registry(text) if stored(a, text)} == {"Marco Rubio"}
    text = "President Donald Trump met Kim on Monday. The U.S. president said the talks would go on."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == ["Donald Trump"]
    # nobody of that country named: an unnamed person of it, not the country
    text = "The Texas governor said the talks would go on."
    got = [(a.speaker, a.speaker_descriptor) for a in run_registry(text) if stored(a, text)]
    assert got == [(None, "The Texas governor")], got
    # the Kremlin's spokesman still speaks for the Kremlin
    text = "The Kremlin spokesman said the talks would go on."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == ["Kremlin"]


def test_a_description_skips_a_person_with_another_role(run_registry):
    # "The president tried ..." after "Anthony Fauci, director of ..." had been Fauci's (17 quotes)
    text = ("President Donald Trump spoke on Tuesday. Anthony Fauci, director of the National Institute of "
            "Allergy and Infectious Diseases, stood beside him. The president said the virus was vicious.")
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == ["Donald Trump"]
    # "the vice president" needs a vice president ("The then-vice president" had gone to Yanukovych)
    text = "President Viktor Yanukovych met Biden. The vice president said the talks would go on."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] != ["Viktor Yanukovych"]
    # a spokesman is never the leader named before ("the South Korean government spokesman" was Moon)
    text = "President Moon Jae-in met Kim on Monday. The South Korean government spokesman said it went well."
    assert [a.speaker for a in run_registry(text) if stored(a, text)] == [None]


def test_a_participle_hung_on_a_video_is_the_person_shown(run):
    text = ("On Sept. 10, a video featuring al Qaeda boss Ayman al-Zawahri calling on Libyans to avenge the "
            "U.S. killing of a Libyan al Qaeda leader certainly should have been a red flag.")
    got = [(a.speaker, a.cue) for a in run(text) if stored(a, text)]
    assert got == [("Ayman al-Zawahri", "calling")], got


def test_an_extraposed_it_is_nobody(run):
    # "it's important to know exactly how bloody one would be" had been said by "a report"
    text = ("A report last year claimed the camps are as bad as Nazi camps. But it's important to know "
            "exactly how bloody one would be. It is fair to say they are more enthusiastic.")
    assert [a.cue for a in run(text) if stored(a, text)] == ["claimed"]


def test_a_relative_clause_holding_the_cue_is_not_the_descriptor(run):
    text = ("Trump's style has been to play the mediator who claims that there must be some way to find "
            "common ground between two adversaries.")
    got = [a.speaker_descriptor for a in run(text) if a.cue == "claims"]
    assert got == ["the mediator"], got


def test_a_dateline_is_no_descriptor(run):
    text = ("Washington (CNN) Donald Trump says he's planning a rebuttal to Hillary Clinton's criticism.\n\n"
            '"I think I\'m going to devote a retort to her speech," Trump said.')
    got = [(a.speaker, a.speaker_descriptor) for a in run(text) if stored(a, text)]
    assert got and all(s == "Donald Trump" and d is None for s, d in got), got
    text = ("WASHINGTON (Reuters) - Attorney General William Barr will release the report on Thursday.\n\n"
            "Barr said the report would be out soon.")
    got = [(a.speaker, a.speaker_descriptor) for a in run(text) if stored(a, text)]
    assert got == [("William Barr", "Attorney General")], got


def test_a_first_person_in_a_coordinated_subject_speaks(run_registry):
    text = ("PRESIDENT DONALD TRUMP: The secretary general and I had a productive discussion. "
            "I complained about that a long time ago, and they made a change. I said it was obsolete.")
    assert {a.speaker for a in run_registry(text) if stored(a, text)} == {"Donald Trump"}


def test_a_participial_aside_is_not_the_subject(run_registry):
    text = ("President Obama, speaking to reporters Monday while vacationing at Martha's Vineyard, Mass., praised "
            'the designation of a new prime minister, calling the prospect of a new government "a promising step '
            'forward."')
    got = {a.speaker for a in run_registry(text) if stored(a, text)}
    assert got == {"Barack Obama"}, got


def test_the_department_is_the_body_named_department(run):
    text = ("The Justice Department told the House Judiciary Committee that Barr may not attend a hearing. "
            "The department has balked at the panel's plans to allow the committee's counsels to question Barr.")
    got = [a.speaker for a in run(text) if a.cue == "has balked"]
    assert got == ["Justice Department"], got


def test_a_weapon_fired_is_no_statement(run):
    text = ("Kim's comments came a day after the rogue country fired its latest missile over Japan. "
            "Targeting an ISIS cave complex, the U.S. military dropped a 22,000-pound bomb.")
    assert [a.cue for a in run(text) if stored(a, text)] == []


def test_a_portfolio_ends_the_title(run):
    text = ("Chinese Vice Minister of Commerce Wang Shouwen said the U.S. was to blame. At a press conference "
            "on Sunday, Wang Shouwen, China's vice-minister for commerce, accused the U.S. of being irresponsible.")
    assert {a.speaker for a in run(text) if stored(a, text)} == {"Wang Shouwen"}


def test_an_apposition_split_by_the_parse_is_one_descriptor(run):
    text = ("At a press conference in Beijing on Sunday, Wang Shouwen, China’s vice-minister for commerce, "
            "accused the U.S. of being irresponsible.")
    got = {a.speaker_descriptor for a in run(text) if stored(a, text)}
    assert got == {"China’s vice-minister for commerce"}, got
