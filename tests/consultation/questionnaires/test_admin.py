"""The admin edits wording in six languages and checks conditions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.consultation.factories import make_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    from migdev.registry.models import RoleAssignment
    from migdev.registry.services import role_assign

    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    # The admin follows dated roles, for superusers too.
    role_assign(user=user, role=RoleAssignment.Role.SECRETARIAT)
    client.force_login(user)
    return client


def _post_data(question, **changes):
    data = {
        "section": question.section_id or "",
        "order": question.order,
        "required": "on" if question.required else "",
        "relevant": question.relevant,
    }
    for field in ("label", "hint"):
        value = getattr(question, field) or {}
        for index, code in enumerate(("ar", "zh-hans", "en", "fr", "ru", "es")):
            data[f"{field}_{index}"] = value.get(code, "")
    data.update(changes)
    return data


def test_pages_render(admin_client):
    q = make_questionnaire()
    question = q.questions.get(name="why_sole")
    for url in (
        reverse("admin:questionnaires_questionnaire_changelist"),
        reverse("admin:questionnaires_question_changelist"),
        reverse("admin:questionnaires_question_change", args=[question.pk]),
        reverse("admin:questionnaires_choice_changelist"),
        reverse("admin:questionnaires_section_changelist"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_bad_condition_is_refused(admin_client):
    q = make_questionnaire()
    question = q.questions.get(name="why_sole")
    url = reverse("admin:questionnaires_question_change", args=[question.pk])
    response = admin_client.post(url, _post_data(question, relevant="${nope} = 'yes'"))
    assert response.status_code == 200
    assert "which is not a question of this form" in response.content.decode()
    response = admin_client.post(
        url, _post_data(question, relevant="${sole_followup} = ")
    )
    assert "ends too early" in response.content.decode()
    question.refresh_from_db()
    assert question.relevant == "${sole_followup} = 'yes'"
