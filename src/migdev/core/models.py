from migdev.core.audit import AuditEntry

__all__ = ["AuditEntry"]
