"""Near-duplicates: MinHash signatures as bytes, LSH lookup of the most similar original."""

from __future__ import annotations

import pytest

from dateline.ingest.dedup import NearDuplicateIndex, shingles
from dateline.settings import Settings

STORY = (
    "The regional council voted on Thursday to fund a second bridge across the estuary, ending a "
    "decade of argument over where it should go. Engineers will begin surveys in the autumn and the "
    "first traffic could cross in four years, the council leader said after the vote. Opponents said "
    "the money would be better spent on the ferry service, which carries twelve thousand people a day. "
    "A public inquiry last year found that both sites under discussion were safe, but the western one "
    "would need longer approach roads through farmland. Residents of the village nearest the chosen "
    "site welcomed the decision, saying lorries would no longer have to pass the primary school. "
    "The national transport agency is expected to contribute a third of the cost once plans are final."
)
# A syndicated copy: the wire's byline and a sign-off added, one word changed.
SYNDICATED = "By our wire staff\n" + STORY.replace("welcomed", "praised") + "\nCopyright the wire service."
OTHER = (
    "Fishermen in the northern harbour staged a protest on Monday against new quotas, blocking the "
    "entrance with their boats for six hours. The ministry said the quotas were needed to protect "
    "stocks and that talks would continue next week with the fishing associations and scientists."
)


@pytest.fixture()
def index():
    return NearDuplicateIndex(Settings())


def test_signature_is_deterministic_bytes(index):
    sig = index.signature(STORY)
    assert isinstance(sig, bytes) and len(sig) == 8 * Settings().minhash_perm
    assert sig == NearDuplicateIndex(Settings()).signature(STORY)  # same across instances (runs)
    assert sig == index.signature(STORY.upper())  # case-folded words


def test_a_syndicated_copy_points_to_its_original(index):
    index.add("story", index.signature(STORY))
    index.add("other", index.signature(OTHER))
    assert index.query(index.signature(SYNDICATED)) == "story"


@pytest.mark.parametrize("text", [
    OTHER,  # a different story
    STORY[: len(STORY) // 2],  # half the story shares too few shingles
    "",
])
def test_different_texts_are_not_duplicates(index, text):
    index.add("story", index.signature(STORY))
    assert index.query(index.signature(text)) is None


def test_the_most_similar_original_wins(index):
    index.add("far", index.signature(STORY + " " + OTHER))
    index.add("near", index.signature(STORY))
    index.add("also-near", index.signature(SYNDICATED))
    assert index.query(index.signature(STORY)) == "near"


def test_rebuilt_from_stored_signatures(index):
    stored = {"story": index.signature(STORY), "other": index.signature(OTHER)}
    fresh = NearDuplicateIndex(Settings())
    for article_id, sig in stored.items():
        fresh.add(article_id, sig)
    assert len(fresh) == 2 and fresh.query(fresh.signature(SYNDICATED)) == "story"


def test_a_signature_of_another_size_is_refused(index):
    with pytest.raises(ValueError, match="minhash_perm"):
        index.add("x", NearDuplicateIndex(Settings(minhash_perm=64)).signature(STORY))


@pytest.mark.parametrize("text,expected", [
    ("One two three four five six", {b"one two three four five", b"two three four five six"}),
    ("Short text here", {b"short text here"}),
    ("", set()),
])
def test_shingles(text, expected):
    assert shingles(text) == expected


def test_stored_originals_are_found_by_their_bands_in_the_store(tmp_path):
    from conftest import make_article

    from dateline.store import Store

    with Store(tmp_path / "s.db") as store:
        index = NearDuplicateIndex(Settings(), stored=store)
        story, other = make_article(STORY), make_article(OTHER)
        store.add_article(other, signature=index.signature(OTHER))
        store.add_article(story, signature=index.signature(STORY))
        assert index.query(index.signature(SYNDICATED)) is None  # not banded yet: nothing is found
        assert index.sync() == 2 and index.sync() == 0  # banded once, up to the newest article
        assert index.query(index.signature(SYNDICATED)) == story.id
        # the same answer as an in-memory index of every stored original
        memory = NearDuplicateIndex(Settings())
        for article_id, sig in store.signatures():
            memory.add(article_id, sig)
        for text in (SYNDICATED, OTHER, STORY[: len(STORY) // 2]):
            assert index.query(index.signature(text)) == memory.query(memory.signature(text))
        # another band layout (another minhash_perm) bands every original again
        assert NearDuplicateIndex(Settings(near_duplicate_threshold=0.5), stored=store).sync() == 2
