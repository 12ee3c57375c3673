"""Walima: catering tenders for Souss-Massa. Code lives here; app.py only declares routes."""
