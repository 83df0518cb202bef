"""Talking to remote SPARQL endpoints: literal escaping, a retrying transport, a disk cache.

Errors (in kg.errors, under Refused, so the CLI reports them and exits 1):

    RemoteError             a remote endpoint could not answer the question
    ├── EndpointError       unreachable, refused the query, or kept failing after retries
    └── CacheMiss           --offline, and the answer is not in the cache

Network access is a `Transport` (endpoint, query, timeout) -> SPARQL 1.1 JSON results;
`sparqlwrapper_transport` is the real one, tests pass a fake or point it at a local server.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg import __version__, vocab
from kg.errors import CacheMiss, EndpointError, RemoteError, Transient

__all__ = ["RemoteError", "EndpointError", "CacheMiss", "Transient", "Transport", "Client",
           "USER_AGENT", "literal", "iri_ref", "sparqlwrapper_transport", "default_cache_dir"]

USER_AGENT = (f"conflict-kg/{__version__} ({vocab.HOME}; entity linking for "
              "conflict-actor knowledge graphs) SPARQLWrapper")
Results = dict[str, Any]
Transport = Callable[[str, str, float], Results]

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def literal(text: str, lang: str | None = "en") -> str:
    """A SPARQL string literal whose content can never end the string or change the query.

    Quotes, backslashes and line breaks become ECHAR escapes; other control characters
    become \\u escapes; a lone surrogate (not encodable) is replaced.
    """
    out = []
    for ch in text:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\uFFFD")
        else:
            out.append(ch)
    body = '"' + "".join(out) + '"'
    return f"{body}@{lang}" if lang else body


def iri_ref(iri: str) -> str:
    """An IRIREF for the query, percent-encoding every character SPARQL forbids inside <...>."""
    encoded = "".join(_pct(ch) if ch in _IRI_FORBIDDEN else ch for ch in iri)
    return f"<{encoded}>"


def _pct(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def sparqlwrapper_transport(endpoint: str, query: str, timeout: float) -> Results:
    """Send a query with SPARQLWrapper (POST, JSON results, our User-Agent)."""
    import urllib.error

    try:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise EndpointError("SPARQLWrapper is not installed: pip install sparqlwrapper") from err

    client = SPARQLWrapper(endpoint, agent=USER_AGENT)
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(max(1, int(timeout)))
    try:
        result = client.queryAndConvert()
    except urllib.error.HTTPError as err:
        if err.code == 429 or err.code >= 500:
            raise Transient(err.code, retry_after(err.headers.get("Retry-After"))) from err
        raise EndpointError(f"{endpoint}: HTTP {err.code} {err.reason}") from err
    except EndPointInternalError as err:
        raise Transient(500, None, f"{endpoint}: internal error") from err
    except SPARQLWrapperException as err:
        raise EndpointError(f"{endpoint}: the endpoint refused the query: {_first_line(err)}") from err
    except TimeoutError as err:
        raise Transient(0, None, f"{endpoint}: no answer within {timeout:g} s") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise EndpointError(f"{endpoint}: cannot reach the endpoint: {reason}") from err
    except (ValueError, RecursionError) as err:  # JSON that does not parse, or nests without end
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results ({_first_line(err)[:200]})") from err
    if not isinstance(result, dict) or "head" not in result or not _well_formed(result):
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results")
    return result


def _well_formed(result: dict) -> bool:  # type: ignore[type-arg]
    """An ASK answer's boolean, or a SELECT answer's list of bindings (each an object)."""
    if "boolean" in result:
        return isinstance(result["boolean"], bool)
    results = result.get("results")
    bindings = results.get("bindings") if isinstance(results, dict) else None
    return isinstance(bindings, list) and all(isinstance(b, dict) for b in bindings)


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "conflict-kg" / "link"


@dataclass
class Client:
    """Sends SELECT/ASK queries to one endpoint, through the cache, retrying transient failures."""

    endpoint: str
    transport: Transport = sparqlwrapper_transport
    cache_dir: Path | None = None
    offline: bool = False
    timeout: float = 60.0
    attempts: int = 5
    backoff: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    sent: int = 0
    retrieved: list[str] = field(default_factory=list)

    def select(self, query: str) -> Results:
        """The JSON results of a query: from the cache if there, else from the endpoint."""
        cached = self._cached(query)
        if cached is not None:
            return cached
        if self.offline:
            raise CacheMiss(f"{self.endpoint}: offline, and the cache "
                            f"({self.cache_dir}) has no answer for this query:\n{query}")
        results = self._fetch(query)
        self._store(query, results)
        return results

    def bindings(self, query: str) -> list[dict[str, dict[str, str]]]:
        return list(self.select(query).get("results", {}).get("bindings", []))

    def _fetch(self, query: str) -> Results:
        for attempt in range(1, self.attempts + 1):
            self.sent += 1
            try:
                return self.transport(self.endpoint, query, self.timeout)
            except Transient as err:
                if attempt == self.attempts:
                    raise EndpointError(f"{self.endpoint}: still failing after {attempt} "
                                        f"attempts ({err})") from err
                wait = err.retry_after if err.retry_after is not None else self.backoff * 2 ** (attempt - 1)
                self.sleep(min(wait, self.max_wait))
        raise AssertionError("unreachable")

    def _key(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.json"

    def _cached(self, query: str) -> Results | None:
        path = self._key(query)
        if path is None or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self.retrieved.append(entry.get("retrieved", ""))
        return entry.get("results")

    def _store(self, query: str, results: Results) -> None:
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        self.retrieved.append(now)
        path = self._key(query)
        if path is None:
            return
        entry = {"endpoint": self.endpoint, "query": query, "retrieved": now, "results": results}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(entry, out, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, path)
