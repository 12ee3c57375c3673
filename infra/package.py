"""The template ``chalice package --merge-template infra/resources.json`` writes, built offline.

Why: ``chalice package`` downloads Linux wheels for the deployment zip, so it needs a package
index; the template does not depend on the zip's contents. This module runs Chalice's own
packager (the same resource graph, SAM generator and deep merge, pinned Chalice) with one step
swapped: the deployment package is a stand-in zip instead of a build. ``make test`` lints the
result with cfn-lint and the tests read it; ``make package`` builds the real thing.

    python -m infra.package --stage prod build/offline   # writes build/offline/sam.json

Run it in a fresh process (as ``chalice package`` does): Chalice imports ``app.py`` with the
stage's environment, so a process that already imported the app for another stage would
package that one.
"""

from __future__ import annotations

import argparse
import os
import zipfile
from pathlib import Path
from typing import Any

from chalice.cli.factory import CLIFactory
from chalice.deploy.deployer import BaseDeployStep, DeploymentPackager

PROJECT = Path(__file__).resolve().parents[1]
RESOURCES = PROJECT / "infra" / "resources.json"


class StandInPackage(BaseDeployStep):
    """Points every function at an empty zip instead of building one."""

    def __init__(self, zip_path: Path) -> None:
        self._zip = zip_path

    def handle_deploymentpackage(self, config: Any, resource: Any) -> None:
        if not self._zip.exists():
            with zipfile.ZipFile(self._zip, "w") as archive:
                archive.writestr("README", "stand-in: the template only, see infra/package.py\n")
        resource.filename = str(self._zip)


def package(stage: str, out: Path) -> Path:
    """Write ``out/sam.json`` for ``stage``; returns its path."""
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-3")
    out.mkdir(parents=True, exist_ok=True)
    factory = CLIFactory(str(PROJECT), environ=os.environ)  # as the chalice CLI builds it
    config = factory.create_config_obj(chalice_stage_name=stage)
    packager = factory.create_app_packager(
        config, factory.create_package_options(), "cloudformation", "json", str(RESOURCES)
    )
    steps = packager._resource_builder._build_stage._steps
    swapped = [i for i, step in enumerate(steps) if isinstance(step, DeploymentPackager)]
    if len(swapped) != 1:
        raise RuntimeError("Chalice's build stage changed: update infra/package.py")
    steps[swapped[0]] = StandInPackage(out / "stand-in.zip")
    packager.package_app(config, str(out), stage)
    return out / "sam.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stage", default="prod")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    print(package(args.stage, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
