"""GET /api/v1/activities: published activities of the UN system (chapter IV)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from migdev.core.api import PageQuery, language_param, page_of, paginate
from migdev.core.dated import check_day
from migdev.core.errors import BadInput
from migdev.registry import selectors as registry
from migdev.unsystem import selectors
from migdev.unsystem.models import category_of

router = Router(tags=["un-system"])


class ActivityOut(Schema):
    id: int
    cycle: int
    entity: str = Field(description="Registry code of the entity (e.g. 'unfpa').")
    category: str = Field(
        description="secretariat, regional_commissions, funds_programmes, research, specialized_agencies, other or gmg."
    )
    title: str
    description: str
    language: str = Field(
        description="Language the entity wrote in: ar, zh-hans, en, fr, ru or es."
    )
    period_start: dt.date | None
    period_end: dt.date | None
    partners: str
    funding: str
    links: list[str]
    themes: list[str]
    tags: list[str] = Field(
        description="Global Compact objectives and SDG targets ('gcm-20', 'sdg-10.c')."
    )


@router.get(
    "/activities",
    response=page_of(ActivityOut),
    summary="Published activities of United Nations entities (a page); cycle: a reporting cycle's id",
)
def activities_list(
    request: HttpRequest,
    page: Query[PageQuery],
    cycle: int | None = None,
    tag: str | None = None,
) -> dict:
    """``tag``: a Global Compact objective or SDG target ('gcm-20', 'SDG 10.c');
    a target also finds activities tagged with its indicators."""
    qs = selectors.activities_published()
    if cycle is not None:
        # An id out of any key's range (and of SQLite's integers) names no cycle.
        in_range = 1 <= cycle <= 2**31 - 1
        qs = qs.filter(contribution__cycle_id=cycle) if in_range else qs.none()
    if tag:
        try:
            target = registry.framework_target_get(tag)
        except registry.UnknownCode as exc:
            raise BadInput(str(exc), field="tag") from exc
        qs = registry.tagged_with(qs, target)

    def out(rows):
        return [
            ActivityOut(
                id=a.pk,
                cycle=a.contribution.cycle_id,
                entity=a.contribution.organization.code,
                category=category_of(a.contribution.organization),
                title=a.title,
                description=a.description,
                language=a.language,
                period_start=a.period_start,
                period_end=a.period_end,
                partners=a.partners,
                funding=a.funding,
                links=[line.strip() for line in a.links.splitlines() if line.strip()],
                themes=[t.code for t in a.themes.all()],
                tags=[t.code for t in a.tags.all()],
            )
            for a in rows
        ]

    return paginate(request, qs, page, out)


class GroupChairOut(Schema):
    chair: str = Field(description="Registry code of the chairing entity.")
    start: dt.date
    end: dt.date = Field(description="Exclusive.")
    note: str


class JointProductOut(Schema):
    kind: str
    title: str
    published: dt.date
    year_only: bool
    contributors: list[str]
    url: str


class MigrationGroupOut(Schema):
    as_of: dt.date
    code: str
    name: str
    members: list[str] = Field(description="Registry codes of the members on as_of.")
    chair: GroupChairOut | None = Field(description="The chair on as_of.")
    chairs: list[GroupChairOut] = Field(description="The rotation, oldest first.")
    products: list[JointProductOut]


class CoordinationMeetingOut(Schema):
    number: int
    start: dt.date
    end: dt.date
    place: str
    convener: str
    mandate: str
    participants: list[str] = Field(description="Registry codes.")
    participants_illustrative: bool
    url: str


def _chair(t) -> GroupChairOut:
    return GroupChairOut(chair=t.chair.code, start=t.start, end=t.end, note=t.note)


@router.get(
    "/gmg",
    response=MigrationGroupOut,
    summary="The Global Migration Group: members, chair rotation, joint products",
)
def gmg_get(
    request: HttpRequest, as_of: dt.date | None = None, lang: str | None = None
) -> MigrationGroupOut:
    lang = language_param(lang)
    view = selectors.gmg(check_day(as_of))
    return MigrationGroupOut(
        as_of=view.day,
        code=view.group.code,
        name=view.group.name.get_text(lang),
        members=[o.code for o in view.members],
        chair=_chair(view.chair) if view.chair else None,
        chairs=[_chair(t) for t in view.rotation.terms],
        products=[
            JointProductOut(
                kind=p.kind,
                title=p.title.get_text(lang),
                published=p.published,
                year_only=p.year_only,
                contributors=[o.code for o in p.contributors.all()],
                url=p.url,
            )
            for p in view.products
        ],
    )


@router.get(
    "/coordination-meetings",
    response=page_of(CoordinationMeetingOut),
    summary="Coordination Meetings on International Migration, with their participants (a page)",
)
def meetings_list(request: HttpRequest, page: Query[PageQuery]) -> dict:
    def out(rows):
        return [
            CoordinationMeetingOut(
                number=m.number,
                start=m.start,
                end=m.end,
                place=m.place,
                convener=m.convener.code,
                mandate=m.mandate,
                participants=sorted(o.code for o in m.participants.all()),
                participants_illustrative=m.participants_illustrative,
                url=m.url,
            )
            for m in rows
        ]

    return paginate(request, selectors.meetings(), page, out)
