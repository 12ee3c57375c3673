"""botocore's ``endpoints.json`` trimmed to the services Walima calls, shipped with the app.

Why: every botocore session loads the whole file (1.2 MB of JSON, about 7 MB once parsed, for
some 400 services in 8 partitions) to resolve any client's endpoint. ``chalicelib/adapters/aws``
puts the trimmed copy first on botocore's data path, so a Lambda holds only what it uses
(bench peak-memory). Every partition keeps its regions and defaults; each keeps only the
services in ``SERVICES``. A test checks the copy against the installed botocore; after an
upgrade, write it again:

    .venv/bin/python -m infra.botocore_data
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.adapters.aws import DATA_PATH, SERVICES


def installed() -> dict[str, Any]:
    import botocore

    path = Path(botocore.__file__).parent / "data" / "endpoints.json"
    return dict(json.loads(path.read_text()))


def trimmed(endpoints: dict[str, Any]) -> dict[str, Any]:
    partitions = [
        p | {"services": {s: v for s, v in p["services"].items() if s in SERVICES}}
        for p in endpoints["partitions"]
    ]
    return endpoints | {"partitions": partitions}


def main() -> None:
    DATA_PATH.mkdir(exist_ok=True)
    text = json.dumps(trimmed(installed()), indent=1, sort_keys=True) + "\n"
    (DATA_PATH / "endpoints.json").write_text(text)


if __name__ == "__main__":
    main()
