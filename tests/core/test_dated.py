import datetime as dt

import pytest

from migdev.registry.models import Country, Grouping, GroupMembership
from migdev.registry.selectors import country_groupings, grouping_members


@pytest.mark.django_db
def test_membership_holds_from_start_until_the_day_before_end():
    vanuatu = Country.objects.get(iso3="VUT")
    ldc = Grouping.objects.get(code="941")
    graduation = dt.date(2020, 12, 4)
    assert (
        GroupMembership.objects.filter(country=vanuatu, grouping=ldc)
        .as_of(dt.date(2020, 12, 3))
        .exists()
    )
    assert (
        not GroupMembership.objects.filter(country=vanuatu, grouping=ldc)
        .as_of(graduation)
        .exists()
    )
    assert vanuatu in grouping_members(ldc, as_of=dt.date(2019, 1, 1))
    assert vanuatu not in grouping_members(ldc, as_of=dt.date(2021, 1, 1))
    codes_2021 = {g.code for g in country_groupings(vanuatu, as_of=dt.date(2021, 1, 1))}
    assert "934" in codes_2021 and "941" not in codes_2021


@pytest.mark.django_db
def test_un_membership_starts_on_admission_day():
    south_sudan = Country.objects.get(iso3="SSD")
    members = Grouping.objects.get(code="un-members")
    assert south_sudan not in grouping_members(members, as_of=dt.date(2011, 7, 13))
    assert south_sudan in grouping_members(members, as_of=dt.date(2011, 7, 14))


@pytest.mark.django_db
def test_member_count_on_dates():
    members = Grouping.objects.get(code="un-members")
    assert grouping_members(members, as_of=dt.date(2026, 1, 1)).count() == 193
    assert grouping_members(members, as_of=dt.date(2008, 3, 18)).count() == 192
