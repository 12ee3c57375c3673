"""The embedded default: Walima on one machine with moto as its AWS (``make run``, e2e tests).

Not part of the Lambda package: Chalice ships only ``app.py`` and ``chalicelib/``.
"""
