"""The `kg` command line run inside the test process, answering as `subprocess.run` would.

A test of a command's own behaviour (exit code, message, output) calls `kg(...)` here and
costs no interpreter start, imports or model load; the few tests of what only a process
shows (signals, the seccomp filter of `kg query`, servers, resource limits) still start one.

What a real process would change for good is kept out of the test process: `kg query`'s
network filter becomes a flag (the guard acts as if it were installed), and a build with
the default model and no user knowledge base runs on the one pipeline this process loads
(`extractor()`, also the `extractor` fixture), instead of in a worker process loading its own;
the curated knowledge base is read once (`knowledge_base()`, also the `kb` fixture).
"""

from __future__ import annotations

import gc
import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from kg import cli, guard, userkb
from kg import kb as kb_module
from kg import pipeline as kg_pipeline
from kg.nlp import DEFAULT_MODEL, Extractor
from kg.records import Report
from kg.resolve import Resolver

PROG = "kg"

_real_load_base = kb_module.load
_real_load_kb = userkb.load
_real_engine_for = kg_pipeline.engine_for


@cache
def knowledge_base() -> kb_module.KnowledgeBase:
    """The curated knowledge base, read once per test process (the `kb` fixture is this one)."""
    return _real_load_base()


@cache
def resolver() -> Resolver:
    return Resolver(knowledge_base())


@cache
def extractor() -> Extractor:
    """The English pipeline, loaded once per test process (the `extractor` fixture is this one)."""
    return Extractor(knowledge_base())


def kg(*args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None,
       stdin: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    """Run `kg ARGS` here, in `cwd` with `env` as its whole environment; stdout and stderr as text."""
    argv = [str(a) for a in args]
    out, err = io.BytesIO(), io.BytesIO()
    with _process_like(cwd, env, stdin, out, err):
        code = _exit_code(argv)
    gc.collect()  # a store left open by the command is closed now, as at a process's end
    return subprocess.CompletedProcess([PROG, *argv], code, _text(out), _text(err))


def _exit_code(argv: list[str]) -> int:
    try:
        cli.main(argv, prog_name=PROG)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        sys.stderr.write(f"{done.code}\n")  # as Python prints a SystemExit with a message
        return 1
    raise AssertionError("kg.cli.main returned without SystemExit")


def _text(buffer: io.BytesIO) -> str:
    return buffer.getvalue().decode("utf-8", errors="replace")


@contextmanager
def _process_like(cwd: Path | None, env: Mapping[str, str] | None, stdin: str | bytes,
                  out: io.BytesIO, err: io.BytesIO) -> Iterator[None]:
    """Standard streams, environment, folder and logging of a fresh process, restored after."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    streams = [io.TextIOWrapper(b, encoding="utf-8", write_through=True) for b in (out, err)]
    root = logging.getLogger()
    with pytest.MonkeyPatch.context() as mp, _environment(env):
        if cwd is not None:
            mp.chdir(cwd)
        mp.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        mp.setattr(sys, "stdout", streams[0])
        mp.setattr(sys, "stderr", streams[1])
        mp.setattr(root, "handlers", [])  # so that the command's logging.basicConfig takes effect
        mp.setattr(root, "level", root.level)
        mp.setitem(guard._state, "forbidden", guard._state["forbidden"])
        mp.setattr(guard, "forbid_network", _flag_network_forbidden)
        mp.setattr(kg_pipeline, "engine_for", _engine_for)
        mp.setattr(userkb, "load", _load_kb)
        mp.setattr(kb_module, "load", _load_base)
        try:
            yield
        finally:
            for stream in streams:
                stream.flush()
                stream.detach()


@contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _flag_network_forbidden() -> bool:
    """The seccomp filter cannot be lifted, so here the guard is only told it is in place."""
    guard._state["forbidden"] = True
    return True


def _load_base(ontology: Path | None = None, kb_files: list[Path] | None = None,
               crosswalk: Path | None = None) -> kb_module.KnowledgeBase:
    """As `kg.kb.load`; the curated base itself comes from this process's one reading."""
    if ontology or kb_files is not None or crosswalk or "KG_DATA" in os.environ:
        return _real_load_base(ontology, kb_files, crosswalk)
    return knowledge_base()


def _load_kb(user_files: Sequence[Path] = ()) -> kb_module.KnowledgeBase:
    """The curated base is read once per test process; one with the user's files is read each time."""
    return _real_load_kb(user_files) if user_files or "KG_DATA" in os.environ else knowledge_base()


def _engine_for(options: kg_pipeline.Options) -> kg_pipeline.Engine:
    """The shared pipeline for a build it can serve; the real engine (worker processes) otherwise."""
    if options.cluster or options.kb_files or options.model not in ("", DEFAULT_MODEL) or "KG_DATA" in os.environ:
        return _real_engine_for(options)
    return shared_engine(options)


def shared_engine(options: kg_pipeline.Options) -> kg_pipeline.Engine:
    """Batches run through the pipeline loaded once in this process, as a worker runs them."""
    def run(batches: Iterator[list[Report]]) -> Iterator[list[kg_pipeline.Outcome]]:
        processor: kg_pipeline.Processor | None = None
        for batch in batches:  # the pipeline is asked for only when a report needs it
            processor = processor or kg_pipeline.Processor.of(replace(options, workers=0), extractor(), resolver())
            yield processor.process(batch)
    return run
