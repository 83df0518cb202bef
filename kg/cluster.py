"""Run the pipeline on a Dask distributed cluster; this process stays the one writer.

Batches of reports go to the cluster's workers, each of which loads the pipeline once
(on its first batch, kept in a module global) and sends back each report's graph as
N-Quads. At most two batches per worker thread are in flight, so memory stays flat,
and results come back in input order. Workers need conflict-kg (and its model)
installed in the same version; start them with one thread each
(`dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from kg.errors import ClusterError
from kg.inflight import windowed
from kg.records import Report

CONNECT_TIMEOUT = "10s"
Opts = TypeVar("Opts")
R = TypeVar("R")


def _client(address: str, timeout: str = CONNECT_TIMEOUT) -> Any:
    """A `distributed.Client` (Any: the package is optional and ships no types)."""
    try:
        from distributed import Client
    except ImportError as err:
        raise ClusterError("--cluster needs Dask distributed: pip install 'conflict-kg[cluster]'") from err
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {err}") from err


def engine(address: str, work: Callable[[list[Report], Opts], R],
           options: Opts) -> Callable[[Iterator[list[Report]]], Iterator[R]]:
    """An engine that runs `work(batch, options)` for each batch on the cluster at `address`."""
    def run(batches: Iterator[list[Report]]) -> Iterator[R]:
        client = _client(address)
        try:
            threads = max(1, sum(client.nthreads().values()))
            submit = lambda batch: client.submit(work, batch, options, pure=False)  # noqa: E731
            yield from windowed(submit, batches, 2 * threads)
        finally:
            client.close()
    return run
