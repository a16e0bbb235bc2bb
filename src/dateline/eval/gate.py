"""The eval gate: benchmark scores pinned as floors in ``tests/eval_baselines/*.json``.

A baseline file records the data's checksum and the floor of each metric; a
change that lowers a score below its floor fails the gate unless the floor is
lowered in the same change, on purpose.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def checksum(paths: Iterable[Path]) -> str:
    """sha256 over the sorted files' relative names and bytes."""
    files = sorted(Path(p) for p in paths)
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class GateResult:
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def check_floors(metrics: dict[str, float], baseline_file: Path, *, tolerance: float = 1e-9) -> GateResult:
    """Compare measured metrics with the floors pinned in ``baseline_file``."""
    baseline = json.loads(Path(baseline_file).read_text())
    failures = []
    for name, floor in baseline["floors"].items():
        got = metrics.get(name)
        if got is None:
            failures.append(f"{name}: not measured (floor {floor})")
        elif got + tolerance < floor:
            failures.append(f"{name}: {got:.4f} is below the pinned floor {floor:.4f}")
    return GateResult(tuple(failures))
