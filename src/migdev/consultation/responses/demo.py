"""Demo replies to the 2008 consultation (A/63/265, ¶21–24): 64 Member States.

ILLUSTRATIVE DATA. The report does not say which States replied, nor in what
words: the 64 States are chosen here deterministically, spread over the
regions, and their answers are written so that the counts give the report's
words. ¶22: almost all see the Global Forum as a useful outcome of the
Dialogue (61), only three give no view or do not see it as a formal outcome,
one sixth want the Forum to be the sole follow-up (11); many say it lets
practitioners exchange experience (26), several point to its informal,
State-led nature (7), some want stronger links with the United Nations (14),
others want more time first (5, the report gives no number). ¶23–24: many see
follow-up as taking stock (26); some want the General Assembly to take the
Forum's ideas into account, some periodic high-level debates, some action
through existing multilateral structures (14 each); the other proposals are
those ¶23 lists without a number (the item on the Assembly's agenda,
cooperation and dialogue at the regional and global levels, regional or
thematic meetings), drawn at random. The words are the quantifiers of
``migdev.stats.quantifiers`` for those counts out of 64. What is not in the
report (the wording of every answer, the Forum as a complement to the United
Nations, the reasons for a sole follow-up, the multilateral system's
activities) is illustrative. Replies arrive between 20 March and 15 July
2008, most around the deadline of 30 April, 60 of them by 30 June; a few were
received by fax and entered by the secretariat.

The numbers and the texts are data, in ``demo_data/replies.yaml``; the draw
is here. ``load_demo()`` is idempotent: a State that already has a reply is
left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from migdev.consultation.campaigns.demo import record_follow_up
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.questionnaires.validation import AnswerErrors, clean_answers
from migdev.consultation.responses.models import ResponseVersion
from migdev.core.demo_data import demo_data

log = logging.getLogger(__name__)

#: Which States reply, when, and in what words: ``demo_data/replies.yaml``.
DATA = demo_data(__package__, "replies")
QUESTIONNAIRE_CODE: str = DATA["questionnaire"]
REPLIES: int = DATA["replies"]
SEED: str = DATA["seed"]
#: How many of the replies come from each M49 region; Member States only.
PER_REGION: dict[str, int] = DATA["per_region"]
#: States that reply whatever the draw (they have demo focal-point logins).
ALWAYS: tuple[str, ...] = tuple(DATA["always"])
NO_VIEW: int = DATA["no_view"]
SOLE: int = DATA["sole"]
BY_FAX: int = DATA["by_fax"]
#: Reply windows: (first day, last day, number of replies).
WINDOWS: list[tuple[dt.date, dt.date, int]] = [
    (w["first"], w["last"], w["replies"]) for w in DATA["windows"]
]
#: ¶22 "others" think the Forum needs more time: the report gives no number.
OTHERS: int = DATA["more_time_states"]
LANGUAGES: tuple[str, ...] = tuple(DATA["languages"])

# The texts, in the six languages: a string, or a list of variants to draw from.
_TEXTS = DATA["texts"]
USEFUL = _TEXTS["useful"]
NOT_FORMAL = _TEXTS["not_formal"]
EXCHANGE = _TEXTS["exchange"]
STATE_LED = _TEXTS["state_led"]
UN_LINKS = _TEXTS["un_links"]
MORE_TIME = _TEXTS["more_time"]
STOCKTAKING = _TEXTS["stocktaking"]
SOLE_REASONS = _TEXTS["sole_reasons"]
NOT_SOLE = _TEXTS["not_sole"]
GFMD_IDEAS = _TEXTS["gfmd_ideas"]
MULTILATERAL_SYSTEM = _TEXTS["multilateral_system"]
#: ¶23–24: the text of each form of follow-up a State proposes.
PROPOSALS: dict[str, dict[str, str]] = DATA["proposals"]
#: ¶23 lists these without a number: each is drawn with its chance.
DRAWN_PROPOSALS: dict[str, float] = DATA["drawn_proposals"]

# A tiny valid PDF standing for the fax the secretariat received.
_PDF = """%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length {length}>>stream
{stream}
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""


def _fax_pdf(iso3: str, day: dt.date) -> bytes:
    stream = (
        f"BT /F1 12 Tf 60 780 Td (Facsimile - reply of {iso3} to the questionnaire "
        f"of 18 March 2008) Tj 0 -20 Td (Received {day.isoformat()}. Illustrative "
        f"demo document.) Tj ET"
    )
    return _PDF.format(length=len(stream), stream=stream).encode("ascii")


# --- Choosing the States, their positions and their dates ----------------------------


def _rank(value: str) -> str:
    return hashlib.sha256(f"{SEED}:{value}".encode()).hexdigest()


def choose_states(recipients: list[Recipient]) -> list[Recipient]:
    """64 Member States on the roster, spread over the regions, deterministic."""
    from migdev.registry.models import Country, GroupMembership

    by_country = {
        r.country_id: r for r in recipients if r.country.status == Country.Status.MEMBER
    }
    region_of = dict(
        GroupMembership.objects.filter(
            grouping__code__in=PER_REGION, country_id__in=by_country
        ).values_list("country_id", "grouping__code")
    )
    chosen = [r for r in by_country.values() if r.country.iso3 in ALWAYS]
    for region, wanted in PER_REGION.items():
        pool = sorted(
            (
                r
                for cid, r in by_country.items()
                if region_of.get(cid) == region and r not in chosen
            ),
            key=lambda r: _rank(r.country.iso3),
        )
        already = sum(1 for r in chosen if region_of.get(r.country_id) == region)
        chosen += pool[: max(0, wanted - already)]
    if len(chosen) < REPLIES:  # a roster without some regions: fill from the rest
        rest = sorted(
            (r for r in by_country.values() if r not in chosen),
            key=lambda r: _rank(r.country.iso3),
        )
        chosen += rest[: REPLIES - len(chosen)]
    return sorted(chosen[:REPLIES], key=lambda r: _rank("order:" + r.country.iso3))


def reply_dates() -> list[dt.date]:
    rng = random.Random(SEED)
    days: list[dt.date] = []
    for first, last, count in WINDOWS:
        span = (last - first).days
        # Around the deadline, replies bunch on the days just before and after it.
        for _ in range(count):
            if first.month == 4 and first.day == 23:
                offset = min(span, max(0, round(rng.triangular(0, span, 7))))
            else:
                offset = rng.randint(0, span)
            days.append(first + dt.timedelta(days=offset))
    return sorted(days)


def _text(table: dict[str, Any], language: str, rng: random.Random, **fmt: str) -> str:
    options = table.get(language) or table["en"]
    text = rng.choice(options) if isinstance(options, list) else options
    return text.format(**fmt)


def compose_answers(
    *,
    stance: str,
    language: str,
    state: str,
    rng: random.Random,
    views: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Answers to the 2008 questionnaire for one State; ``stance`` is
    ``useful``, ``sole`` or ``no_view``, and ``views`` the secondary views
    (:data:`VIEWS`) this State was given. ``state`` is kept for callers; the
    answers speak of "our Government" and need no State's name."""
    lang = language if language in LANGUAGES else "en"
    answers: dict[str, Any] = {}
    if stance == "no_view":
        answers["forum_view"] = _text(NOT_FORMAL, lang, rng)
        answers["forum_useful"] = "no"
        answers["sole_mechanism"] = "no"
        answers["un_follow_up_needed"] = "yes"
    else:
        parts = [_text(USEFUL, lang, rng)]
        if "exchange" in views:
            parts.append(EXCHANGE[lang])
        if "state_led" in views:
            parts.append(STATE_LED[lang])
        if stance != "sole" and rng.random() < 0.5:
            parts.append(NOT_SOLE[lang])  # illustrative: not in the report
        answers["forum_view"] = " ".join(parts)
        answers["forum_useful"] = "yes"
        answers["sole_mechanism"] = "yes" if stance == "sole" else "no"
        if stance == "sole":
            answers["sole_mechanism_reasons"] = _text(SOLE_REASONS, lang, rng)
            answers["un_follow_up_needed"] = "no"
        else:
            answers["un_follow_up_needed"] = "yes"
    relationship = [
        table[lang]
        for view, table in (("un_links", UN_LINKS), ("more_time", MORE_TIME))
        if view in views
    ]
    if relationship:
        answers["forum_un_relationship"] = " ".join(relationship)
    if answers["un_follow_up_needed"] == "yes":
        # ¶23 lists these without a number: drawn at random.
        options = [k for k, w in DRAWN_PROPOSALS.items() if rng.random() < w]
        if "periodic_debates" in views:
            options.append("high_level_debates")
        if "existing_structures" in views:
            options.append("multilateral")
        options = options or ["ga_agenda"]
        answers["follow_up_options"] = options
        sentences = [STOCKTAKING[lang]] if "stocktaking" in views else []
        sentences += [PROPOSALS[k][lang] for k in options]
        if "forum_ideas" in views:
            sentences.append(GFMD_IDEAS[lang])
        answers["follow_up_proposals"] = " ".join(sentences)
    if rng.random() < 0.4:
        answers["multilateral_system"] = MULTILATERAL_SYSTEM[lang]  # illustrative
    return answers


#: Secondary views of ¶22–24: (name, how many States, who may hold it).
VIEWS: tuple[tuple[str, int, frozenset[str]], ...] = tuple(
    (view["name"], view["states"], frozenset(view["stances"])) for view in DATA["views"]
)


def assign_views(
    stance: dict[int, str], states: list[Recipient]
) -> dict[int, set[str]]:
    """Recipient id → its secondary views: each view goes to exactly its
    number of the States that may hold it, chosen deterministically; "more
    time" goes to others than "stronger links"."""
    views: dict[int, set[str]] = {r.pk: set() for r in states}
    for name, count, stances in VIEWS:
        pool = sorted(
            (r for r in states if stance[r.pk] in stances),
            key=lambda r: _rank(f"{name}:{r.country.iso3}"),
        )
        for r in pool[:count]:
            views[r.pk].add(name)
    pool = sorted(
        (
            r
            for r in states
            if stance[r.pk] == "useful" and "un_links" not in views[r.pk]
        ),
        key=lambda r: _rank(f"more_time:{r.country.iso3}"),
    )
    for r in pool[:OTHERS]:
        views[r.pk].add("more_time")
    return views


def _clean(questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """Keep only what the questionnaire accepts (it may have been edited)."""
    for _attempt in range(3):
        try:
            return clean_answers(questionnaire, answers, partial=True)
        except AnswerErrors as exc:
            answers = {k: v for k, v in answers.items() if k not in exc.errors}
    return {}


# --- Loading ------------------------------------------------------------------------


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def load_demo() -> list:
    campaign = (
        Campaign.objects.filter(questionnaire__code=QUESTIONNAIRE_CODE)
        .select_related("questionnaire")
        .order_by("request__opens_on", "pk")
        .first()
    )
    if campaign is None:
        log.warning(
            "Demo replies skipped: no campaign uses the questionnaire %s.",
            QUESTIONNAIRE_CODE,
        )
        return []
    recipients = list(campaign.recipients.select_related("country", "outreach"))
    if not recipients:
        log.warning("Demo replies skipped: the 2008 campaign has no recipients.")
        return []
    with transaction.atomic():
        _load(campaign, recipients)
        # The campaign's reminders and calls went to the States that had not
        # replied on each date; only now are the replies there to tell.
        record_follow_up()
    return []


def _load(campaign: Campaign, recipients: list[Recipient]) -> None:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["secretariat", "focal.fra", "focal.mex", "focal.egy"]
        )
    }
    states = choose_states(recipients)
    days = reply_dates()
    stance_order = sorted(states, key=lambda r: _rank("stance:" + r.country.iso3))
    stance = {r.pk: "useful" for r in states}
    for r in stance_order[:NO_VIEW]:
        stance[r.pk] = "no_view"
    for r in stance_order[NO_VIEW : NO_VIEW + SOLE]:
        stance[r.pk] = "sole"
    faxed = {
        r.pk
        for r in sorted(states, key=lambda r: _rank("fax:" + r.country.iso3))
        if r.country.iso3 not in ALWAYS
    }
    faxed = set(sorted(faxed, key=lambda pk: _rank(f"fax-pick:{pk}"))[:BY_FAX])

    views = assign_views(stance, states)
    for index, recipient in enumerate(states):
        if not recipient.versions.exists():
            _load_one(
                campaign,
                recipient,
                day=days[index],
                stance=stance[recipient.pk],
                views=frozenset(views[recipient.pk]),
                by_fax=recipient.pk in faxed,
                users=users,
            )


def _load_one(
    campaign: Campaign,
    recipient: Recipient,
    *,
    day: dt.date,
    stance: str,
    views: frozenset[str],
    by_fax: bool,
    users: dict[str, Any],
) -> None:
    rng = random.Random(f"{SEED}:{recipient.country.iso3}")
    language = recipient.language
    state = recipient.country.name.get_text(language)
    answers = _clean(
        campaign.questionnaire,
        compose_answers(
            stance=stance, language=language, state=state, rng=rng, views=views
        ),
    )
    focal = users.get(f"focal.{recipient.country.iso3.lower()}")
    versions: list[tuple[ResponseVersion, dt.datetime]] = []

    def add(kind: str, at: dt.datetime, values: dict, **extra: Any) -> None:
        number = len(versions) + 1
        version = ResponseVersion(
            recipient=recipient,
            number=number,
            kind=kind,
            answers=values,
            language=language,
            submission_key=f"demo-2008-{recipient.country.iso3}-{number}",
            based_on=number - 1 or None,
            **extra,
        )
        version.save()
        versions.append((version, at))

    if by_fax:
        version = ResponseVersion(
            recipient=recipient,
            number=1,
            kind=ResponseVersion.Kind.SUBMISSION,
            answers=answers,
            language=language,
            submission_key=f"demo-2008-{recipient.country.iso3}-1",
            channel=ResponseVersion.Channel.SECRETARIAT,
            created_by=users.get("secretariat"),
            received_on=day,
            attachment_name=f"Fax {recipient.country.iso3} {day.isoformat()}.pdf",
        )
        version.attachment.save(
            f"demo-2008-{recipient.country.iso3}.pdf",
            ContentFile(_fax_pdf(recipient.country.iso3, day)),
            save=False,
        )
        version.save()
        entered = day + dt.timedelta(days=rng.randint(1, 3))
        versions.append((version, _at(entered, 10, rng.randint(0, 59))))
        first_reply = _at(day, 12)
    else:
        submitted = _at(day, rng.randint(8, 18), rng.randint(0, 59))
        if rng.random() < 0.25:
            draft_day = max(
                dt.date(2008, 3, 19), day - dt.timedelta(days=rng.randint(2, 9))
            )
            partial = {k: answers[k] for k in list(answers)[:3]}
            add("draft", _at(draft_day, rng.randint(8, 18)), partial, created_by=focal)
        add("submission", submitted, answers, created_by=focal)
        first_reply = submitted
        if rng.random() < 0.06 and day < dt.date(2008, 7, 1):
            revised = dict(answers)
            revised["forum_view"] = answers.get("forum_view", "") + (
                " " + NOT_SOLE.get(language, NOT_SOLE["en"])
            )
            add(
                "submission",
                submitted + dt.timedelta(days=rng.randint(2, 10)),
                _clean(campaign.questionnaire, revised),
                created_by=focal,
            )
    for version, at in versions:
        ResponseVersion.objects.filter(pk=version.pk).update(created_at=at)
    last = max(at for v, at in versions if v.kind == ResponseVersion.Kind.SUBMISSION)
    Recipient.objects.filter(pk=recipient.pk).update(
        status=Recipient.Status.SUBMITTED,
        completed_at=first_reply,
        last_submitted_at=last,
    )
