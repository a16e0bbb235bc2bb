"""Growing a store to N articles: ingest throughput, peak RSS, store size, adding 1,000, timeline time.

Feeds the shards of a corpus from ``make_corpus.py`` (1,000 articles each) to
``dateline ingest`` one shard per run, as a daily feed would, into one store,
and writes a JSON line per shard to ``<workdir>/<name>.jsonl``: articles,
words, seconds, articles/s and words/s, the peak RSS of the largest process
and of the whole process tree (sampled from /proc every 0.2 s), and the store's
size (file + WAL). At each checkpoint (``--checkpoints``, in articles stored)
it also measures, in the same run:

* the hold-out file (1,000 articles no shard holds) ingested into a copy of
  the store, and into an empty store: the ratio is the cost of adding to a big store;
* ``dateline timeline --query Q`` on the store: seconds and peak RSS.

Each step is a separate ``dateline`` process, so model loading is included on
both sides of every comparison. Shards already in the log are skipped: a run
stopped half-way continues where it was. ``--src`` runs a frozen copy of the
package (``PYTHONPATH``), so editing the working tree during a long run does
not change the code it measures. Touch ``<workdir>/PAUSE`` to hold the run
between shards (other heavy jobs can then run on a shared machine).

    python benchmarks/make_corpus.py ../shared/benchmarks/t17 -n 100000 -o build/corpus-100k --holdout 1000
    python benchmarks/bench_scale.py build/corpus-100k --jobs 2 --checkpoints 10000 100000
    python benchmarks/bench_scale.py build/corpus-100k --engine dask --workers 2 --until 10000 --name dask
    python benchmarks/bench_scale.py build/corpus-100k --stages sentences,timexes --name light  # no spaCy
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

DATELINE = [sys.executable, "-m", "dateline"]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeRSS(threading.Thread):
    """Samples the RSS of a process and all its descendants: the largest one, and their sum."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.max_one = self.max_sum = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            kids, tree, i = _children(), [self.pid], 0
            while i < len(tree):
                tree += kids.get(tree[i], [])
                i += 1
            rss = [_rss_mb(p) for p in tree]
            self.max_one = max(self.max_one, max(rss, default=0.0))
            self.max_sum = max(self.max_sum, sum(rss))
            self.done.wait(self.every)


def run(cmd: list[str], env: dict[str, str]) -> dict:
    """Run one dateline command; seconds, peak RSS (largest process, whole tree), exit code, last line."""
    started = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeRSS(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    lines = [line for line in err.splitlines() if line.strip()]
    done = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the workers it waited for
    cpu = done.ru_utime + done.ru_stime - usage.ru_utime - usage.ru_stime
    return {"seconds": round(seconds, 1), "cpu_s": round(cpu, 1), "rss_max_mb": round(sampler.max_one),
            "rss_tree_mb": round(sampler.max_sum), "rc": proc.returncode, "said": lines[-1][:200] if lines else ""}


def store_mb(db: Path) -> float:
    return sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists()) / 2**20


def remove_store(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def copy_store(src: Path, dst: Path) -> None:
    remove_store(dst)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copy(f"{src}{suffix}", f"{dst}{suffix}")


def words(path: Path) -> tuple[int, int]:
    """(records, words of their texts) of a JSONL file."""
    n = w = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            n += 1
            w += len(json.loads(line)["text"].split())
    return n, w


def ingest_cmd(paths: list[Path], db: Path, args: argparse.Namespace) -> list[str]:
    cmd = [*DATELINE, "ingest", *map(str, paths), "--db", str(db), "--jobs", str(args.jobs)]
    if args.engine == "dask":
        cmd += ["--engine", "dask", "--workers", str(args.workers)]
    if args.stages:
        cmd += ["--stages", args.stages]
    return cmd


def checkpoint(n: int, db: Path, args: argparse.Namespace, env: dict[str, str]) -> dict:
    """Adding the hold-out to a copy of the store and to an empty one; a timeline query on the store."""
    work = args.workdir / "checkpoint"
    work.mkdir(exist_ok=True)
    held = args.corpus / "holdout.jsonl"
    out: dict = {"checkpoint": n, "store_mb": round(store_mb(db))}
    out["timeline"] = run([*DATELINE, "timeline", "--db", str(db), "--query", args.query, "--format", "json",
                           "-o", str(work / "timeline.json")], env)
    if held.exists():
        copy_store(db, work / "big.db")
        out["add_to_store"] = run(ingest_cmd([held], work / "big.db", args), env)
        remove_store(work / "empty.db")
        out["add_to_empty"] = run(ingest_cmd([held], work / "empty.db", args), env)
        out["ratio"] = round(out["add_to_store"]["seconds"] / out["add_to_empty"]["seconds"], 2)
        for name in ("big.db", "empty.db"):
            remove_store(work / name)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="output folder of make_corpus.py (corpus/*.jsonl, holdout.jsonl)")
    ap.add_argument("--workdir", type=Path, default=Path("build/scale"))
    ap.add_argument("--name", default="local", help="names the store and the log")
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--until", type=int, default=None, help="stop once this many articles are stored")
    ap.add_argument("--checkpoints", type=int, nargs="*", default=[10_000, 20_000, 50_000, 100_000])
    ap.add_argument("--query", default="oil spill")
    ap.add_argument("--stages", default="", help="per-article stages to run (default: all)")
    ap.add_argument("--src", type=Path, default=None, help="run the dateline package found in this folder")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DATELINE_STAGE_ERRORS="record")
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve())
    db, log = args.workdir / f"{args.name}.db", args.workdir / f"{args.name}.jsonl"
    done = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    seen = {r["shard"] for r in done if "shard" in r}
    stored = max((r["stored"] for r in done if "stored" in r), default=0)
    marks = {r["checkpoint"] for r in done if "checkpoint" in r}
    for shard in sorted((args.corpus / "corpus").glob("*.jsonl")):
        if args.until is not None and stored >= args.until:
            break
        if shard.name in seen:
            continue
        while (args.workdir / "PAUSE").exists():
            time.sleep(10)
        n, w = words(shard)
        row = {"shard": shard.name, "articles": n, "words": w, **run(ingest_cmd([shard], db, args), env)}
        stored += n
        row.update(stored=stored, articles_per_s=round(n / row["seconds"], 2),
                   words_per_s=round(w / row["seconds"]), store_mb=round(store_mb(db)),
                   load=round(os.getloadavg()[0], 1))
        with log.open("a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
        for mark in args.checkpoints:
            if stored >= mark and mark not in marks:
                marks.add(mark)
                result = checkpoint(mark, db, args, env)
                with log.open("a") as f:
                    f.write(json.dumps(result) + "\n")
                print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
