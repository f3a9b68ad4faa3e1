"""The Designsystemet CSS komplan serves, copied from node_modules into komplan/static/vendor/
so that running komplan needs only Python (docs/design.md says why Designsystemet).

    python -m komplan.core.vendor          # `make vendor`: refresh the kept copy
    python -m komplan.core.vendor --check  # `make vendor-check`: fail if it differs

The copy is the packages' own built files, byte for byte, behind a one-line header naming
the package and version they came from (read from the package's package.json, which the lock
file pins), plus their licences. Written by hand because it is a copy: no bundler is needed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "komplan" / "static" / "vendor" / "designsystemet"

# (package, file in the package, name under VENDOR)
FILES = [
    ("@digdir/designsystemet-css", "dist/src/index.css", "designsystemet.css"),
    ("@digdir/designsystemet-theme", "src/themes/designsystemet.css", "theme.css"),
    ("@digdir/designsystemet-css", "LICENSE", "LICENSE-designsystemet-css.txt"),
    ("@digdir/designsystemet-theme", "LICENSE", "LICENSE-designsystemet-theme.txt"),
]


def built(node_modules: Path = NODE_MODULES) -> dict[str, bytes]:
    """The files the kept copy should hold, by name, as node_modules gives them."""
    result: dict[str, bytes] = {}
    for package, source, name in FILES:
        folder = node_modules / package
        version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
        content = (folder / source).read_bytes()
        if name.endswith(".css"):
            header = f"/* {package}@{version} {source}: copied by `make vendor` */\n"
            # The theme starts with @charset, which must stay the first thing in the file.
            charset = b'@charset "UTF-8";\n'
            if content.startswith(charset):
                content = charset + header.encode() + content[len(charset) :]
            else:
                content = header.encode() + content
        result[name] = content
    return result


def differences(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> list[str]:
    """What differs between the kept copy and what node_modules gives: one line each."""
    expected = built(node_modules)
    found = {p.name: p.read_bytes() for p in vendor.iterdir()} if vendor.is_dir() else {}
    problems = [f"{name}: missing" for name in sorted(expected.keys() - found.keys())]
    problems += [f"{name}: not made by `make vendor`" for name in sorted(found.keys() - expected)]
    problems += [
        f"{name}: differs from node_modules"
        for name in sorted(expected.keys() & found.keys())
        if expected[name] != found[name]
    ]
    return problems


def write(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> None:
    vendor.mkdir(parents=True, exist_ok=True)
    expected = built(node_modules)
    for stale in vendor.iterdir():
        if stale.name not in expected:
            stale.unlink()
    for name, content in expected.items():
        (vendor / name).write_bytes(content)


def main(argv: list[str]) -> int:
    if not (NODE_MODULES / "@digdir").is_dir():
        print("node_modules has no @digdir packages: run `make node` first", file=sys.stderr)
        return 2
    if "--check" in argv:
        problems = differences()
        for problem in problems:
            print(f"komplan/static/vendor/designsystemet/{problem}", file=sys.stderr)
        if problems:
            print("Run `make vendor` and commit the result.", file=sys.stderr)
        return 1 if problems else 0
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
