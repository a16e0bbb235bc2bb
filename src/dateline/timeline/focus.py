"""Which stored entities a reader's name means, in any spelling: the entity focus of a timeline and its filters."""

from __future__ import annotations

from typing import Any

from ..extract.entities import strip_article
from ..extract.names import is_short_form, name_key, name_tokens


def find_entities(store: Any, name: str) -> set[str]:
    """Ids of the entities whose name or an alias matches ``name`` (any spelling)."""
    want_person, want_plain = name_key(name), strip_article(name)
    found = set()
    for eid, data in store.get_objects("entity").items():
        for n in [data["name"], *data["aliases"]]:
            if name_key(n) == want_person or strip_article(n) == want_plain or \
                    is_short_form(name_tokens(name), name_tokens(n)):
                found.add(eid)
                break
    return found
