"""Which HTTP methods the registry, cooperation and UN-system pages answer.

A page that only shows something answers GET and HEAD, and 405 (with an
Allow header) to anything else; a form page answers GET and POST. Every
route of the three namespaces is walked, so a page added later is checked
too."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

NAMESPACES = ("registry", "cooperation", "unsystem")
#: Pages with a form (GET shows it, POST sends it).
FORMS = {
    "registry:country-contact-new",
    "registry:country-contact-edit",
    "registry:country-contact-delete",
    "unsystem:contribute",
    "unsystem:link",
    "unsystem:review",
    "unsystem:cycle_new",
    "unsystem:follow_ups",
    "cooperation:participation_new",
    "cooperation:assessment_new",
    "unsystem:chair_new",
    "cooperation:commitment_update_new",
    "cooperation:flow_new",
    "cooperation:rates",
}
#: Buttons: POST only.
ACTIONS = {"unsystem:cycle_close", "cooperation:assessment_review"}


def _routes() -> list[tuple[str, dict]]:
    """(namespaced name, sample kwargs) for each route of NAMESPACES."""
    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES and p.name:
                kwargs = {
                    k: 1 if type(c).__name__ == "IntConverter" else "x"
                    for k, c in p.pattern.converters.items()
                }
                found.append((f"{namespace}:{p.name}", kwargs))

    walk(get_resolver().url_patterns, None)
    return sorted({(n, tuple(sorted(k.items()))) for n, k in found})


ROUTES = _routes()


def test_every_namespace_has_routes():
    assert {name.split(":")[0] for name, _k in ROUTES} == set(NAMESPACES)


@pytest.mark.parametrize("name,kwargs", ROUTES, ids=[n for n, _k in ROUTES])
def test_methods(client, make_user, name, kwargs):
    client.force_login(make_user(make_user.SECRETARIAT))
    url = reverse(name, kwargs=dict(kwargs))
    allowed = (
        {"POST"}
        if name in ACTIONS
        else {"GET", "POST"}
        if name in FORMS
        else {"GET", "HEAD"}
    )
    methods = ("post", "put", "patch", "delete") + (("get",) if name in ACTIONS else ())
    for method in methods:
        response = getattr(client, method)(url)
        if method.upper() in allowed:
            assert response.status_code != 405, (name, method)
        else:
            assert response.status_code == 405, (name, method, response.status_code)
            assert set(response["Allow"].split(", ")) == allowed


def test_a_form_page_answers_a_bad_post_with_its_errors(client, make_user):
    """An empty contact form from the secretariat (an empty POST is not a
    GET): the form again with its messages, as a 400, and nothing saved."""
    from migdev.registry.models import Contact

    client.force_login(make_user(make_user.SECRETARIAT))
    before = Contact.objects.count()
    response = client.post(reverse("registry:country-contact-new", args=["FRA"]), {})
    assert response.status_code == 400
    assert 'class="field-error" role="alert"' in response.content.decode()
    assert Contact.objects.count() == before
