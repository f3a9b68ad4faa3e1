from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import settings as hypothesis_settings

from komplan.accounts.models import Role
from tests.factories import PASSWORD, fill_plan, make_member, make_organization, make_plan

# A shared 2-core CI machine running two test workers makes wall-clock deadlines flaky;
# hypothesis still bounds each test by its number of examples.
hypothesis_settings.register_profile("komplan", deadline=None)
hypothesis_settings.load_profile("komplan")


def pytest_configure(config: pytest.Config) -> None:
    # MD5 makes the suite several times faster; never used outside tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages name their static files unhashed, so the live server of the browser tests finds
    # them without collectstatic; tests/test_production.py collects and serves the real thing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Cached results are keyed by content; a fresh cache keeps tests independent anyway.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Uploads (meeting attachments) go to a throwaway folder, never the working directory.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def organization(db: Any) -> Any:
    return make_organization()


@pytest.fixture
def admin_user(organization: Any) -> Any:
    return make_member(organization, "alice", Role.ADMIN)


@pytest.fixture
def editor(organization: Any) -> Any:
    return make_member(organization, "bertil", Role.EDITOR)


@pytest.fixture
def viewer(organization: Any) -> Any:
    return make_member(organization, "cecilia", Role.VIEWER)


@pytest.fixture
def outsider(db: Any) -> Any:
    other = make_organization("Västby kommun", "vastby")
    return make_member(other, "olle", Role.ADMIN)


@pytest.fixture
def plan(organization: Any) -> Any:
    return make_plan(organization)


@pytest.fixture
def entries(plan: Any) -> dict[str, Any]:
    return fill_plan(plan)


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_client_(admin_user: Any) -> Client:
    return login(admin_user)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    return login(editor)


@pytest.fixture
def viewer_client(viewer: Any) -> Client:
    return login(viewer)


@pytest.fixture
def outsider_client(outsider: Any) -> Client:
    return login(outsider)


@pytest.fixture
def demo_plan(db: Any) -> Any:
    """The demo plan of Norrviks kommun, as `komplan loaddemo` makes it."""
    from komplan.demo.services import demo_organization_create

    return demo_organization_create()
