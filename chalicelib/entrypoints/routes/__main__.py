"""``python -m chalicelib.entrypoints.routes``: rewrites the manifest from the features' routers."""

from pathlib import Path

from chalicelib.entrypoints.routes import manifest

Path(manifest.__file__).write_text(manifest.written(), encoding="utf-8")
