"""komplan as it runs in production: with KOMPLAN_DEBUG=0 it serves its own static files
(hashed names, compressed, cached for a year) behind any proxy, and `komplan check --deploy`
is clean with the variables docs/deployment.md lists."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

REPO = Path(__file__).resolve().parents[1]
DEPLOYMENT = REPO / "docs" / "deployment.md"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "komplan.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "komplan.core.static.StaticStorage"},
}
A_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`komplan collectstatic` as a deployment runs it, into a folder of its own."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        # Django admin's files, Django Ninja's API browser (8 MB of scripts and source maps
        # to hash and compress) and django-htmx's htmx 4 and extensions are most of the work
        # and none of the test: komplan's pages link none of them (htmx 2, no extension).
        unused = ["admin", "ninja", "django_htmx/ext/*", "django_htmx/htm*-4*"]
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=unused)
    return root


def max_age(response: Any) -> int:
    found = re.search(r"max-age=(\d+)", response.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


@pytest.mark.slow
@pytest.mark.django_db
def test_with_debug_off_komplan_serves_its_stylesheet_and_htmx_itself(
    collected: Path, settings: Any
) -> None:
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = PRODUCTION_STORAGES
    client = Client()  # a new handler, whose WhiteNoise reads the collected files
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    html = page.content.decode()
    stylesheet = re.search(r'rel="stylesheet" href="(/static/komplan/komplan\.\w{12}\.css)"', html)
    htmx = re.search(r'<script src="(/static/django_htmx/htmx-2\.min\.\w{12}\.js)"', html)
    assert stylesheet and htmx, html[:800]
    for url, kind in ((stylesheet.group(1), "text/css"), (htmx.group(1), "text/javascript")):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(kind), response["Content-Type"]
        assert max_age(response) >= A_YEAR and "immutable" in response["Cache-Control"], url
        assert response["Content-Encoding"] in {"gzip", "br"}
        assert response["Vary"] == "Accept-Encoding"
    # A name the manifest does not know is a 404, not a stale file.
    assert client.get("/static/komplan/komplan.0123456789ab.css").status_code == 404


def documented_environment() -> dict[str, str]:
    """The variables of the production example in docs/deployment.md."""
    block = re.search(r"```sh\n# production\n(.*?)```", DEPLOYMENT.read_text(), re.S)
    assert block, "docs/deployment.md has no ```sh block starting with '# production'"
    pairs = (line.split("=", 1) for line in block.group(1).splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_documented_production_variables_pass_the_deployment_check(tmp_path: Path) -> None:
    env = documented_environment()
    assert env["KOMPLAN_DEBUG"] == "0" and "KOMPLAN_SECRET_KEY" in env
    env["KOMPLAN_SECRET_KEY"] = secrets.token_urlsafe(50)  # the document says: make one
    env.update(KOMPLAN_DATA_DIR=str(tmp_path), PATH=os.environ["PATH"], HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "komplan.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_the_production_variables_the_check_says_what_is_missing(tmp_path: Path) -> None:
    env = {
        "KOMPLAN_DEBUG": "0",
        "KOMPLAN_SECRET_KEY": secrets.token_urlsafe(50),
        "KOMPLAN_DATA_DIR": str(tmp_path),
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "komplan.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no redirect to HTTPS


@pytest.mark.parametrize(
    ("name", "value"),
    [("KOMPLAN_HSTS_SECONDS", "ett år"), ("KOMPLAN_BEHIND_HTTPS_PROXY", "kanske")],
)
def test_a_mistyped_production_variable_stops_komplan_with_its_name(
    tmp_path: Path, name: str, value: str
) -> None:
    env = {"KOMPLAN_DATA_DIR": str(tmp_path), "PATH": os.environ["PATH"], name: value}
    result = subprocess.run(
        [sys.executable, "-m", "komplan.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert name in result.stderr and repr(value) in result.stderr
