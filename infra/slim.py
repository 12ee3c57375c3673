"""The deployment zip without what ``chalice package`` vendors and Walima never loads.

``make package`` runs it on ``build/package/deployment.zip`` (in place):

- **botocore's service data** (16 MB zipped, some 400 services): only the services the app
  calls (``aws.SERVICES``) are kept, with botocore's own top-level files;
- **Babel's locale data** (10 MB zipped, 1,000 locales): only the locales Walima formats in
  (``i18n.BABEL_LOCALE``) and the parents Babel merges them with, ``root`` included;
- **fontTools' compiled accelerators** (``*.so`` beside a ``.py`` of the same module: cu2qu,
  qu2cu, bezierTools, the feature-file lexer…): fontTools falls back to the pure-Python module,
  and fpdf2 only subsets a font.

    python -m infra.slim build/package/deployment.zip

``tests/functional/test_package.py`` builds a zip of the same shape from this machine's
packages, slims it, and serves pages in Arabic and French from it in a clean interpreter.
"""

from __future__ import annotations

import argparse
import os
import re
import zipfile
from pathlib import Path

from chalicelib.adapters.aws import SERVICES
from chalicelib.i18n import BABEL_LOCALE

ACCELERATOR = re.compile(r"^(fontTools/.+)\.cpython-[^/]+\.so$")


def babel_locales() -> frozenset[str]:
    """The locales Walima formats in, with every parent Babel loads them over."""
    from babel.core import get_global

    exceptions = get_global("parent_exceptions")
    kept = {"root"}
    for served in BABEL_LOCALE.values():
        locale = served
        while locale:
            kept.add(locale)
            locale = exceptions.get(locale) or locale.rpartition("_")[0]
    return frozenset(kept)


def dropped(name: str, names: frozenset[str], locales: frozenset[str]) -> bool:
    parts = name.split("/")
    if parts[:2] == ["botocore", "data"] and len(parts) > 3:
        return parts[2] not in SERVICES
    if parts[:2] == ["babel", "locale-data"] and name.endswith(".dat"):
        return parts[2].removesuffix(".dat") not in locales
    accelerated = ACCELERATOR.match(name)
    return accelerated is not None and f"{accelerated[1]}.py" in names


def slim(path: Path) -> tuple[int, int]:
    """Rewrite the zip at ``path`` without what is dropped; its size before and after."""
    before = path.stat().st_size
    slimmer = path.with_suffix(".slim")
    locales = babel_locales()
    with zipfile.ZipFile(path) as source:
        names = frozenset(source.namelist())
        with zipfile.ZipFile(slimmer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
            for info in source.infolist():
                if not dropped(info.filename, names, locales):
                    target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED, 9)
    os.replace(slimmer, path)
    return before, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zip", type=Path)
    path = parser.parse_args().zip
    before, after = slim(path)
    print(f"{path}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
