"""Demo content of the cooperation module (data/demo.json): the mechanisms,
instruments and funds that A/63/265 names (¶45–63), the classification of
¶57–63 as reviewed assessments, and EUR rates for 2007–2008 (none for 2009,
so totals of 2009 disbursements show "no rate"). Memberships marked
illustrative are guesses; commitments are paraphrased, updates invented.
Idempotent: nothing is loaded twice."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from migdev.cooperation import services
from migdev.cooperation.models import Fund, Mechanism, Theme
from migdev.core.i18n import LocalizedText
from migdev.registry.models import Country, Grouping, Organization, RoleAssignment
from migdev.registry.services import role_assign


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _secretariat(username: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    if created:
        user.set_password("migdev-demo")
        user.save()
        role_assign(user=user, role=RoleAssignment.Role.SECRETARIAT, actor=None)
    return user


@transaction.atomic
def load_demo() -> None:
    services.themes_load()
    if Mechanism.objects.filter(code="midsa").exists():
        return None
    with (
        resources.files("migdev.cooperation")
        .joinpath("data", "demo.json")
        .open(encoding="utf-8") as fh
    ):
        data = json.load(fh)
    assessor = _secretariat("secretariat.assessor")
    reviewer = _secretariat("secretariat.reviewer")
    countries = {c.iso3: c for c in Country.objects.exclude(iso3=None)}
    orgs = {o.code: o for o in Organization.objects.all()}
    mechanisms = {}
    for row in data["mechanisms"]:
        org = orgs.get(row["org"]) if row.get("org") else None
        name = LocalizedText(row.get("name") or dict(org.name))
        m = Mechanism.objects.create(
            code=row["code"],
            kind=row["kind"],
            organization=org,
            name=name,
            acronym=LocalizedText(dict(org.acronym) if org else {}),
            founded=_day(row.get("founded")),
            founded_year_only=row.get("year_only", False),
            references=row.get("refs", ""),
            membership_illustrative=row.get("illustrative", False),
        )
        m.supporting_organizations.set([orgs[c] for c in row.get("support", [])])
        mechanisms[m.code] = m
        for p in row["members"]:
            services.participation_add(
                assessor,
                m,
                role="member",
                country=countries[p["iso3"]],
                start=_day(p["start"]),
                end=_day(p.get("end")),
                illustrative=p.get("illustrative", False),
            )
        if "group" in row:
            a = services.assessment_record(
                assessor,
                m,
                period_start=dt.date(2006, 1, 1),
                period_end=dt.date(2008, 6, 30),
                levels=data["levels"][str(row["group"])],
                evidence="A/63/265, " + row.get("refs", ""),
                source="A/63/265 (2008), ¶57–63",
            )
            services.assessment_review(reviewer, a)
    services.participation_add(
        assessor, mechanisms["rcm"], role="observer", organization=orgs["iom"]
    )
    themes = {t.code: t for t in Theme.objects.all()}
    for row in data["instruments"]:
        instrument = services.instrument_create(
            assessor,
            mechanism=mechanisms[row["mechanism"]],
            code=row["code"],
            kind=row["kind"],
            title=row["title"],
            adopted=_day(row["adopted"]),
            place=row["place"],
            references=row["refs"],
            commitments=[
                {
                    "number": n,
                    "text": {"en": text},
                    "responsible": who,
                    "deadline": _day(deadline),
                    "themes": th,
                }
                for n, text, who, deadline, th, _updates in row["commitments"]
            ],
        )
        instrument.themes.set(
            {themes[c] for *_x, th, _u in row["commitments"] for c in th}
        )
        for n, _text, _who, _deadline, _th, updates in row["commitments"]:
            commitment = instrument.commitments.get(number=n)
            for day, status in updates:
                services.commitment_update_record(
                    assessor,
                    commitment,
                    day=_day(day),
                    status=status,
                    evidence="Illustrative update",
                )
    for row in data["funds"]:
        fund = services.fund_save(
            assessor,
            Fund(code=row["code"]),
            name=LocalizedText(row["name"]),
            mechanism=mechanisms[row["mechanism"]],
            amount=Decimal(row["amount"]),
            currency=row["currency"],
            announced=_day(row["announced"]),
            region=Grouping.objects.filter(code=row["region"]).first()
            if row["region"]
            else None,
            references=row["refs"],
        )
        fund.donor_organizations.set([orgs[c] for c in row["donors_org"]])
        fund.donor_countries.set([countries[c] for c in row["donors"]])
        fund.managers.set([orgs[c] for c in row["managers"]])
        fund.themes.set([themes[c] for c in row["themes"]])
        services.flows_record(
            assessor,
            fund,
            [{"kind": k, "day": _day(d), "amount": a} for k, d, a in row["flows"]],
        )
    for currency, year, rate, source in data["rates"]:
        services.rate_set(
            assessor, currency=currency, year=year, usd_per_unit=rate, source=source
        )
    return None
