"""Fixtures of the eval gates: the Timeline17 gate stores, built once and shared by the gates that read them."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def t17_gate_work(tmp_path_factory) -> Path:
    """Work folder of the Timeline17 gates: per-topic stores ingested once, reused by each gate (tls, stories)."""
    return tmp_path_factory.mktemp("t17-gate") / "work"
