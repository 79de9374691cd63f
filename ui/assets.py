"""Placeholder until the self-hosted assets land: see hotspots.assets."""


def localise(*elements):
    return None
