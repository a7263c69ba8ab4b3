"""A Spark standalone cluster on this machine: one master and N workers, as separate JVMs.

For the cluster test and the benchmark (and to try ``--master spark://...`` without a real
cluster): the processes are started from pyspark's own ``bin/spark-class`` (pyspark's wheel
ships no ``sbin/start-master.sh``), bound to 127.0.0.1 on free ports, with their logs and work
folders in one temporary folder, and stopped (by their process ids) when the context exits.

    with standalone_cluster(workers=2, cores=1) as cluster:
        storylens run --engine spark --master cluster.url file:///data/crawl --out out/
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from storylens.errors import StoryLensError


@dataclass
class Cluster:
    url: str  # spark://127.0.0.1:PORT
    ui: str  # the master's web UI (its /json lists the alive workers)
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def alive_workers(self) -> int:
        try:
            with urllib.request.urlopen(self.ui + "/json/", timeout=5) as r:
                return int(json.load(r).get("aliveworkers", 0))
        except (OSError, ValueError):
            return 0

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}"
                         for p in sorted(self.folder.glob("*.log")))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spark_class() -> Path:
    import pyspark

    path = Path(pyspark.__file__).parent / "bin" / "spark-class"
    if not path.exists():
        raise StoryLensError(f"{path} not found: the standalone cluster needs pyspark's bin/spark-class")
    return path


@contextmanager
def standalone_cluster(workers: int = 2, cores: int = 1, memory: str = "2g",
                       timeout: float = 120.0) -> Iterator[Cluster]:
    """Start a master and ``workers`` workers (``cores`` and ``memory`` each); yield when every
    worker has registered; stop them all on exit."""
    cls = spark_class()
    folder = Path(tempfile.mkdtemp(prefix="storylens-standalone-"))
    env = {**os.environ, "SPARK_HOME": str(cls.parents[1]), "SPARK_LOCAL_IP": "127.0.0.1",
           "SPARK_LOG_DIR": str(folder), "SPARK_NO_DAEMONIZE": "1"}
    port, ui_port = _free_port(), _free_port()
    cluster = Cluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{ui_port}", folder)

    def start(name: str, *args: str) -> None:
        log = (folder / f"{name}.log").open("wb")
        cluster.processes.append(subprocess.Popen([str(cls), *args], stdout=log, stderr=subprocess.STDOUT,
                                                  env=env, cwd=folder))

    try:
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
              "--port", str(port), "--webui-port", str(ui_port))
        for i in range(workers):
            work = folder / f"work-{i}"
            work.mkdir()
            start(f"worker-{i}", "org.apache.spark.deploy.worker.Worker", cluster.url, "--host", "127.0.0.1",
                  "--cores", str(cores), "--memory", memory, "--webui-port", str(_free_port()),
                  "--work-dir", str(work))
        deadline = time.monotonic() + timeout
        while cluster.alive_workers() < workers:
            if time.monotonic() > deadline or any(p.poll() is not None for p in cluster.processes):
                raise StoryLensError(f"standalone cluster did not come up:\n{cluster.logs()}")
            time.sleep(1.0)
        yield cluster
    finally:
        for p in reversed(cluster.processes):
            p.terminate()
        for p in cluster.processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(folder, ignore_errors=True)
