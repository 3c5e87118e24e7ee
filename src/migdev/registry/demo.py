"""Demo content of the registry: one login per role, with contacts.

The names and addresses are illustrative, not real people; they are data,
in ``demo_data/logins.yaml``."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from migdev.core.demo_data import demo_data
from migdev.registry import services
from migdev.registry.models import Contact, Country, Organization, RoleAssignment


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    party: str = ""


#: The logins, their password and their contacts' languages:
#: ``demo_data/logins.yaml``.
DATA = demo_data(__package__, "logins")
DEMO_PASSWORD: str = DATA["password"]
LANGUAGE_OF: dict[str, str] = DATA["preferred_language"]


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    User = get_user_model()
    result = []
    for login in DATA["logins"]:
        username, first, last = (
            login["username"],
            login["first_name"],
            login["last_name"],
        )
        role = RoleAssignment.Role(login["role"])
        iso3, org_code = login.get("country"), login.get("organization")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == RoleAssignment.Role.SECRETARIAT
            user.is_superuser = role == RoleAssignment.Role.SECRETARIAT
            user.save()
        country = Country.objects.get(iso3=iso3) if iso3 else None
        organization = Organization.objects.get(code=org_code) if org_code else None
        services.role_assign(
            user=user, role=role, country=country, organization=organization
        )
        if (
            country is not None
            and not Contact.objects.filter(country=country, user=user).exists()
        ):
            Contact.objects.create(
                kind=Contact.Kind.FOCAL_POINT,
                country=country,
                user=user,
                name=f"{first} {last}",
                title="National focal point (demo)",
                email=user.email,
                preferred_language=LANGUAGE_OF.get(iso3, "en"),
            )
            Contact.objects.create(
                kind=Contact.Kind.PERMANENT_MISSION,
                country=country,
                name=f"Permanent Mission of {country.name.get_text('en')} (demo)",
                email=f"mission.{iso3.lower()}@example.org",
                preferred_language=LANGUAGE_OF.get(iso3, "en"),
            )
        if (
            organization is not None
            and not Contact.objects.filter(
                organization=organization, user=user
            ).exists()
        ):
            Contact.objects.create(
                kind=Contact.Kind.REPORTING_OFFICER,
                organization=organization,
                user=user,
                name=f"{first} {last}",
                email=user.email,
            )
        party = iso3 or org_code or ""
        result.append(
            DemoLogin(username, DEMO_PASSWORD, RoleAssignment.Role(role).label, party)
        )
    return result
