"""The hashed lock files agree with the pins they were written from (``make lock``)."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: str) -> dict[str, str]:
    lines = (PROJECT / path).read_text().splitlines()
    found = (PIN.match(line) for line in lines)
    return {canonical(m[1]): m[2] for m in found if m}


def test_every_direct_pin_is_locked_at_its_version() -> None:
    for source, lock in (
        ("requirements.in", "requirements.txt"),
        ("requirements-dev.in", "requirements-dev.txt"),
    ):
        locked = pins(lock)
        for name, version in pins(source).items():
            assert locked.get(name) == version, f"{name} in {source}: run make lock"


def test_the_lambdas_lock_is_the_dev_locks_versions() -> None:
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert runtime
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_locked_package_carries_its_hashes() -> None:
    for lock in ("requirements.txt", "requirements-dev.txt"):
        entries = re.split(r"\n(?=[A-Za-z0-9])", (PROJECT / lock).read_text())
        for entry in entries:
            if PIN.match(entry):
                assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_the_project_metadata_takes_its_dependencies_from_the_runtime_pins() -> None:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())
    assert project["project"]["dynamic"] == ["dependencies"]
    declared = project["tool"]["setuptools"]["dynamic"]["dependencies"]["file"]
    assert declared == ["requirements.in"]
    lines = (PROJECT / "requirements.in").read_text().splitlines()
    requirements = [Requirement(line) for line in lines if line and not line.startswith("#")]
    assert {canonical(r.name) for r in requirements} == set(pins("requirements.in"))
