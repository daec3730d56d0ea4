"""Ficarchive: a self-hosted fan-fiction archive and reader."""

from __future__ import annotations
