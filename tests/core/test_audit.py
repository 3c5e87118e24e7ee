import pytest

from migdev.core.audit import AuditEntry, audit_history
from migdev.registry.models import Contact, Country
from migdev.registry.services import contact_create, contact_delete, contact_update


@pytest.mark.django_db
def test_every_contact_change_is_in_the_audit_trail(make_user):
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    france = Country.objects.get(iso3="FRA")
    contact = contact_create(
        actor=focal,
        country=france,
        kind=Contact.Kind.FOCAL_POINT,
        name="Anne Dupont",
        email="anne@example.org",
    )
    contact_update(actor=focal, contact=contact, phone="+33 1 23 45 67 89")
    history = list(audit_history(contact))
    assert [e.action for e in history] == [
        AuditEntry.Action.UPDATE,
        AuditEntry.Action.CREATE,
    ]
    assert history[0].actor == focal
    assert history[0].changes["phone"] == ["", "+33 1 23 45 67 89"]
    contact_pk = contact.pk
    contact_delete(actor=focal, contact=contact)
    deleted = AuditEntry.objects.filter(
        object_id=str(contact_pk), action=AuditEntry.Action.DELETE
    ).get()
    assert deleted.changes["name"] == ["Anne Dupont", None]


@pytest.mark.django_db
def test_an_update_that_changes_nothing_leaves_no_entry(make_user):
    secretariat = make_user(make_user.SECRETARIAT)
    contact = contact_create(
        actor=secretariat,
        country=Country.objects.get(iso3="MEX"),
        kind=Contact.Kind.PERMANENT_MISSION,
        name="Misión Permanente",
    )
    contact_update(actor=secretariat, contact=contact, name="Misión Permanente")
    assert audit_history(contact).count() == 1


@pytest.mark.django_db
def test_admin_edits_are_audited(client, make_user):
    admin_user = make_user(make_user.SECRETARIAT)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    contact = Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=Country.objects.get(iso3="EGY"),
        name="Old name",
    )
    url = f"/admin/registry/contact/{contact.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "name": "New name",
            "kind": "focal_point",
            "country": contact.country_id,
            "preferred_language": "ar",
        }
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    entry = audit_history(contact).first()
    assert entry.actor == admin_user
    assert entry.changes["name"] == ["Old name", "New name"]


@pytest.mark.django_db
def test_snapshot_records_a_file_by_its_stored_name():
    from django.core.files.base import ContentFile

    from migdev.consultation.responses.models import ResponseVersion
    from migdev.core.audit import snapshot
    from tests.consultation.factories import make_campaign

    recipient = make_campaign(recipients=("FRA",)).recipients.get()
    version = ResponseVersion(
        recipient=recipient, number=1, kind="submission", submission_key="k1"
    )
    version.attachment.save("reply.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    version.save()
    data = snapshot(version)
    assert data["attachment"].startswith("replies/") and data["attachment"].endswith(
        ".pdf"
    )


@pytest.mark.django_db
def test_admin_is_for_a_current_secretariat_role_only(client, make_user):
    import datetime as dt

    from migdev.registry.models import RoleAssignment

    user = make_user(make_user.SECRETARIAT)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    RoleAssignment.objects.filter(user=user).update(
        start=dt.date(2000, 1, 1), end=dt.date(2001, 1, 1)
    )
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    focal.is_staff = True
    focal.save()
    client.force_login(focal)
    assert client.get("/admin/registry/contact/").status_code == 302
