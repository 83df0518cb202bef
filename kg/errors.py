"""Every error the package raises on purpose, as one tree; the CLI maps a branch to an exit code.

    KgError
    ├── Refused                 exit 1: the input or data was refused (the message says why)
    │   ├── InputError          a report file that cannot be read                  (kg.reader)
    │   ├── GraphError          a graph file or store that cannot be read/written  (kg.store)
    │   ├── QueryError          a query that cannot be found, parsed or run        (kg.query)
    │   ├── LinkError           the linking configuration or graph is unusable     (kg.link)
    │   ├── PushError           the remote store refused or could not be reached   (kg.push)
    │   ├── ReasonError         the reasoner refused the input                      (kg.reason)
    │   ├── VizError            a picture that cannot be made or written            (kg.viz)
    │   ├── EvalError           a gold file or the evaluation mapping is malformed (kg.evaluate)
    │   ├── UserKbError         a user's knowledge-base file (--kb) that is refused (kg.userkb)
    │   ├── Refusal             an HTTP request the endpoint refuses, with a status (kg.serve)
    │   ├── PoolError           a query worker could not open the data               (kg.sandbox)
    │   └── RemoteError         a remote endpoint could not answer                  (kg.remote)
    │       ├── EndpointError   unreachable, refused the query, or kept failing after retries
    │       └── CacheMiss       --offline, and the answer is not in the cache
    └── Broken                  exit 2: the installation or the program is at fault
        ├── KnowledgeBaseError  the knowledge base or ontology files cannot be read (kg.kb)
        ├── CodebookError       the codebook crosswalk cannot be read               (kg.codebook)
        ├── ModelError          the spaCy model cannot be loaded                    (kg.nlp)
        ├── ClusterError        the cluster cannot be started or reached            (kg.cluster)
        ├── ValidationError     the shapes cannot be read or validation cannot run  (kg.validate)
        ├── ReasonerUnavailable HermiT cannot run here (no Java, or owlready2)      (kg.reason)
        ├── RendererMissing     the static picture needs matplotlib                 (kg.viz)
        └── Transient           a failure worth retrying; escapes only by a bug     (kg.remote)

Each class keeps the built-in base it always had (ValueError or RuntimeError), so code that
catches those still does. The modules named above re-export their classes.
"""

from __future__ import annotations

from http import HTTPStatus

__all__ = ["KgError", "Refused", "Broken", "InputError", "GraphError", "QueryError", "LinkError", "PushError",
           "ReasonError", "VizError", "EvalError", "UserKbError", "Refusal", "PoolError", "RemoteError",
           "EndpointError", "CacheMiss",
           "KnowledgeBaseError", "CodebookError", "ModelError", "ClusterError", "ValidationError",
           "ReasonerUnavailable", "RendererMissing", "Transient", "REFUSED", "BROKEN", "exit_code"]

REFUSED = 1
BROKEN = 2


class KgError(Exception):
    """Base of every error the package raises on purpose."""


class Refused(KgError):
    """The input or data was refused: exit 1 with the message."""


class Broken(KgError):
    """Usage or internal error (missing dependency, unreadable installed data): exit 2."""


class InputError(Refused, ValueError):
    """A report file that cannot be read; the message names the file and the problem."""


class GraphError(Refused, ValueError):
    """A graph file or store that cannot be read or written; the message names it."""


class QueryError(Refused, ValueError):
    """A query that cannot be found, parsed or run; the message says which and where."""


class LinkError(Refused, ValueError):
    """The linking configuration or the graph to link cannot be used."""


class PushError(Refused, ValueError):
    """The store refused or could not be reached; the message names the URL and the cause."""


class ReasonError(Refused, ValueError):
    """The reasoner refused the input: over the size or time limit, or unreadable."""


class VizError(Refused, ValueError):
    """A picture that cannot be made or written; the message names the file or value."""


class EvalError(Refused, ValueError):
    """A gold file or the evaluation mapping is missing or malformed."""


class UserKbError(Refused, ValueError):
    """A user's knowledge-base file that cannot be read; the message names the file, line and problem."""


class PoolError(Refused, RuntimeError):
    """A query worker could not start (the data could not be opened); the message says why."""


class Refusal(Refused):
    """A request the SPARQL endpoint refuses, answered with this HTTP status."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


class RemoteError(Refused, ValueError):
    """A remote endpoint could not answer; the message names the endpoint and the cause."""


class EndpointError(RemoteError):
    """The endpoint is unreachable, refused the query, or kept failing after the retries."""


class CacheMiss(RemoteError):
    """Offline, and the cache has no answer for a query."""


class KnowledgeBaseError(Broken, ValueError):
    """The knowledge base or ontology files cannot be read."""


class CodebookError(Broken, ValueError):
    """The codebook crosswalk cannot be read, or a class has no code where one is required."""


class ModelError(Broken, RuntimeError):
    """The spaCy model cannot be loaded; the message names it and how to install it."""


class ClusterError(Broken, ValueError):
    """The cluster cannot be started or reached."""


class ValidationError(Broken, ValueError):
    """The shapes cannot be read or the validation cannot run."""


class ReasonerUnavailable(Broken, RuntimeError):
    """HermiT cannot run here (no Java, or owlready2 missing)."""


class RendererMissing(Broken, ValueError):
    """The static picture needs matplotlib: install the `viz` extra."""


class Transient(Broken):
    """A failure worth retrying (HTTP 429 or 5xx), with the server's Retry-After if it gave one."""

    def __init__(self, status: int, retry_after: float | None, message: str = "") -> None:
        super().__init__(message or f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def exit_code(err: KgError) -> int:
    """The exit code of an error by its branch of the tree."""
    return REFUSED if isinstance(err, Refused) else BROKEN
