"""Channels from prose: the "suggested channels" sentence of a briefing as a short list of real
channels, and one key per channel however it is written.

    "APT, intranätet (nyhet på startsidan) samt metod- och kommunikationsstöd vid behov"
    -> [("APT", ""), ("intranätet", "nyhet på startsidan"), ("metod- och kommunikationsstöd", "")]

Split at commas, semicolons, and "och"/"samt"/"og"/"and"/"eller"/"or" — never inside
parentheses, and not after a word cut with a hyphen ("metod- och kommunikationsstöd" is one
channel). Filler ("löpande", "vid behov", "eller dylikt", "exempelvis", "t.ex.") is dropped;
what a parenthesis says about the channel is kept as its note. `channel_key` gives
"Intranät", "intranätet" and "Intranett" one key, and "e-post", "mejl" and "mail" another, so
a plan's channel is found whatever the file calls it. Pure; sv, da, nb, en.

By hand: this is komplan's domain vocabulary (what Nordic communicators call their channels),
which no library holds.
"""

from __future__ import annotations

import re

from komplan.imports.importers.draft import fold

__all__ = ["channel_key", "split_channels"]

# Filler: words that say how or when, not which channel. Matched on whole words, anywhere.
_FILLER = re.compile(
    r"""\b(?:
        (?:eller|och|el\.?|og|or|and)\s+(?:liknande|lignende|dylikt|lign\.?|similar)(?:\s+kanaler)?
        |med\s+mera|med\s+flere|og\s+så\s+videre
        |löpande|vid\s+behov|efter\s+behov|eller\s+dylikt|o\.?\s?dyl\.?|m\.?\s?m\.?|osv\.?|etc\.?
        |bl\.?\s?a\.?|t\.?\s?ex\.?|exempelvis|till\s+exempel|eventuellt|ev\.
        |løbende|ved\s+behov|efter\s+behov|f\.?\s?eks\.?|for\s+eksempel|eksempelvis|evt\.?
        |løpende|m\.?\s?v\.?|o\.?\s?l\.?|eventuelt
        |ongoing|as\s+needed|when\s+needed|if\s+needed|e\.?\s?g\.?|for\s+example|such\s+as
        |and\s+so\s+on|or\s+similar|possibly
    )(?=\W|$)""",
    re.IGNORECASE | re.VERBOSE,
)
_LIST = re.compile(r"\s*[,;\n]\s*")
# A conjunction between two channels; not after a hyphenated first part ("metod- och …").
_AND = re.compile(r"(?<!-)\s+(?:och|samt|og|and|eller|or|&)\s+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-–—•·*▪◦●○]|\d{1,2}[.)])\s*")
_PAREN = re.compile(r"\(([^()]*)\)")
# A preposition or article before a channel's name: "på APT", "via intranätet", "the website".
_LEADING = re.compile(
    r"^(?:på|via|i|genom|gennem|gjennom|through|on|in|at|by|the|en|ett|et|ei|a|an)\s+(?=\S)",
    re.IGNORECASE,
)

# One key for the names of the usual channels, whatever the language or form.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": ("e post", "epost", "e postutskick", "mejl", "mail", "e mail", "email", "mejlutskick"),
    "intranet": ("intranat", "intranatet", "intranett", "intranettet", "intranet", "intranettet"),
    "website": (
        "hemsida", "hemsidan", "webbplats", "webbplatsen", "kommunens webb", "kommunens webbplats",
        "kommunens hemsida", "webben", "hjemmeside", "hjemmesiden", "nettsted", "nettstedet",
        "nettside", "nettsiden", "website", "web site", "the website", "kommunens hjemmeside",
        "kommunens nettside", "kommunens nettsted", "kommunens nettsider", "council website",
        "municipal website", "municipality s website",
    ),
    "apt": (
        "apt", "arbetsplatstraff", "arbetsplatstraffar", "arbetsplatstraffen", "personalmote",
        "personalmoten", "personalemode", "personalemoder", "personalmoter", "staff meeting",
        "staff meetings",
    ),
    "newsletter": ("nyhetsbrev", "nyhetsbrevet", "nyhedsbrev", "nyhedsbrevet", "newsletter"),
}  # fmt: skip
_BY_NAME = {variant: key for key, variants in _SYNONYMS.items() for variant in variants}
# Definite and plural endings of the Nordic languages, longest first.
# The indefinite plurals too, so that "Chefsträffar" and "Chefsträffarna" meet.
_ENDINGS = ("arna", "erna", "orna", "ene", "erne", "arne", "en", "et", "na", "ne", "ar", "er",
            "or", "n")  # fmt: skip


def channel_key(name: str) -> str:
    """The key a channel is matched by: a synonym's key, else the folded name without its
    definite ending ("Chefsträffarna" and "chefsträffar" meet)."""
    folded = fold(name)
    if folded in _BY_NAME:
        return _BY_NAME[folded]
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 5:
            return folded[: -len(ending)]
    return folded


def split_channels(text: str) -> list[tuple[str, str]]:
    """The channels a sentence names, each as (name, note), in order, each once by its key."""
    notes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        notes.append(match.group(1).strip())
        return f"\x00{len(notes) - 1}\x00"

    text = _PAREN.sub(keep, str(text))  # no splitting inside parentheses
    # Filler first: "eller dylikt" would otherwise be split at "eller" into a channel "dylikt".
    text = _FILLER.sub(" ", text)
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for piece in _LIST.split(text):
        for part in _AND.split(piece):
            note = " ".join(notes[int(n)] for n in re.findall(r"\x00(\d+)\x00", part))
            name = re.sub(r"\x00\d+\x00", " ", part)
            name = _FILLER.sub(" ", _BULLET.sub("", name))
            name = " ".join(name.split()).strip(" .:–-")
            name = _LEADING.sub("", name)
            note = _FILLER.sub(" ", note).strip(" .,;:")
            key = channel_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            found.append((name[:1].upper() + name[1:], " ".join(note.split())))
    return found
