"""The judged development sets in benchmarks/judged resolve: offsets inside their files, labels from their rubric.

Each set ships its own validator (run by hand while labelling); this runs them in the suite so a set
that stops resolving (a moved benchmark file, an edited label) fails here rather than in an eval.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
SETS = sorted(p.parent.name for p in (ROOT / "benchmarks" / "judged").glob("*/validate.py"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/benchmarks is not beside the repository")
@pytest.mark.parametrize("name", SETS)
def test_a_judged_set_resolves(name):
    script = ROOT / "benchmarks" / "judged" / name / "validate.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 problem" in done.stdout


def test_every_judged_set_has_a_rubric_and_a_readme():
    assert len(SETS) >= 3
    for name in SETS:
        folder = ROOT / "benchmarks" / "judged" / name
        assert (folder / "rubric.md").is_file() and (folder / "README.md").is_file(), name
