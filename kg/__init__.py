"""conflict-kg: a knowledge graph of conflict actors, places and events from news reports."""

__version__ = "0.1.0"
