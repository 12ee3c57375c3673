"""The official OCDS 1.1.5 schemas (``../shared/ocds-1.1.5/``), offline: the packages' ``$ref``
to the release schema's URL resolves to the local file, never the network."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import ocdsmerge
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "ocds-1.1.5"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


@cache
def validator(name: str) -> Draft4Validator:
    release = Resource.from_contents(_load("release-schema.json"), default_specification=DRAFT4)
    registry: Registry = Registry().with_resource(RELEASE_URL, release)
    return Draft4Validator(_load(name), registry=registry, format_checker=FormatChecker())


def problems(name: str, document: dict[str, Any]) -> list[str]:
    """Every way ``document`` breaks the official schema ``name``, with where."""
    found = validator(name).iter_errors(document)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def compiled(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The reference merge of ``releases``, with the official schema's merge rules."""
    merger = ocdsmerge.Merger(schema=str(SCHEMAS / "release-schema.json"))
    result: dict[str, Any] = merger.create_compiled_release(releases)
    return result
