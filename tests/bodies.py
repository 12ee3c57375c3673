"""Request bodies shared by functional and end-to-end tests: one counter, so every account a
test process makes has its own e-mail and phone, whichever suite made it."""

from __future__ import annotations

import itertools
from typing import Any

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def sign_up_body(role: str = "organizer", **extra: Any) -> dict[str, Any]:
    n = next(_numbers)
    body: dict[str, Any] = {
        "role": role,
        "name": f"Person {n}",
        "email": f"person{n}@example.ma",
        "phone": f"06{61000000 + n:08d}",
        "password": PASSWORD,
        "language": "fr",
    }
    if role == "caterer":
        body |= {
            "business_name": f"Traiteur {n}",
            "provinces": ["agadir-ida-outanane", "tata"],
            "categories": ["catering"],
        }
    return body | extra
