"""The project's scripts; those that start the app run as modules from the repository root
(``.venv/bin/python -m scripts.screenshots``), so they import :mod:`harness`."""
