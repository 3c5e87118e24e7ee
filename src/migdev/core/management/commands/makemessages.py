"""``makemessages`` that also collects the phrases of ``migdev.stats``.

``migdev.stats`` imports no Django; it marks its phrases with
``migdev.languages.pgettext_noop(context, message)`` and reads their
translations from the same catalogs (see ``migdev.languages``).
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=pgettext_noop:1c,2",
    ]
