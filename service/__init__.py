"""The application layer: the only way in for the web app, the CLI and the worker."""
