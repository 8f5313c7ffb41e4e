"""goodwill: a local-first relationship manager."""

__version__ = "0.1.0"
