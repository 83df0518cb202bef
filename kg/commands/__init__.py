"""The `kg` commands, one module per family; kg/cli.py registers them on the app, in order."""
