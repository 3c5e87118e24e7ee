"""What outreach asks of the module that owns a request.

A module registers, once (in its ``AppConfig.ready``), the prefix of its
requests' ``owner`` (``"campaigns.campaign"`` for ``"campaigns.campaign:12"``)
with:

- ``reminder(recipient, rule, url) -> Letter``: the reminder's text (``url``
  is the recipient's new link, or None when its link is revoked or the module
  has no links);
- ``addresses(recipient) -> (to, cc)``: where its messages go, today;
- ``link_path``: the page a link opens (``"…/link/{token}/"``), or None;
- ``allows(roles, action, request) -> bool``: who besides the secretariat may
  see (``"view"``) or manage (``"manage"``) the request's recipients,
  messages and follow-ups (the secretariat may always).

A module may also register a *composer* (``composer_register(name,
compose)``): a message enqueued without a letter under a dedupe key
``"<name>:…"`` is composed by ``compose(message) -> Letter`` when the
delivery task sends it, in the message's language. A request that decides a
message is due (a reply's receipt) then pays only for the outbox row; the
dedupe key names what the composer reads (``"responses.receipt:<version>"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migdev.outreach.mail import Letter
from migdev.outreach.models import Message, Recipient, ReminderRule, Request


@dataclass(frozen=True)
class Owner:
    prefix: str
    reminder: Callable[[Recipient, ReminderRule, str | None], Letter] | None = None
    addresses: Callable[[Recipient], tuple[list[str], list[str]]] | None = None
    link_path: str | None = None
    allows: Callable[[Any, str, Request], bool] | None = None


_OWNERS: dict[str, Owner] = {}
_COMPOSERS: dict[str, Callable[[Message], Letter]] = {}


def register(
    prefix: str,
    *,
    reminder: Callable[[Recipient, ReminderRule, str | None], Letter] | None = None,
    addresses: Callable[[Recipient], tuple[list[str], list[str]]] | None = None,
    link_path: str | None = None,
    allows: Callable[[Any, str, Request], bool] | None = None,
) -> Owner:
    """Declare the module that owns the requests ``prefix:…``."""
    if ":" in prefix:
        raise ValueError("An owner prefix has no ':' (it comes before it).")
    owner = Owner(prefix, reminder, addresses, link_path, allows)
    _OWNERS[prefix] = owner
    return owner


def owner_of(request: Request) -> Owner | None:
    return _OWNERS.get(request.owner.partition(":")[0])


def owner_key(prefix: str, pk: Any) -> str:
    """The ``owner`` string of a module's object: ``"<prefix>:<pk>"``."""
    return f"{prefix}:{pk}"


def composer_register(name: str, compose: Callable[[Message], Letter]) -> None:
    """Declare how the messages enqueued without a letter under the dedupe
    keys ``"<name>:…"`` are composed when they are sent."""
    if ":" in name:
        raise ValueError("A composer's name has no ':' (it comes before it).")
    _COMPOSERS[name] = compose


def composer_of(dedupe_key: str) -> Callable[[Message], Letter] | None:
    """The composer of the messages under ``dedupe_key``, if one is registered."""
    return _COMPOSERS.get(dedupe_key.partition(":")[0])
