"""A fixed sample of all benchmark text through every stage: no stage failure, every span verified."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, SHARED


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "benchmarks").is_dir(), reason="../shared/benchmarks is not available")
def test_soak_sample_has_no_stage_failure(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "soak.py"), "--sample", "300", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "soak: ok" in result.stdout and "0 mismatches" in result.stdout
