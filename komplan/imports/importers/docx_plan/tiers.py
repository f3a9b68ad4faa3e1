"""The priority tiers a plan names, as the group table, the definitions under "Målgrupper"
and the message headings meet them: one list, in the order they first appear.

A tier is keyed by its slot ("core", "primary", "secondary") when its name says which, else
by its folded name; meeting a tier again fills in what was missing (its name, its
definition) and keeps the rest. Typos of the usual words ("Kärntressent") are read as what
they mean (`mapping.read_tier`).
"""

from __future__ import annotations

from komplan.imports.importers.draft import TierDraft, fold
from komplan.imports.importers.mapping import read_tier, tier_slot

__all__ = ["add_tier", "heading_tier", "tier_key"]


def _known(tiers: list[TierDraft]) -> list[tuple[str, str]]:
    return [(tier.key, tier.name) for tier in tiers]


def add_tier(tiers: list[TierDraft], name: str, definition: str, where: str) -> str:
    """The key of the tier called `name`, added to `tiers` unless it is there already."""
    slot = tier_slot(name)
    key = slot or read_tier(name, _known(tiers)) or fold(name)
    for tier in tiers:
        if tier.key == key:
            if definition and not tier.definition:
                tier.definition = definition
            if not tier.name:  # first met in a group's priority: the heading names it
                tier.name = name
            return key
    tiers.append(TierDraft(name, definition, slot, where))
    return key


def tier_key(tiers: list[TierDraft], text: str, where: str) -> str:
    """The tier a group's or message's priority names ("" for none); a recognisable one not
    yet in `tiers` is added, named as komplan names it in the plan's language."""
    key = read_tier(text, _known(tiers))
    if key and not any(t.key == key for t in tiers):
        # "Primärntressent" in a plan that did not define its tiers: the usual tier.
        tiers.append(TierDraft("", "", key, where))
    return key


def heading_tier(tiers: list[TierDraft], title: str, where: str) -> str:
    """The tier a heading under "Budskap" addresses ("4.2 Primärintressenter"): added when the
    heading names one of the usual tiers, else one already known by a similar name, or ""."""
    words = fold(title).split()
    if any(tier_slot(" ".join(words[start:])) for start in range(len(words))):
        return add_tier(tiers, title, "", where)
    return read_tier(title, _known(tiers))
