"""Password hashes: the current Argon2id profile, and hashes made with the former one."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters

from chalicelib.adapters.passwords import hash_password, password_matches

PASSWORD = "tajine-au-safran-2026"


def test_new_hashes_use_owasps_7_mib_profile() -> None:
    parameters = extract_parameters(hash_password(PASSWORD))
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (7168, 5, 1)


def test_a_hash_of_the_former_19_mib_profile_still_checks() -> None:
    former = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(PASSWORD)
    assert password_matches(former, PASSWORD)
    assert not password_matches(former, PASSWORD + "x")
