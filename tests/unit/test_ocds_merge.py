"""Walima's compiled release is the reference library's: the merge rules are the official
schema's, and for any releases of a fixed shape (objects, arrays of objects by id, literals,
nulls) ``ocds.compiled`` equals ``ocdsmerge``'s compiled release."""

from __future__ import annotations

from typing import Any

import ocdsmerge.rules
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import ocds
from tests.ocds import SCHEMAS, compiled


def test_the_merge_rules_are_the_official_schema_s() -> None:
    rules = ocdsmerge.rules.get_merge_rules(str(SCHEMAS / "release-schema.json"))
    assert {k for k, v in rules.items() if v == "omitWhenMerged"} == ocds.OMITTED
    assert {k for k, v in rules.items() if v == "wholeListMerge"} == ocds.WHOLE_LISTS


literal = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["a", "b", "ç", ""]))
ids = st.sampled_from(["1", "2", "3"])
reference = st.fixed_dictionaries({"id": ids}, optional={"name": literal})
party = st.fixed_dictionaries(
    {"id": ids}, optional={"name": literal, "roles": st.lists(st.sampled_from(["buyer", "x"]))}
)
transaction = st.fixed_dictionaries(
    {"id": ids}, optional={"value": st.fixed_dictionaries({}, optional={"amount": literal})}
)
contract = st.fixed_dictionaries(
    {"id": ids},
    optional={
        "status": literal,
        "implementation": st.fixed_dictionaries(
            {}, optional={"transactions": st.lists(transaction, max_size=3)}
        ),
    },
)
award = st.fixed_dictionaries(
    {"id": ids}, optional={"status": literal, "suppliers": st.lists(reference, max_size=2)}
)
item = st.fixed_dictionaries({}, optional={"id": ids, "description": literal})
tender = st.fixed_dictionaries(
    {},
    optional={
        "id": literal,
        "status": literal,
        "items": st.lists(item, max_size=3),
        "submissionMethod": st.lists(st.sampled_from(["electronicSubmission", "x"])),
        "tenderPeriod": st.fixed_dictionaries({}, optional={"endDate": literal}),
    },
)
body = st.fixed_dictionaries(
    {},
    optional={
        "tender": tender,
        "parties": st.lists(party, max_size=3),
        "awards": st.lists(award, max_size=3),
        "contracts": st.lists(contract, max_size=2),
        "buyer": reference,
    },
)


@pytest.mark.filterwarnings("ignore::ocdsmerge.exceptions.DuplicateIdValueWarning")
@settings(max_examples=300, deadline=None)
@given(st.lists(body, min_size=1, max_size=5))
def test_the_compiled_release_is_ocdsmerge_s(bodies: list[dict[str, Any]]) -> None:
    releases = [
        {
            "ocid": "ocds-test-1",
            "id": f"ocds-test-1-{n:03d}",
            "date": f"2026-12-0{n + 1}T10:00:00Z",
            "tag": ["tender"],
            "initiationType": "tender",
            **b,
        }
        for n, b in enumerate(bodies)
    ]
    assert ocds.compiled(releases) == compiled(releases)
