"""``make admin``: the production command that creates an admin, run against moto."""

from __future__ import annotations

import io

import pytest

from chalicelib.commands import LogIn
from chalicelib.domain.account import Role
from chalicelib.entrypoints import create_admin
from chalicelib.services import sessions
from chalicelib.services.deps import Deps
from tests.functional.helpers import SOURCE


def run(monkeypatch: pytest.MonkeyPatch, password: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))  # piped, as in a script
    return create_admin.main(["--stage", "local", *args])


def test_it_creates_an_admin_who_can_log_in(
    deps: Deps, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("--email", "Ops@Walima.ma", "--phone", "0612000999")
    assert run(monkeypatch, "dunes of tafraout at noon", *argv) == 0
    assert "admin ops@walima.ma created on local" in capsys.readouterr().out
    session = sessions.log_in(
        deps, LogIn(login="+212612000999", password="dunes of tafraout at noon"), SOURCE
    )
    assert session.account.role is Role.ADMIN
    assert run(monkeypatch, "dunes of tafraout at noon", *argv) == 1  # the e-mail is taken
    assert "already exists" in capsys.readouterr().err


def test_it_refuses_a_weak_password_or_a_wrong_phone(
    deps: Deps, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(monkeypatch, "walimaadmin1", "--email", "weak@walima.ma", "--phone", "0612000998") == 1
    )
    assert "too easy to guess" in capsys.readouterr().err
    assert run(monkeypatch, "short", "--email", "weak@walima.ma", "--phone", "0612000998") == 1
    assert (
        run(monkeypatch, "dunes of tafraout at noon", "--email", "x@walima.ma", "--phone", "12")
        == 2
    )
    assert deps.accounts.credentials("weak@walima.ma") is None
    with pytest.raises(SystemExit):
        create_admin.main(["--stage", "staging", "--email", "a@b.ma", "--phone", "0612000997"])
