"""Demo content of the registry: one login per role, with contacts.

The names and addresses are illustrative, not real people."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from migdev.registry import services
from migdev.registry.models import Contact, Country, Organization, RoleAssignment


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    party: str = ""


DEMO_PASSWORD = "migdev-demo"

LOGINS = [
    (
        "secretariat",
        "Secretariat",
        "Officer",
        RoleAssignment.Role.SECRETARIAT,
        None,
        None,
    ),
    ("focal.fra", "Claire", "Martin", RoleAssignment.Role.FOCAL_POINT, "FRA", None),
    ("focal.mex", "Lucía", "Hernández", RoleAssignment.Role.FOCAL_POINT, "MEX", None),
    ("focal.egy", "Amira", "Hassan", RoleAssignment.Role.FOCAL_POINT, "EGY", None),
    ("reporter.iom", "Jonas", "Berg", RoleAssignment.Role.ORG_REPORTER, None, "iom"),
    (
        "forum.support",
        "Forum",
        "Support",
        RoleAssignment.Role.FORUM_SUPPORT,
        None,
        None,
    ),
]

LANGUAGE_OF = {"FRA": "fr", "MEX": "es", "EGY": "ar", "CHN": "zh-hans", "RUS": "ru"}


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    User = get_user_model()
    result = []
    for username, first, last, role, iso3, org_code in LOGINS:
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
