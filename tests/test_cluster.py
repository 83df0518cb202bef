"""`kg build --cluster`: a real Dask scheduler and two worker processes on 127.0.0.1 give the local result."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import pipeline, store
from kg.records import Report

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed "
                                  "(pip install 'conflict-kg[cluster]')")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("00*.txt"))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local cluster: one scheduler and two single-threaded worker processes, loopback only."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def engine(extractor, resolver) -> pipeline.Engine:  # type: ignore[no-untyped-def]
    processor = pipeline.Processor.of(pipeline.Options(), extractor, resolver)

    def run(batches: Iterator[list[Report]]) -> Iterator[list[pipeline.Outcome]]:
        return (processor.process(batch) for batch in batches)
    return run


def test_a_cluster_build_equals_a_local_build(scheduler: str, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
        shutil.copy(seed.with_suffix(".json"), folder)
    options = pipeline.Options(progress=False, batch_size=2)
    local = pipeline.build_store([folder], tmp_path / "local", options, engine)
    remote = pipeline.build_store([folder], tmp_path / "remote", pipeline.Options(
        progress=False, batch_size=2, cluster=scheduler))
    assert (remote.reports, remote.triples, remote.skipped) == (local.reports, local.triples, [])
    a = store.open_store(tmp_path / "local", create=False)
    b = store.open_store(tmp_path / "remote", create=False)
    assert set(a) == set(b)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    from kg.cluster import ClusterError, _client

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        _client("tcp://127.0.0.1:9", timeout="1s")
