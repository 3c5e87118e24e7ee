"""Permission rules of this app (see migdev.registry.permissions)."""
