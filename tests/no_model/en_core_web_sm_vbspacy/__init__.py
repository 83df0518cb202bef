"""Stands in for the English model package in processes started by a test without the `model` mark.

tests/conftest.py puts this folder first on PYTHONPATH for such tests, so a `kg build` they run
fails at once, naming the reason, instead of loading the model and slowing the fast tier.
"""

raise ImportError("this test loads the spaCy model in a process it starts: mark it with pytest.mark.model")
