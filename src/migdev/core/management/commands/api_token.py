"""Issue, list and revoke API tokens.

migdev api_token create USERNAME --name "Data portal" [--scope read|write]
migdev api_token list [USERNAME]
migdev api_token revoke PREFIX_OR_ID
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from migdev.core.tokens import ApiToken, token_create, token_revoke


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens (Authorization: Bearer …)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token; it is printed once.")
        create.add_argument("username")
        create.add_argument(
            "--name", required=True, help="What the token is for (shown in lists)."
        )
        create.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read: GET only (default); write: every method.",
        )
        listing = sub.add_parser("list", help="List tokens (secrets are not kept).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("token", help="Its first characters (mdv_…) or its id.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, scope: str, **_: Any) -> None:
        user = self._user(username)
        token, raw = token_create(user=user, name=name, scope=scope)
        self.stdout.write(
            f"Token {token.pk} for {user.get_username()} ({token.get_scope_display()}). "
            "Copy it now, it is not kept:"
        )
        self.stdout.write(raw)

    def _list(self, *, username: str | None = None, **_: Any) -> None:
        tokens = ApiToken.objects.select_related("user").order_by(
            "user__username", "pk"
        )
        if username:
            tokens = tokens.filter(user=self._user(username))
        for t in tokens:
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(
                f"{t.pk}\t{t.prefix}…\t{t.user.get_username()}\t{t.scope}\t"
                f"{state}\tlast used {used}\t{t.name}"
            )

    def _revoke(self, *, token: str, **_: Any) -> None:
        matches = (
            ApiToken.objects.filter(pk=int(token))
            if token.isdigit()
            else ApiToken.objects.filter(prefix__startswith=token)
        )
        if len(token) < 6 and not token.isdigit():
            raise CommandError("Give at least 6 characters of the token, or its id.")
        found = list(matches[:2])
        if not found:
            raise CommandError(f"No token starts with {token!r} or has that id.")
        if len(found) > 1:
            raise CommandError(f"Several tokens start with {token!r}: give more.")
        revoked = token_revoke(token=found[0])
        self.stdout.write(
            f"Token {revoked.pk} ({revoked.prefix}…, {revoked.name}) revoked."
        )

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user is called {username!r}.") from exc
