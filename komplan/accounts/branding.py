"""An organisation's graphic profile in komplan: its accent colour and its logo.

The accent colour replaces Designsystemet's accent (buttons, links, the current tab) on the
organisation's pages, through a small stylesheet (`brand_css`) that the Content-Security-
Policy allows as 'self': no inline style. Text on the accent is white and links in the
accent stand on white, so the colour must give at least 4.5:1 against white (WCAG 2.1 AA,
1.4.3). The logo is an uploaded picture and so untrusted: Pillow reads it, it must be a PNG
or JPEG within size limits, and komplan keeps only its own re-encoded PNG of it.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# The text komplan writes on the accent colour (Designsystemet's base-contrast-default).
TEXT_ON_ACCENT = "#ffffff"
MINIMUM_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 4000  # pixels of the uploaded picture, before komplan reads its pixels
LOGO_BOX = (480, 96)  # what komplan keeps: fits the header at twice its size
LOGO_FORMATS = {"PNG", "JPEG"}


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two `#rrggbb` colours, 1 to 21, whichever order.

    Written out because it is the standard's two-line formula; no library is needed."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, e.g. #0062BA."), code="format"
        )
    ratio = contrast_ratio(value, TEXT_ON_ACCENT)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "%(colour)s gives only %(ratio)s:1 against the white text written on it; "
                "choose a darker colour that gives at least 4.5:1."
            ),
            code="contrast",
            params={"colour": value, "ratio": number_format(ratio, 1, use_l10n=True)},
        )


def shade(colour: str, black: float) -> str:
    """`colour` mixed with `black` (0 to 1) parts of black: darker, so still readable."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - black)):02x}" for c in channels)


def brand_css(accent: str) -> str:
    """The stylesheet that gives the organisation's pages its accent colour; nothing for a
    value that is not a `#rrggbb` colour (the model's validator is not run on every save)."""
    if not HEX_COLOUR.match(accent):
        return ""
    accent = accent.lower()
    return (
        ':root, [data-color-scheme], [data-color="accent"] {\n'
        f"  --ds-color-accent-base-default: {accent};\n"
        f"  --ds-color-accent-base-hover: {shade(accent, 0.18)};\n"
        f"  --ds-color-accent-base-active: {shade(accent, 0.32)};\n"
        f"  --ds-color-accent-base-contrast-default: {TEXT_ON_ACCENT};\n"
        f"  --ds-color-accent-text-subtle: {accent};\n"
        f"  --ds-color-accent-border-strong: {accent};\n"
        f"  --ds-color-accent-border-default: {accent};\n"
        f"  --ds-color-accent-surface-tinted: color-mix(in srgb, {accent} 14%, #ffffff);\n"
        f"  --ds-color-accent-surface-hover: color-mix(in srgb, {accent} 22%, #ffffff);\n"
        f"  --ds-color-accent-surface-active: color-mix(in srgb, {accent} 30%, #ffffff);\n"
        f"  --ds-color-accent-background-tinted: color-mix(in srgb, {accent} 6%, #ffffff);\n"
        "}\n"
    )


def clean_logo(upload: Any) -> ContentFile[bytes]:
    """The uploaded logo as komplan keeps it: a PNG re-encoded from the picture's pixels (no
    metadata, nothing but pixels survives), scaled down to fit LOGO_BOX. Raises
    ValidationError saying what is wrong with the file."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s kB; a logo may be at most %(limit)s kB."),
            code="size",
            params={"size": upload.size // 1024, "limit": LOGO_MAX_BYTES // 1024},
        )
    not_a_picture = ValidationError(_("The file is not a PNG or JPEG picture."), code="format")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise not_a_picture
            width, height = image.size
            if max(width, height) > LOGO_MAX_SIDE:
                raise ValidationError(
                    _(
                        "The picture is %(width)d×%(height)d pixels; a logo may be at most "
                        "%(limit)d pixels wide and high."
                    ),
                    code="dimensions",
                    params={"width": width, "height": height, "limit": LOGO_MAX_SIDE},
                )
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_picture from None
    picture.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    content = out.getvalue()
    name = f"logo-{hashlib.sha256(content).hexdigest()[:16]}.png"
    return ContentFile(content, name=name)


def brand_version(accent: str, logo_name: str) -> str:
    """A short fingerprint of the graphic profile, for cache-busting addresses."""
    return hashlib.sha256(f"{accent}|{logo_name}".encode()).hexdigest()[:10]
