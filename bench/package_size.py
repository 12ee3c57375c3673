"""package-size: the deployment zip ``make package`` ships, in MB: ``chalice package`` (arm64
wheels from the package index, so this figure needs one) then ``infra/slim.py``.

It must carry what the contract's PDF needs (fpdf2, HarfBuzz, fontTools and the Amiri font):
the figure is short if any is missing. The biggest parts are listed beside.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from bench.common import PROJECT, PYTHON, Result, Target, run_figure

TARGET = Target("package-size", "<=", 15)
NEEDED = ("fpdf/", "uharfbuzz/", "fontTools/subset/", "chalicelib/fonts/Amiri-Regular.ttf")


def measure() -> Result:
    from infra.slim import slim

    with tempfile.TemporaryDirectory() as out:
        chalice = str(Path(PYTHON).with_name("chalice"))
        command = [chalice, "package", "--stage", "prod"]
        command += ["--merge-template", "infra/resources.json", out]
        env = {
            **os.environ,
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-3"),
        }
        subprocess.run(command, cwd=PROJECT, env=env, check=True, capture_output=True, timeout=300)
        built = Path(out) / "deployment.zip"
        before, after = slim(built)
        with zipfile.ZipFile(built) as archive:
            names = archive.namelist()
            parts: Counter[str] = Counter()
            for info in archive.infolist():
                parts[info.filename.split("/")[0]] += info.compress_size
    missing = [n for n in NEEDED if not any(name.startswith(n) for name in names)]
    biggest = ", ".join(f"{name} {size / 1e6:.1f}" for name, size in parts.most_common(5))
    pdf = f"missing: {', '.join(missing)}" if missing else "in"
    shown = (
        f"{after / 1e6:.1f} [MB zipped, arm64, slimmed from {before / 1e6:.1f}; biggest: "
        f"{biggest}; the PDF's libraries and font {pdf}]"
    )
    return Result(after / 1e6, shown, ok=not missing and after / 1e6 <= TARGET.threshold)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
