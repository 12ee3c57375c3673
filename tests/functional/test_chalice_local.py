"""``chalice local`` is refused with a pointer to ``make run`` (it would serve the app against
real AWS, with no tables, scheduler or demo data), with or without its auto-reloader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHALICE = Path(sys.executable).with_name("chalice")


@pytest.mark.parametrize("reloading", [True, False], ids=["autoreload", "no-autoreload"])
def test_chalice_local_points_to_make_run(reloading: bool) -> None:
    flags = [] if reloading else ["--no-autoreload"]
    done = subprocess.run(
        [str(CHALICE), "--project-dir", str(PROJECT), "local", "--port", "0", *flags],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "`make run`" in done.stderr
    assert "chalice local is not supported" in done.stderr
    if not reloading:
        assert done.returncode == 2  # with the reloader, chalice's parent process answers 0


def test_only_the_local_command_is_refused() -> None:
    import app

    chalice = str(CHALICE)
    assert app.chalice_command([chalice, "--project-dir", "local", "package", "out"]) == "package"
    assert app.chalice_command([chalice, "package", "--stage", "local", "out"]) == "package"
    assert app.chalice_command([chalice, "--debug", "local", "--port", "0"]) == "local"
    assert app.chalice_command(["pytest", "local"]) is None
