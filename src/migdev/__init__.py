"""migdev: the follow-up machinery of international migration and development."""

__version__ = "0.1.0"
