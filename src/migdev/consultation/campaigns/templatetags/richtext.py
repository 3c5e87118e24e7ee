from django import template
from django.utils.safestring import SafeString, mark_safe

from migdev.outreach.richtext import sanitize as _sanitize

register = template.Library()


@register.filter
def sanitized(value: object) -> SafeString:
    """Letter HTML, cleaned again at display: whatever wrote it, only the
    allowed tags and links reach the page."""
    return mark_safe(_sanitize(str(value or "")))
