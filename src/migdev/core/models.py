from migdev.core.audit import AuditEntry
from migdev.core.tokens import ApiToken

__all__ = ["ApiToken", "AuditEntry"]
