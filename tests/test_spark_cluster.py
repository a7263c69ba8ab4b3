"""The Spark engine on a real standalone cluster: a master and two workers started on this
machine (separate JVMs, executors in their own folders), inputs given as ``file://`` URIs that
Spark reads itself (``binaryFiles``), so nothing relies on the driver's paths. Slow: three JVMs
and two Python pipelines start (about a minute on a quiet machine)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEMO
from storylens.cli import main
from storylens.engines import parquet as pq

pytestmark = [pytest.mark.slow, pytest.mark.spark]
pytest.importorskip("pyspark")


def _run(args: list[str]) -> dict:
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{"):])


def _rows(folder: Path, table: str) -> list[str]:
    """Rows as text with ``source`` reduced to the file name (the Spark run names each file by
    its URI, the local run by its path)."""
    out = []
    for r in pq.iter_table(folder, table):
        if r.get("source"):
            r["source"] = Path(r["source"].removeprefix("file:")).name
        r = {k: round(v, 9) if isinstance(v, float) else v for k, v in r.items()}
        out.append(json.dumps(r, sort_keys=True, default=str))
    return sorted(out)


def test_standalone_cluster_reads_file_uris(tmp_path: Path) -> None:
    from storylens.engines.spark import spark_session
    from storylens.engines.standalone import standalone_cluster

    inputs = tmp_path / "in"
    (inputs / "pages").mkdir(parents=True)
    for page in sorted((DEMO / "pages").glob("*.html"))[:2]:
        shutil.copy(page, inputs / "pages" / page.name)
    lines = (DEMO / "exports" / "allsides-sample.jsonl").read_text(encoding="utf-8").splitlines()
    (inputs / "a.jsonl").write_text("\n".join(lines[:4]) + "\n{not json\n", encoding="utf-8")
    (inputs / ".hidden.jsonl").write_text(lines[4] + "\n", encoding="utf-8")  # skipped, as locally

    local = _run(["run", "--engine", "local", "--workers", "1", "--no-corpus", str(inputs),
                  "--out", str(tmp_path / "local")])
    with standalone_cluster(workers=2, cores=1, memory="1g") as cluster:
        spark = spark_session(cluster.url, app="storylens-cluster-test")
        try:
            assert spark.sparkContext.master == cluster.url
            got = _run(["run", "--engine", "spark", "--master", cluster.url, "--no-corpus",
                        inputs.as_uri(), "--out", str(tmp_path / "spark")])
            executors = spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() - 1  # minus the driver
        finally:
            spark.stop()
    assert executors == 2
    assert got["master"] == cluster.url
    for key in ("read", "stored", "rejected", "skipped"):
        assert got[key] == local[key], key
    assert local["stored"] >= 5 and local["rejected"] >= 1
    sources = {r["source"] for r in pq.iter_table(tmp_path / "spark", "articles")}
    assert all(s.startswith("file:") for s in sources), sources
    for table in pq.PER_DOCUMENT_TABLES:
        assert _rows(tmp_path / "spark", table) == _rows(tmp_path / "local", table), table
