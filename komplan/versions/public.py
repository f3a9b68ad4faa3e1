"""The public page of a plan's published version and its downloads, for anyone with the link.

A plan's public address holds a 256-bit random token and nothing else: no login, no plan id.
A revoked or unknown token is the same 404, and so is a plan that has an address but no
published version. The page always shows the latest published snapshot, never the live plan,
in the plan's language whatever the visitor's; it is standalone (no site navigation, forms or
scripts), and every answer asks search engines to stay out and browsers to check back before
reusing it, so a revocation takes effect at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_safe

from komplan.exports.exports import build, download_links
from komplan.exports.views import attachment
from komplan.plans import schema
from komplan.versions.document import screen_document
from komplan.versions.models import Publication, Snapshot
from komplan.versions.services import published_snapshot

__all__ = ["plan_download", "plan_language", "plan_page"]

# A published snapshot never changes, so its files are kept once made: a shared link must not
# make the server lay out the PDF of a large plan for every visitor.
FILE_CACHE_SECONDS = 3600


def plan_language(data: Mapping[str, Any]) -> str:
    """The Django language code of the plan JSON's language ("sv", "da", "nb", "en")."""
    language = str(data["plan"].get("language") or "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _published(token: str) -> Snapshot:
    """The latest published snapshot behind a live public address; 404 otherwise."""
    publication = (
        Publication.objects.select_related("plan").filter(token=token, revoked_at=None).first()
    )
    # The unique index finds the row; comparing in constant time as well costs nothing.
    if publication is None or not secrets.compare_digest(
        publication.token.encode(), token.encode()
    ):
        raise Http404
    snapshot = published_snapshot(publication.plan)
    if snapshot is None:
        raise Http404
    return snapshot


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    # Public, but always revalidated: a revoked address stops answering at once.
    response["Cache-Control"] = "no-cache"
    return response


def _download_links(token: str, data: Mapping[str, Any]) -> list[dict[str, str]]:
    """The files of the version, with sizes estimated from its registers (call in the plan's
    language)."""
    counts = {r.slug: len(data.get(r.slug) or []) for r in schema.REGISTERS}
    return download_links(
        counts, lambda fmt: reverse("public:download", args=[token, fmt]), in_request=True
    )


@require_safe
def plan_page(request: HttpRequest, token: str) -> HttpResponse:
    """The published version as a page to read, in the plan's language."""
    snapshot = _published(token)
    data = snapshot.data
    language = plan_language(data)
    with override(language):
        context = {
            "language": language,
            "snapshot": snapshot,
            "doc": screen_document(data),
            "links": _download_links(token, data),
        }
        response = render(request, "versions/public.html", context)
    # LocaleMiddleware would otherwise name the visitor's language.
    response["Content-Language"] = language
    return _public(response)


def _without_ids(data: Mapping[str, Any]) -> dict[str, Any]:
    """The plan JSON without the entries' database ids: they serve comparing versions inside
    komplan and tell an outsider nothing they need."""
    lists = {register.slug for register in schema.REGISTERS}
    return {
        key: [{k: v for k, v in entry.items() if k != "id"} for entry in value]
        if key in lists
        else value
        for key, value in data.items()
    }


@require_safe
def plan_download(request: HttpRequest, token: str, format: str) -> HttpResponse:
    """The published version as a file; the URL converter admits known formats only."""
    snapshot = _published(token)
    key = _file_key(snapshot.pk, format)
    exported = cache.get(key)
    if exported is None:
        exported = build(_without_ids(snapshot.data), format, in_request=True)
        cache.set(key, exported, timeout=FILE_CACHE_SECONDS)
    return _public(attachment(exported))


def _file_key(snapshot_id: int, fmt: str) -> str:
    return f"komplan:public-file:{snapshot_id}:{fmt}"


def forget_public_files(snapshot_ids: list[int]) -> None:
    """Drop the cached public files of these frozen versions (their data was rewritten: a
    person erased), so that the next download is made from the data as it is now."""
    from komplan.exports.exports import FORMATS

    cache.delete_many([_file_key(pk, fmt) for pk in snapshot_ids for fmt in FORMATS])
