"""An organisation's graphic profile: an accent colour that keeps WCAG AA contrast, and a
logo that komplan checks and re-encodes before it shows it in the header."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from komplan.accounts import branding
from komplan.accounts.models import Organization

hex_colours = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)


# --- the contrast function ------------------------------------------------------------------


def test_black_on_white_is_21_to_1_and_a_colour_on_itself_1_to_1() -> None:
    assert branding.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert branding.contrast_ratio("#0062ba", "#0062BA") == pytest.approx(1)


def test_known_ratios_from_the_wcag_tools() -> None:
    # Values WebAIM's contrast checker gives for these pairs.
    assert branding.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert branding.contrast_ratio("#0000ff", "#ffffff") == pytest.approx(8.59, abs=0.01)
    assert branding.contrast_ratio("#ff0000", "#ffffff") == pytest.approx(4.0, abs=0.01)


@given(hex_colours, hex_colours)
def test_the_ratio_is_symmetric_and_between_1_and_21(first: str, second: str) -> None:
    ratio = branding.contrast_ratio(first, second)
    assert ratio == pytest.approx(branding.contrast_ratio(second, first))
    assert 1 - 1e-9 <= ratio <= 21 + 1e-9


@given(hex_colours, st.floats(min_value=0, max_value=1))
def test_a_shade_never_reads_worse_against_white(colour: str, black: float) -> None:
    darker = branding.shade(colour, black)
    assert branding.HEX_COLOUR.match(darker)
    assert (
        branding.contrast_ratio(darker, "#ffffff")
        >= branding.contrast_ratio(colour, "#ffffff") - 1e-9
    )


@given(hex_colours)
def test_the_validator_accepts_exactly_the_colours_with_4_5_to_1(colour: str) -> None:
    readable = branding.contrast_ratio(colour, branding.TEXT_ON_ACCENT) >= 4.5
    try:
        branding.validate_accent_colour(colour)
    except ValidationError:
        assert not readable
    else:
        assert readable


def test_the_validator_says_what_is_wrong() -> None:
    with pytest.raises(ValidationError) as light:
        branding.validate_accent_colour("#77aaff")
    assert light.value.code == "contrast"
    with pytest.raises(ValidationError) as word:
        branding.validate_accent_colour("blue")
    assert word.value.code == "format"
    branding.validate_accent_colour("#0062BA")


def test_the_stylesheet_never_carries_anything_but_a_colour() -> None:
    assert branding.brand_css("#1e6b36}body{display:none") == ""
    assert "--ds-color-accent-base-default: #1e6b36;" in branding.brand_css("#1E6B36")


# --- the settings screen --------------------------------------------------------------------


def png(size: tuple[int, int] = (200, 60), colour: str = "#0062ba", fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def settings_post(client: Any, organization: Organization, **data: Any) -> Any:
    fields = {"season_system": organization.season_system, "accent_color": "", **data}
    return client.post(f"/orgs/{organization.slug}/settings/", fields, HTTP_ACCEPT_LANGUAGE="sv")


@pytest.mark.django_db
def test_a_light_accent_is_refused_with_the_field_named(
    admin_client_: Any, organization: Organization
) -> None:
    response = settings_post(admin_client_, organization, accent_color="#77AAFF")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Accentfärg: #77AAFF ger bara 2,3:1 mot den vita text" in page
    organization.refresh_from_db()
    assert organization.accent_color == ""


@pytest.mark.django_db
def test_a_readable_accent_colours_the_organisations_pages(
    admin_client_: Any, organization: Organization, plan: Any
) -> None:
    response = settings_post(admin_client_, organization, accent_color="#1E6B36")
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.accent_color == "#1E6B36"
    page = admin_client_.get(f"/plans/{plan.pk}/").content.decode()
    address = f"/orgs/{organization.slug}/brand.css?v={organization.brand_version}"
    assert address in page
    css = admin_client_.get(address)
    assert css["Content-Type"].startswith("text/css")
    assert "--ds-color-accent-base-default: #1e6b36;" in css.content.decode()
    assert "max-age=31536000" in css["Cache-Control"]


@pytest.mark.django_db
def test_an_outsider_gets_neither_the_stylesheet_nor_the_logo(
    outsider_client: Any, organization: Organization
) -> None:
    Organization.objects.filter(pk=organization.pk).update(accent_color="#1e6b36")
    assert outsider_client.get(f"/orgs/{organization.slug}/brand.css").status_code == 404
    assert outsider_client.get(f"/orgs/{organization.slug}/logo.png").status_code == 404


@pytest.mark.django_db
def test_an_editor_may_not_change_the_profile(
    editor_client: Any, organization: Organization
) -> None:
    assert settings_post(editor_client, organization, accent_color="#1E6B36").status_code == 403


@pytest.mark.django_db
def test_a_file_that_is_not_a_picture_is_refused_with_the_field_named(
    admin_client_: Any, organization: Organization
) -> None:
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = settings_post(admin_client_, organization, logo=fake)
    assert response.status_code == 200
    assert "Logotyp: Filen är inte en PNG- eller JPEG-bild." in response.content.decode()
    organization.refresh_from_db()
    assert not organization.logo


@pytest.mark.django_db
def test_a_gif_is_refused(admin_client_: Any, organization: Organization) -> None:
    gif = SimpleUploadedFile("logo.gif", png(fmt="GIF"), content_type="image/gif")
    response = settings_post(admin_client_, organization, logo=gif)
    assert "Logotyp: Filen är inte en PNG- eller JPEG-bild." in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_file_is_refused_with_the_field_named(
    admin_client_: Any, organization: Organization
) -> None:
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (branding.LOGO_MAX_BYTES + 1))
    response = settings_post(admin_client_, organization, logo=big)
    assert response.status_code == 200
    assert "Logotyp: Filen är på 1024 kB; en logotyp får vara högst 1024 kB." in (
        response.content.decode()
    )
    organization.refresh_from_db()
    assert not organization.logo


@pytest.mark.django_db
def test_a_picture_too_many_pixels_wide_is_refused(
    admin_client_: Any, organization: Organization
) -> None:
    wide = SimpleUploadedFile("logo.png", png(size=(5000, 10)))
    response = settings_post(admin_client_, organization, logo=wide)
    assert "Logotyp: Bilden är 5000×10 pixlar" in response.content.decode()


@pytest.mark.django_db
def test_a_logo_is_re_encoded_shown_in_the_header_and_removable(
    admin_client_: Any,
    organization: Organization,
    plan: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    upload = SimpleUploadedFile("logo.jpg", png(size=(1200, 300), fmt="JPEG"))
    assert settings_post(admin_client_, organization, logo=upload).status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name.endswith(".png")
    with Image.open(organization.logo.open("rb")) as kept:
        assert kept.format == "PNG"
        assert kept.size[0] <= branding.LOGO_BOX[0] and kept.size[1] <= branding.LOGO_BOX[1]
    page = admin_client_.get(f"/plans/{plan.pk}/").content.decode()
    address = f"/orgs/{organization.slug}/logo.png?v={organization.brand_version}"
    assert f'class="brand-logo" src="{address}" alt="{organization.name}"' in page
    served = admin_client_.get(address)
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    stored = organization.logo.path

    with django_capture_on_commit_callbacks(execute=True):
        settings_post(admin_client_, organization, remove_logo="on")
    organization.refresh_from_db()
    assert not organization.logo
    assert "brand-logo" not in admin_client_.get(f"/plans/{plan.pk}/").content.decode()
    assert not Path(stored).exists()
