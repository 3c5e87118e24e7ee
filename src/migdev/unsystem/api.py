"""GET /api/v1/activities: published activities of the UN system (chapter IV)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from migdev.core.api import PageQuery, page_of, paginate
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
