"""The resolve stage: mentions -> canonical actors and places; event candidates -> events.

The entry is `Resolver`. Its modules depend on each other in one direction:

    entities     mentions, anaphora, pronouns, acronyms, metonymy; new entities for unknown names
    codes        codebook codes of an event and its participants
    events       event grouping (typed `EventGroup` records), then codes
    relations    relation candidates kept where their ends fit the predicate
    resolver     `Resolver`, the stage in order
"""

from kg.resolve.entities import slug
from kg.resolve.resolver import Resolver

__all__ = ["Resolver", "slug"]
