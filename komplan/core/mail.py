"""The emails komplan writes itself (a digest, a survey's invitation): plain text and HTML
from three templates, in the reader's language, marked `Auto-Submitted: auto-generated`
(RFC 3834: no auto-replies)."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def templated_email(
    templates: str,
    context: dict[str, Any],
    *,
    to: str,
    language: str,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The email to `to` written by `<templates>_subject.txt`, `<templates>.txt` and
    `<templates>.html` in `language` (the templates see it as `language`); `headers` are
    added to the automatic ones."""
    context = {**context, "language": language}
    with translation.override(language):
        subject = render_to_string(f"{templates}_subject.txt", context).strip()
        text = render_to_string(f"{templates}.txt", context)
        html = render_to_string(f"{templates}.html", context)
    email = EmailMultiAlternatives(
        subject,
        text,
        to=[to],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
            **(headers or {}),
        },
    )
    email.attach_alternative(html, "text/html")
    return email
