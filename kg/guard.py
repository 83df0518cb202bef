"""Guards on what a query may make this machine do: no federated calls unless allowed.

Errors (both subclass ValueError; callers turn them into an exit code or an HTTP status):

    GuardError           the query was refused before it ran
    ├── ServiceRefused   it holds a SERVICE clause and federation is off
    └── Unchecked        the checking parser cannot read it, so it cannot be shown to be local

The decision is taken on the parsed query (rdflib's SPARQL 1.1 parse tree), never on the
text: a SERVICE clause is a `ServiceGraphPattern` node wherever it sits (sub-select,
EXISTS, OPTIONAL, MINUS, GRAPH), and whatever escapes spell it. Where two parsers could
still read one text differently, `forbid_network` makes the difference harmless: after it,
the process can open no internet socket (Linux seccomp filter), so the engine cannot
reach another host even if a SERVICE clause got past the parse.
"""

from __future__ import annotations

import ctypes
import platform
import struct
from typing import Any

from kg.errors import Refused

__all__ = ["GuardError", "ServiceRefused", "Unchecked", "check", "forbid_network", "network_forbidden"]


class GuardError(Refused, ValueError):
    """The query was refused before it ran; the message says why."""


class ServiceRefused(GuardError):
    """The query calls another endpoint (SERVICE) and federation is off."""


class Unchecked(GuardError):
    """The checking parser cannot read the query, so it cannot be shown to stay local."""


_state = {"forbidden": False}


def check(text: str, allow_federation: bool = False) -> None:
    """Refuse a query that holds SERVICE (unless allowed) or that cannot be checked for it.

    A query the checking parser cannot read passes only once the network is forbidden in
    this process: the engine then reports its own syntax error and can reach no host.
    """
    if allow_federation:
        return
    try:
        tree = _parse(text)
    except Unchecked:
        if network_forbidden():
            return
        raise
    if _has_service(tree):
        raise ServiceRefused("SERVICE (a federated query) is disabled here; allow it with --allow-federation")


def _parse(text: str) -> Any:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except ParseBaseException as err:
        raise Unchecked(f"line {err.lineno}, column {err.col}: not a SPARQL 1.1 query that can be "
                        "checked for SERVICE (federation is off, so every query is parsed first)") from None
    except (RecursionError, ValueError, TypeError) as err:
        raise Unchecked(f"not a SPARQL 1.1 query that can be checked for SERVICE: {type(err).__name__}") from None


def _has_service(node: Any) -> bool:
    """Whether a parse tree holds a SERVICE pattern anywhere (explicit stack: trees can be deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)
    return False


# ---------------------------------------------------------------- no network for this process

_ARCH = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}  # audit arch, socket, io_uring_setup
_LD, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_ALLOW, _DENY = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
_AF_INET, _AF_INET6 = 2, 10


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def network_forbidden() -> bool:
    return _state["forbidden"]


def forbid_network() -> bool:
    """From now on this process cannot open an IPv4 or IPv6 socket; False where that is unsupported.

    Local (Unix) sockets and files still work. The filter cannot be lifted, so call it only
    in a process that needs no network afterwards (a query worker, `kg query`).
    """
    if _state["forbidden"]:
        return True
    machine = platform.machine()
    if platform.system() != "Linux" or machine not in _ARCH:
        return False
    arch, nr_socket, nr_uring = _ARCH[machine]
    program = [
        (_LD, 0, 0, 4), (_JEQ, 1, 0, arch), (_RET, 0, 0, _DENY),   # another ABI: refuse
        (_LD, 0, 0, 0), (_JGE, 0, 1, 0x40000000), (_RET, 0, 0, _DENY),  # x32 calls: refuse
        (_JEQ, 0, 1, nr_uring), (_RET, 0, 0, _DENY),
        (_JEQ, 0, 4, nr_socket),
        (_LD, 0, 0, 16), (_JEQ, 1, 0, _AF_INET), (_JEQ, 0, 1, _AF_INET6), (_RET, 0, 0, _DENY),
        (_RET, 0, 0, _ALLOW),
    ]
    code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *step) for step in program))
    prog = _Program(len(program), ctypes.addressof(code))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    if libc.prctl(22, 2, ctypes.byref(prog), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        return False
    _state["forbidden"] = True
    return True
