"""The trimmed ``endpoints.json`` the app gives botocore (``infra/botocore_data.py``)."""

from __future__ import annotations

import json

from chalicelib.adapters.aws import DATA_PATH, SERVICES, botocore_session
from infra import botocore_data


def test_the_shipped_copy_is_the_installed_botocores_trimmed() -> None:
    shipped = json.loads((DATA_PATH / "endpoints.json").read_text())
    assert shipped == botocore_data.trimmed(botocore_data.installed()), (
        "botocore changed: run .venv/bin/python -m infra.botocore_data"
    )


def test_every_partition_keeps_its_regions_and_only_our_services() -> None:
    full, shipped = botocore_data.installed(), botocore_data.trimmed(botocore_data.installed())
    assert [p["regions"] for p in shipped["partitions"]] == [
        p["regions"] for p in full["partitions"]
    ]
    listed = {s for p in full["partitions"] for s in p["services"]}
    kept = {s for p in shipped["partitions"] for s in p["services"]}
    assert kept == listed & set(SERVICES)  # the newest (scheduler) are in rule sets only
    assert {"dynamodb", "s3", "sns"} <= kept


def test_botocore_reads_the_trimmed_copy_and_still_resolves_our_clients() -> None:
    session = botocore_session()
    loaded = {s for p in session.get_data("endpoints")["partitions"] for s in p["services"]}
    assert loaded <= set(SERVICES)  # moto, in-process here, may add endpoints of its own
    for service in SERVICES:
        made = session.create_client(
            service, region_name="eu-west-3", aws_access_key_id="x", aws_secret_access_key="x"
        )
        assert made.meta.region_name == "eu-west-3"
        assert (
            made.meta.endpoint_url.startswith("https://") or "127.0.0.1" in made.meta.endpoint_url
        )
