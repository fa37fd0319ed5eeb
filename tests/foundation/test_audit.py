import pytest
from django.urls import reverse

from basisbaan.audit import api as audit
from basisbaan.audit.models import AuditEntry, AuditError
from basisbaan.organisations.models import ContactPerson


@pytest.mark.django_db
def test_a_read_leaves_exactly_one_entry(login, user):
    contact = ContactPerson.objects.filter(organisation__municipality__cbs_code="GM0014").first()
    before = AuditEntry.objects.count()
    client = login("planner-groningen")
    response = client.get(reverse("organisations:detail", args=[contact.organisation_id]))
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(
        object_type="organisations.contactperson", object_id=str(contact.pk)
    )
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == user("planner-groningen")
    assert entry.action == "read"
    assert entry.fields == ["email", "name", "phone"]
    assert entry.municipality.cbs_code == "GM0014"
    assert AuditEntry.objects.count() == before + contact.organisation.contacts.count()


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted(user):
    contact = ContactPerson.objects.first()
    entry = audit.read(user("admin"), contact, fields=["name"])
    entry.purpose = "tampered"
    with pytest.raises(AuditError):
        entry.save()
    with pytest.raises(AuditError):
        entry.delete()
    with pytest.raises(AuditError):
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="tampered")
    with pytest.raises(AuditError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.purpose == ""


@pytest.mark.django_db
def test_audit_log_is_read_only_for_admins(login, user):
    contact = ContactPerson.objects.filter(organisation__municipality__cbs_code="GM0014").first()
    audit.read(user("planner-groningen"), contact, fields=["email"])
    client = login("admin")
    groningen = contact.organisation.municipality
    client.post(reverse("accounts:switch_municipality"), {"municipality": groningen.pk})
    response = client.get(reverse("audit:list"), {"user": "planner-groningen", "action": "read"})
    assert response.status_code == 200
    assert b"organisations.contactperson" in response.content
    assert client.post(reverse("audit:list")).status_code == 405
    # The Django admin offers no change or delete either.
    admin_url = reverse("admin:audit_auditentry_change", args=[AuditEntry.objects.first().pk])
    assert client.post(admin_url, {"purpose": "x"}).status_code == 403
