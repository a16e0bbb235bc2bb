"""Claim groups on hand-written articles, one test per cause of a false or missed disagreement.

Every article here is written for these tests (places and outlets invented).
"""

from dataclasses import replace
from datetime import date

import pytest

from dateline.corpus.claim_groups import (ClaimRef, claim_day, claim_refs, conflicting_pairs, gives_both,
                                         group_claims, link)
from dateline.model import Claim, Qualifier


@pytest.fixture
def grouped(make_doc):
    """Group hand-written articles: grouped((text, outlet, day), ...) -> (groups, docs)."""
    def run(*articles):
        docs = [make_doc(text, published=date.fromisoformat(day), article_id=f"a{i}", source=outlet)
                for i, (text, outlet, day) in enumerate(articles)]
        return group_claims(claim_refs(docs)), docs
    return run


def _group_of(groups, figure):
    found = [g for g in groups if any(c["text"] == figure for c in g["claims"])]
    assert len(found) == 1, (figure, groups)
    return found[0]


def test_independent_sources_same_day_incompatible_values_conflict(grouped):
    groups, _ = grouped(
        ("Police in Corvale said 18 people were injured in Tuesday's clashes near the port.", "Harbour Post", "2025-06-10"),
        ("At least 40 people were injured in the Corvale port clashes on Tuesday, hospital staff said.",
         "Valley Wire", "2025-06-10"),
    )
    g = _group_of(groups, "18")
    assert g["status"] == "conflict" and g["conflicts"] == [[0, 1]]
    assert "injured" in g["label"] and g["label"].endswith("10 June 2025")


def test_a_toll_rising_over_days_is_an_update_not_a_conflict(grouped):
    groups, _ = grouped(
        ("The landslide above Dunmere killed 12 people, rescuers said on Saturday.", "Harbour Post", "2025-05-03"),
        ("Rescuers in Dunmere said the landslide had killed 19 people as the search went on.", "Valley Wire",
         "2025-05-04"),
        ("The Dunmere landslide has killed 31 people, rescuers said, as the last homes were searched.",
         "Coast Courier", "2025-05-06"),
    )
    g = _group_of(groups, "12")
    assert len(g["claims"]) == 3
    assert g["status"] == "update" and g["conflicts"] == []
    from dateline.corpus.claim_labels import group_summary

    assert group_summary(g) == "rose from 12 to 31 between 3 May 2025 and 6 May 2025"


def test_one_passage_copied_by_two_outlets_is_one_source(grouped):
    wire = "Floods in the Marrow valley have forced {n} people from their homes, the regional office said."
    groups, _ = grouped(
        (wire.format(n="4,000") + " Roads to the valley remain shut.", "Harbour Post", "2025-04-02"),
        (wire.format(n="4,600") + " Schools in the valley will stay closed.", "Valley Wire", "2025-04-02"),
    )
    g = _group_of(groups, "4,000")
    assert g["status"] != "conflict"  # one wire story revised, not two sources disagreeing


def test_vague_quantities_are_ranges(grouped):
    groups, _ = grouped(
        ("Thousands of people marched through Ostrava on Sunday against the new port tax.", "Harbour Post",
         "2025-02-09"),
        ("Some 6,000 people marched in Ostrava on Sunday to protest the port tax.", "Valley Wire", "2025-02-09"),
    )
    g = _group_of(groups, "Thousands")
    assert g["status"] == "consistent"  # "thousands" is 1,000..9,999, not 2,000


def test_what_is_counted_keeps_apart_different_things(grouped):
    groups, _ = grouped(
        ("The Tessel ferry can carry 3,000 people a day across the river.", "Harbour Post", "2025-03-06"),
        ("Nearly 12,000 residents were forced from their homes by the Tessel flood.", "Valley Wire", "2025-03-06"),
        ("The Velmora council has 45 members.", "Coast Courier", "2025-03-06"),
        ("About 300 people attended the council meeting in Velmora.", "Harbour Post", "2025-03-07"),
    )
    assert not [g for g in groups if g["status"] == "conflict"]
    one_quantity = ("consistent", "update", "conflict")
    for a, b in (("3,000", "Nearly 12,000"), ("45", "About 300")):
        ga, gb = _group_of(groups, a), _group_of(groups, b)
        # apart, or at most related figures shown together (never set against each other)
        assert ga["id"] != gb["id"] or ga["status"] not in one_quantity


def test_a_displaced_count_joins_the_group_of_its_place(grouped):
    groups, _ = grouped(
        ("Shelling hit Velmora, where nearly 1.5 million people are sheltering from the fighting.", "Harbour Post",
         "2025-05-10"),
        ("More than 1 million people have taken refuge in Velmora after fleeing the fighting.", "Valley Wire",
         "2025-05-10"),
        ("Aid groups warned of an attack on Velmora, where more than 1.4 million people have taken refuge.",
         "Coast Courier", "2025-05-09"),
        ("Some 1.2 million displaced people are sheltering in Velmora, aid groups said of the fighting.",
         "River Daily", "2025-05-11"),
    )
    g = _group_of(groups, "More than 1 million")
    assert len({c["outlet"] for c in g["claims"]}) == 4
    # some 1.2 million a day later cannot hold beside more than 1.4 million: a change, not a contradiction
    assert g["status"] == "update" and g["conflicts"] == []
    assert g["label"].startswith("people displaced in Velmora")


def _ref(article, value, day, *, quantity="people|people|killed|", outlet="", context=("dunmere", "landslide"), index=0):
    claim = Claim(0, 2, value, Qualifier.EXACT, unit="people", quantity=quantity, low=value, high=value,
                  context=context, topic=("dunmere",))
    return ClaimRef(article, index, claim, str(value), day, outlet=outlet or article)


def test_link_hard_rules():
    a = _ref("a", 12, "2025-05-03")
    assert link(a, _ref("b", 19, "2025-05-03")) >= 0.6
    assert link(a, _ref("b", 19, "2025-05-03", quantity="people|people|injured|")) == 0.0  # another event
    assert link(_ref("a", 1, "", quantity="people|people|killed|dunmere"),
                _ref("b", 1, "", quantity="people|people|killed|ostrava")) == 0.0  # another place
    assert link(a, _ref("a", 19, "2025-05-03")) == 0.0  # one article is never two sources


def test_conflicts_need_the_same_day_or_a_fixed_quantity():
    same = [_ref("a", 12, "2025-05-03"), _ref("b", 30, "2025-05-03")]
    assert conflicting_pairs(same) == [(0, 1)]
    later = [_ref("a", 12, "2025-05-03"), _ref("b", 30, "2025-05-04")]
    assert conflicting_pairs(later) == []
    population = [_ref("a", 120_000, "2005-11-27", quantity="people|population||qeshm"),
                  _ref("b", 200_000, "2005-11-28", quantity="people|population||qeshm")]
    assert conflicting_pairs(population) == [(0, 1)]
    one_outlet = [_ref("a", 12, "2025-05-03", outlet="Harbour Post"), _ref("b", 30, "2025-05-03", outlet="Harbour Post")]
    assert conflicting_pairs(one_outlet) == []


def test_claims_naming_no_quantity_are_not_grouped():
    def ref(article, value, quantity):
        return ClaimRef(article, 0, Claim(0, 1, value, Qualifier.EXACT, unit="USD", quantity=quantity,
                                          context=("aid",)), "", "")

    assert group_claims([ref("a1", 5e6, "USD|||"), ref("a2", 2e9, "USD|||")]) == []


def test_a_conflict_through_a_chain_of_members_is_folded_as_related_figures():
    # b links to a and to c, but a and c share only the word "landslide": the group holds, the pair a-c
    # apart on one day is no conflict the desk shows (shown false: listed as related figures)
    a = _ref("a", 12, "2025-05-03", context=("dunmere", "landslide", "rescuers", "saturday"))
    b = _ref("b", 14, "2025-05-04", context=("dunmere", "landslide", "rescuers", "search", "valley"))
    c = _ref("c", 40, "2025-05-03", context=("landslide", "search", "valley", "roads"))
    c = ClaimRef("c", 0, replace(c.claim, topic=("marrow",)), "40", "2025-05-03", outlet="c")
    assert link(a, b) >= 0.4 and link(b, c) >= 0.4 and 0 < link(a, c) < 0.6
    groups = group_claims([a, b, c])
    assert len(groups) == 1 and len(groups[0]["claims"]) == 3
    g = groups[0]
    assert g["status"] == "conflict" and g["shown"] is False

    sure = group_claims([a, _ref("c", 40, "2025-05-03", context=a.claim.context)])
    assert sure[0]["status"] == "conflict" and sure[0]["shown"] is True and sure[0]["confidence"] >= 0.6


def test_an_update_is_shown_only_when_a_figure_surely_moved(grouped):
    groups, _ = grouped(
        ("The landslide above Dunmere killed 12 people, rescuers said on Saturday.", "Harbour Post", "2025-05-03"),
        ("The Dunmere landslide has killed 31 people, rescuers said, as the last homes were searched.",
         "Coast Courier", "2025-05-06"),
    )
    assert _group_of(groups, "12")["shown"] is True  # one toll, one event, stated on two days
    # the same two figures, the later one dated to a month only: not surely a later value of one toll
    [g] = [g for g in group_claims([_ref("a", 12, "2025-05-03"), _ref("b", 31, "2025-05")]) if len(g["claims"]) == 2]
    assert g["status"] == "update" and g["shown"] is False


def test_the_same_words_weeks_apart_are_not_one_quantity():
    a = _ref("a", 12, "2025-05-03")
    assert link(a, _ref("b", 19, "2025-05-09")) >= 0.6  # six days on: one running count
    assert link(a, _ref("b", 19, "2025-06-20")) == 0.0  # seven weeks on: another landslide, an anniversary
    assert link(a, _ref("b", 19, "2024")) == 0.0 and link(a, _ref("b", 19, "2025-05")) > 0.0
    population = "people|population||dunmere"  # a quantity that does not move with time has no window
    assert link(_ref("a", 9_000, "2025-05-03", quantity=population), _ref("b", 9_500, "2025-09-01", quantity=population)) > 0
    sheltering = "people|people|displaced|velmora"  # a city's sheltering count stands for weeks: no window
    assert link(_ref("a", 1e6, "2025-03-21", quantity=sheltering), _ref("b", 1.4e6, "2025-05-10", quantity=sheltering)) > 0


def test_an_article_giving_both_values_does_not_contradict_the_other():
    # a says 12 and (in another sentence) 30, b says 30: a knows both as two quantities (a first count and a
    # later one, a part and the whole), so b's 30 is no disagreement the desk shows
    pair = [_ref("a", 12, "2025-05-03", outlet="Harbour Post"), _ref("b", 30, "2025-05-03", outlet="Valley Wire")]
    [g] = group_claims(pair)
    assert g["status"] == "conflict" and g["shown"] is True
    a30 = _ref("a", 30, "2025-05-03", outlet="Harbour Post", index=1)
    both = group_claims(pair + [a30])
    assert not any(g["status"] == "conflict" and g["shown"] for g in both)
    [g] = [g for g in both if len(g["claims"]) == 2]  # b's 30 goes with a's 30 (equal links: the nearer value)
    assert g["status"] == "consistent" and sorted(c["index"] for c in g["claims"]) == [0, 1]
    assert gives_both(pair[0], pair[1], {"a": [pair[0], a30]})  # had they been grouped: not shown
    assert not gives_both(pair[0], pair[1], {"a": [pair[0]]})
    # a's 30 counts another event ("12 killed and 30 injured"): it gives no death toll of 30
    other = group_claims(pair + [_ref("a", 30, "2025-05-03", outlet="Harbour Post", index=1,
                                      quantity="people|people|injured|")])
    [g] = [g for g in other if len(g["claims"]) == 2]
    assert g["status"] == "conflict" and g["shown"] is True


def test_a_shown_conflict_needs_the_same_place_told():
    [g] = group_claims([_ref("a", 12, "2025-05-03", quantity="people|people|killed|dunmere"), _ref("b", 30, "2025-05-03")])
    assert g["status"] == "conflict" and g["shown"] is False  # "12 in Dunmere" and 30 somewhere: not sure


def test_undated_figures_conflict_only_when_surely_one_quantity():
    # neither article's day is known: one story's figures, set against each other only on a sure link
    [g] = group_claims([_ref("a", 12, ""), _ref("b", 30, "")])
    assert g["status"] == "conflict" and g["shown"] is True
    [g] = [g for g in group_claims([_ref("a", 12, ""), _ref("b", 30, "2025-05-03")]) if len(g["claims"]) == 2]
    assert g["status"] != "conflict"  # one dated, one not: not the same time


def test_a_claim_takes_the_day_its_sentence_stands_under(make_doc):
    # two days named: the attachment layer ties the figure's sentence to the saying's day (the count as of
    # Thursday), where the sentence's own dates alone could pick neither and fell back to the publication day
    doc = make_doc("Rescuers said on Thursday that 14 people were hurt when the storm hit Dunmere on Monday.",
                   published=date(2025, 3, 7))
    [c] = doc.claims
    assert claim_day(doc, c) == "2025-03-06"
    assert claim_day(replace(doc, attachments=None), c) == "2025-03-07"  # no layer stored: the older rule


def test_figures_of_two_stories_are_never_one_quantity_and_one_thread_adds_to_a_link():
    a = _ref("a", 12, "2025-05-03", context=("dunmere", "landslide", "rescuers", "valley"))
    b = _ref("b", 19, "2025-05-03", context=("dunmere", "search", "roads", "night"))
    base = link(a, b)
    assert 0 < base < 0.8
    assert link(replace(a, story="s1"), replace(b, story="s2")) == 0.0  # two stories: whatever the words
    assert link(replace(a, story="s1"), replace(b, story="s1")) == base  # one story, two threads: the words decide
    assert link(replace(a, story="s1", thread="t1"), replace(b, story="s1", thread="t1")) > base
    assert link(replace(a, story="s1"), b) == base  # a story not known (not clustered yet): no gate


def test_claim_groups_run_after_the_story_clusters():
    from dateline.pipeline.stages import CORPUS_STAGES

    names = [n for n, _ in CORPUS_STAGES]
    assert names.index("clusters") < names.index("claim-groups")


def test_a_claim_joins_no_group_with_a_member_it_hardly_links_to(monkeypatch):
    # c links well to a but hardly to b (a link under JOIN_FLOOR): it stays out of a and b's group, so a group
    # does not grow by chains through one member
    from dateline.corpus import claim_groups

    scores = {frozenset("ab"): 0.5, frozenset("ac"): 0.6, frozenset("bc"): 0.05}
    monkeypatch.setattr(claim_groups, "link", lambda x, y: scores[frozenset((x.article, y.article))])
    refs = [_ref("a", 12, "2025-05-03"), _ref("b", 14, "2025-05-03"), _ref("c", 13, "2025-05-03")]
    assert sorted(len(g["claims"]) for g in group_claims(refs)) == [1, 2]
    scores[frozenset("bc")] = claim_groups.JOIN_FLOOR  # at the floor, and the links across average .4: one group
    scores[frozenset("ab")] = 0.7
    assert [len(g["claims"]) for g in group_claims(refs)] == [3]
    scores[frozenset("ab")] = 0.5  # across {a, c} and b the links average .3, under STRONG: b stays out
    assert sorted(len(g["claims"]) for g in group_claims(refs)) == [1, 2]


def test_grouping_does_not_depend_on_the_order_claims_come_in(monkeypatch):
    # b links to c surely (.7) and to a loosely (.4); a and c hardly link: taken one at a time in the order a, b,
    # c, b used to join a's group first and c was left alone; by pairs b and c are one group whatever the order
    from itertools import permutations

    from dateline.corpus import claim_groups

    scores = {frozenset("ab"): 0.4, frozenset("bc"): 0.7, frozenset("ac"): 0.05}
    monkeypatch.setattr(claim_groups, "link", lambda x, y: scores[frozenset((x.article, y.article))])
    refs = [_ref("a", 12, "2025-05-03"), _ref("b", 14, "2025-05-03"), _ref("c", 13, "2025-05-03")]
    for order in permutations(refs):
        [g] = [g for g in group_claims(list(order)) if len(g["claims"]) == 2]
        assert sorted(c["article"] for c in g["claims"]) == ["b", "c"]


def test_a_sure_conflict_needs_the_same_event_told_on_both_sides():
    seized = [_ref("a", 2, "", quantity="rifle|rifle|detained|"), _ref("b", 3, "", quantity="rifle|rifle|detained|")]
    [g] = group_claims(seized)
    assert g["status"] == "conflict" and g["shown"] is True
    # an event untold on one side or both: "six notches" cut and "two notches" above junk, 160 passengers
    # screened and 60 people killed are not one quantity surely enough to set against each other
    for one, other in ((("rifle|rifle|detained|", "rifle|rifle||")), ("rifle|rifle||", "rifle|rifle||"),
                       ("people|people|killed|", "people|people||"), ("people|people|killed|", "people|passenger||")):
        for g in group_claims([_ref("a", 60, "", quantity=one), _ref("b", 160, "", quantity=other)]):
            assert not (g["status"] == "conflict" and g["shown"])


@pytest.mark.parametrize("cues_b, shown", [
    ((), True),
    (("place:CL",), False),  # the other side's sentence names another country
    (("change",), False),  # "31, up from 12": the text itself calls it an update
    (("hedged",), False),  # "could kill 31": no count
])
def test_a_shown_conflict_needs_sentences_that_agree(cues_b, shown):
    a = replace(_ref("a", 12, "2025-05-03"), cues=("place:PE",))
    b = replace(_ref("b", 31, "2025-05-03"), cues=cues_b)
    [g] = group_claims([a, b])
    assert g["status"] == "conflict" and g["shown"] is shown


def test_a_figure_placed_by_its_sentence_meets_one_placed_by_its_phrase():
    a = _ref("a", 12, "2025-05-03", quantity="people|people|killed|PE")
    b = _ref("b", 31, "2025-05-03")  # no place in its phrase
    assert group_claims([a, replace(b, cues=("place:PE",))])[0]["shown"] is True
    assert group_claims([a, b])[0]["shown"] is False  # the world's count, or another's: not sure
    assert group_claims([a, replace(b, cues=("place:PE", "place:world"))])[0]["shown"] is False


def test_claim_refs_read_the_cues_of_each_sentence(make_doc):
    doc = make_doc("Chilean officials confirmed 40 cases. The toll could reach 900 people by June.",
                   published=date(2025, 5, 3), article_id="a1", source="Harbour Post")
    cues = {r.text: r.cues for r in claim_refs([doc])}
    assert cues["40"] == ("place:CL",) and "hedged" in cues["900"]


def test_a_quoted_count_with_no_place_is_never_shown_against_a_placed_one():
    a = replace(_ref("a", 1, "2025-05-03"), cues=("quoted",))  # "we have one case", said somewhere
    b = replace(_ref("b", 3, "2025-05-03"), cues=("place:PE",))
    [g] = group_claims([a, b])
    assert g["status"] == "conflict" and g["shown"] is False
    assert group_claims([replace(a, cues=("place:PE", "quoted")), b])[0]["shown"] is True
