"""Create an admin account on a deployed stage:
``make admin STAGE=prod EMAIL=ops@walima.ma PHONE=0612345678``.

Admins are never signed up over the API. An operator runs this with AWS credentials for the
stage's account (the usual ``AWS_PROFILE`` / ``AWS_REGION``); it writes only the account and
its two login items, through the same repository the app uses. The password is read twice
from the terminal (or once from standard input when it is piped), never from the command line,
so it stays out of shell history, and it must pass the same strength check as everyone's.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".chalice" / "config.json"


def table_prefix(stage: str) -> str:
    """The stage's table prefix, as ``.chalice/config.json`` gives it to the Lambda."""
    stages = json.loads(CONFIG.read_text())["stages"]
    if stage not in stages:
        raise SystemExit(f"no stage {stage!r} in .chalice/config.json ({', '.join(stages)})")
    return str(stages[stage]["environment_variables"]["WALIMA_TABLE_PREFIX"])


def read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New admin's password: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("the two passwords differ: nothing was created")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True, help="local, dev or prod")
    parser.add_argument("--email", required=True)
    parser.add_argument("--phone", required=True, help="a Moroccan mobile, e.g. 0612345678")
    args = parser.parse_args(argv)
    os.environ["WALIMA_TABLE_PREFIX"] = table_prefix(args.stage)  # before the models load

    from chalicelib.adapters.accounts import AccountRepository
    from chalicelib.commands import NEW_PASSWORD_LENGTH, normalise_phone
    from chalicelib.domain.errors import Conflict, InvalidInput
    from chalicelib.services.accounts import check_new_password, create_admin

    try:
        phone = normalise_phone(args.phone)
    except ValueError:
        print(f"not a mobile phone number: {args.phone}", file=sys.stderr)
        return 2
    password = read_password()
    if len(password) < NEW_PASSWORD_LENGTH:
        print(f"refused: at least {NEW_PASSWORD_LENGTH} characters", file=sys.stderr)
        return 1
    try:
        check_new_password(password, (args.email, phone, "walima admin"), "password")
        admin = create_admin(AccountRepository(), args.email, phone, password, datetime.now(UTC))
    except (InvalidInput, Conflict) as refused:
        print(f"refused: {refused.message}; nothing was created", file=sys.stderr)
        return 1
    print(f"admin {admin.email} created on {args.stage} (account {admin.id})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
