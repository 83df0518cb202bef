"""The error tree: every class under one base, its exit code, and the modules that re-export it."""

from __future__ import annotations

import importlib
import re

import pytest

from kg import errors

REFUSED = [("reader", "InputError"), ("store", "GraphError"), ("query", "QueryError"), ("link", "LinkError"),
           ("push", "PushError"), ("reason", "ReasonError"), ("viz", "VizError"), ("serve", "Refusal"),
           ("remote", "RemoteError"), ("remote", "EndpointError"), ("remote", "CacheMiss"), ("evaluate", "EvalError")]
BROKEN = [("kb", "KnowledgeBaseError"), ("validate", "ValidationError"), ("reason", "ReasonerUnavailable"),
          ("viz", "RendererMissing"), ("remote", "Transient"), ("codebook", "CodebookError"), ("nlp", "ModelError"),
          ("cluster", "ClusterError")]


@pytest.mark.parametrize(("module", "name", "code"),
                         [(m, n, 1) for m, n in REFUSED] + [(m, n, 2) for m, n in BROKEN])
def test_module_class_is_the_tree_class_with_its_exit_code(module: str, name: str, code: int) -> None:
    cls = getattr(importlib.import_module(f"kg.{module}"), name)
    assert cls is getattr(errors, name)
    assert issubclass(cls, errors.KgError)
    err = cls(404, "x") if name in ("Refusal", "Transient") else cls("x")
    assert errors.exit_code(err) == code


@pytest.mark.parametrize(("name", "builtin"), [("InputError", ValueError), ("QueryError", ValueError),
                                              ("RemoteError", ValueError), ("KnowledgeBaseError", ValueError),
                                              ("ReasonerUnavailable", RuntimeError), ("ModelError", RuntimeError),
                                              ("EvalError", ValueError), ("ClusterError", ValueError)])
def test_classes_keep_their_builtin_base(name: str, builtin: type[Exception]) -> None:
    assert issubclass(getattr(errors, name), builtin)


def test_every_class_of_the_module_is_in_the_documented_tree() -> None:
    doc = errors.__doc__ or ""
    classes = {n for n, v in vars(errors).items() if isinstance(v, type) and issubclass(v, errors.KgError)}
    drawn = set(re.findall(r"[├└]── (\w+)", doc)) | {"KgError"}
    assert classes == drawn
    assert set(errors.__all__) >= classes


def test_cli_reports_an_abort(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import click

    from kg import cli

    def abort(**_: object) -> None:
        raise click.exceptions.Abort()

    monkeypatch.setattr(cli, "app", abort)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 2
    assert capsys.readouterr().err == "Aborted!\n"


@pytest.mark.parametrize(("error", "code"), [(errors.QueryError("no query named x"), 1),
                                             (errors.Refused("no report r9"), 1),
                                             (errors.KnowledgeBaseError("kb.ttl: bad"), 2),
                                             (errors.Transient(503, None), 2),
                                             (errors.EvalError("gold.jsonl:3: not JSON"), 1),
                                             (errors.ModelError("no model named x"), 2),
                                             (errors.ClusterError("cannot reach tcp://127.0.0.1:9"), 2)])
def test_cli_maps_by_branch(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                            error: Exception, code: int) -> None:
    from kg import cli

    def raise_it(**_: object) -> None:
        raise error

    monkeypatch.setattr(cli, "app", raise_it)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == code
    assert capsys.readouterr().err == f"kg: {error}\n"
