"""The Designsystemet CSS kept under komplan/static/vendor/ is what `make vendor` makes from
the npm packages the lock file pins: nobody edits the copy by hand, and a version bump in
package-lock.json without `make vendor` fails."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from komplan.core import vendor

pytestmark = pytest.mark.skipif(
    not (vendor.NODE_MODULES / "@digdir").is_dir()
    and os.environ.get("KOMPLAN_REQUIRE_BROWSER") != "1",
    reason="node_modules is absent (make node); CI installs it and runs this test",
)


def test_the_kept_copy_is_what_make_vendor_makes_from_node_modules() -> None:
    assert vendor.differences() == []


def test_the_kept_copy_names_the_versions_the_lock_file_pins() -> None:
    lock = json.loads((vendor.ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for package, _source, name in vendor.FILES:
        if not name.endswith(".css"):
            continue
        version = lock["packages"][f"node_modules/{package}"]["version"]
        head = (vendor.VENDOR / name).read_text(encoding="utf-8")[:300]
        assert f"{package}@{version}" in head


def test_an_edited_copy_fails_the_check(tmp_path: Path) -> None:
    copy = tmp_path / "designsystemet"
    shutil.copytree(vendor.VENDOR, copy)
    (copy / "theme.css").write_text("/* edited by hand */", encoding="utf-8")
    (copy / "extra.css").write_text("", encoding="utf-8")
    assert vendor.differences(vendor=copy) == [
        "extra.css: not made by `make vendor`",
        "theme.css: differs from node_modules",
    ]
    vendor.write(vendor=copy)
    assert vendor.differences(vendor=copy) == []
