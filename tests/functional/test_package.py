"""The slimmed deployment package still serves: a zip of the shape ``chalice package`` builds
(the app, ``chalicelib`` and every package of ``requirements.txt``, here from this machine's
installed copies), slimmed by ``infra/slim.py``, unzipped, and imported by a clean interpreter
(no site-packages, no environment's Python paths) that answers a tender page in Arabic and in
French, its dates and amounts formatted by Babel from the locale data left in the zip."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from infra import slim
from tests.functional.helpers import World

PROJECT = Path(__file__).resolve().parents[2]
SERVE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from types import SimpleNamespace
import app, babel, phonenumbers
context = SimpleNamespace(aws_request_id="package-test", function_name="api_handler",
                          memory_limit_in_mb=192, invoked_function_arn="arn:aws:lambda:x")
answers = [app.app(json.loads(event), context) for event in sys.argv[2:]]
print(json.dumps({"answers": answers, "babel": babel.__file__,
                  "phonenumbers": phonenumbers.__file__}))
"""


def locked_packages() -> list[str]:
    text = (PROJECT / "requirements.txt").read_text()
    return re.findall(r"^([A-Za-z0-9_.-]+)==", text, flags=re.MULTILINE)


def build_like_chalice(out: Path) -> Path:
    """The app and the locked packages, laid out as in Chalice's deployment zip."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name in locked_packages():
            distribution = importlib.metadata.distribution(name)
            for file in distribution.files or []:
                if file.parts[0] == ".." or "__pycache__" in file.parts:
                    continue  # console scripts, compiled bytecode
                archive.write(Path(str(distribution.locate_file(file))), str(file))
        chalice = Path(str(importlib.metadata.distribution("chalice").locate_file("chalice")))
        for module in ("__init__.py", "app.py"):
            archive.write(chalice / module, f"chalice/{module}")
        archive.write(PROJECT / "app.py", "app.py")
        for path in sorted((PROJECT / "chalicelib").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, str(path.relative_to(PROJECT)))
    return out


def lambda_event(path: str) -> dict[str, Any]:
    from chalice.local import LambdaEventConverter, RouteMatcher

    import app

    converter = LambdaEventConverter(RouteMatcher(list(app.app.routes)))
    event: dict[str, Any] = converter.create_lambda_event(
        "GET", path, {"host": "127.0.0.1", "accept-encoding": "identity"}
    )
    return event


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    folder = tmp_path_factory.mktemp("package")
    built = build_like_chalice(folder / "deployment.zip")
    before = set(zipfile.ZipFile(built).namelist())
    _, size = slim.slim(built)
    after = set(zipfile.ZipFile(built).namelist())
    zipfile.ZipFile(built).extractall(folder / "task")
    return folder / "task", len(before - after), size


def test_the_slim_package_keeps_only_our_services_and_locales(
    unzipped: tuple[Path, int, int],
) -> None:
    task, dropped, _ = unzipped
    assert dropped > 1000
    services = {p.name for p in (task / "botocore" / "data").iterdir() if p.is_dir()}
    assert services == {"dynamodb", "s3", "scheduler", "ses", "sns", "ssm"}
    locales = {p.stem for p in (task / "babel" / "locale-data").glob("*.dat")}
    assert locales == {"root", "ar", "ar_MA", "fr", "fr_MA", "en"}
    assert not (task / "phonenumbers" / "geodata").exists()  # phonenumberslite: no geocoder


def test_a_clean_interpreter_serves_pages_from_the_unzipped_package(
    unzipped: tuple[Path, int, int], world: World
) -> None:
    task, _, _ = unzipped
    tender = world.tender(world.organizer())
    paths = [f"/tenders/{tender.id}?lang={lang}" for lang in ("ar", "fr")]
    paths.append(f"/api/tenders/{tender.id}/ocds/record")  # the history and the merge
    events = [json.dumps(lambda_event(path)) for path in paths]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", SERVE, str(task), *events],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    served = json.loads(done.stdout.splitlines()[-1])
    assert served["babel"].startswith(str(task))
    assert served["phonenumbers"].startswith(str(task))
    arabic, french, record = served["answers"]
    assert record["statusCode"] == 200, record["body"][:500]
    compiled = json.loads(record["body"])["records"][0]["compiledRelease"]
    assert compiled["tender"]["id"] == tender.id
    assert arabic["statusCode"] == french["statusCode"] == 200
    assert 'lang="ar"' in arabic["body"]
    assert 'dir="rtl"' in arabic["body"]
    assert 'lang="fr"' in french["body"]
    # the event's date, in each language's own words (Babel's ar_MA and fr_MA data)
    assert any(m in french["body"] for m in FRENCH_MONTHS)
    assert any(m in arabic["body"] for m in ARABIC_MONTHS)


FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
ARABIC_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "ماي", "مايو", "يونيو", "يوليوز", "يوليو",
    "غشت", "أغسطس", "شتنبر", "سبتمبر", "أكتوبر", "نونبر", "نوفمبر", "دجنبر", "ديسمبر",
)  # fmt: skip
