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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_safe

from komplan.exports.documents import in_background
from komplan.exports.exports import FORMATS, download_links
from komplan.versions import downloads
from komplan.versions.document import screen_document
from komplan.versions.models import Publication, Snapshot
from komplan.versions.services import published_snapshot

__all__ = ["plan_download", "plan_language", "plan_page", "plan_progress"]


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
    counts = downloads.register_counts(data)
    links = download_links(counts, lambda fmt: reverse("public:download", args=[token, fmt]))
    for link, fmt in zip(links, FORMATS, strict=True):
        # A file made by a task opens its progress page, which a `download` link would save.
        link["background"] = in_background(fmt, counts)
    return links


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


@require_safe
def plan_download(request: HttpRequest, token: str, format: str) -> HttpResponse:
    """The published version as a file; the URL converter admits known formats only. A
    published snapshot never changes, so its files are kept once made (a shared link must not
    make the server lay out the PDF of a large plan for every visitor); a large one not made
    yet is made by a task while the public progress page waits."""
    snapshot = _published(token)
    progress_url = reverse("public:progress", args=[token, format])
    return _public(downloads.download(snapshot, format, public=True, progress_url=progress_url))


@require_safe
def plan_progress(request: HttpRequest, token: str, format: str) -> HttpResponse:
    """How far the published version's file is, in the plan's language; standalone and
    without scripts like the public page, so it reloads itself until the file is ready."""
    snapshot = _published(token)
    language = plan_language(snapshot.data)
    with override(language):
        context = {
            "language": language,
            "snapshot": snapshot,
            "title": snapshot.data["plan"].get("name") or "",
            "page_url": reverse("public:plan", args=[token]),
            **downloads.progress(
                request,
                snapshot,
                format,
                public=True,
                download_url=reverse("public:download", args=[token, format]),
                progress_url=reverse("public:progress", args=[token, format]),
            ),
        }
        response = render(request, "versions/public_progress.html", context)
    response["Content-Language"] = language
    response = _public(response)
    response["Cache-Control"] = "no-store"
    return response


def forget_public_files(snapshot_ids: list[int]) -> None:
    """Forget the kept files of these frozen versions (their data was rewritten: a person
    erased), so that the next download is made from the data as it is now."""
    downloads.forget(snapshot_ids)
