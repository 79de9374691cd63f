"""Benchmarks of the app, each a module run from the repository root: ``.venv/bin/python -m benchmarks.<name>``.

They start the app and Chromium with the shared :mod:`harness`; results go to benchmarks/results/.
"""
