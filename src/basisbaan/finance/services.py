"""Writes of the finance pages: each in one transaction, each recorded in the audit
trail (who made or changed which record; the trail names records, not amounts)."""

from django.db import transaction
from django.utils import timezone

from basisbaan.audit import api as audit
from basisbaan.communitytasks.models import InboxMessage
from basisbaan.finance.models import FundingSource, Pledge, Receipt, Scenario


def save_new(form, actor):
    """Save a validated model form's new record and record its creation."""
    with transaction.atomic():
        obj = form.save()
        audit.created(actor, obj, fields=list(form.changed_data))
    return obj


def create_scenario(form, actor) -> Scenario:
    """The form has costed the scenario in ``clean()``; save it with its author."""
    with transaction.atomic():
        scenario = form.save(commit=False)
        scenario.created_by = actor
        scenario.save()
        audit.created(actor, scenario, fields=list(form.changed_data))
    return scenario


def delete_scenario(scenario: Scenario, actor) -> None:
    with transaction.atomic():
        audit.deleted(actor, scenario)
        scenario.delete()


def funder(municipality, name: str, kind: str, actor) -> FundingSource:
    """The municipality's funding source of that name, made when new."""
    source, made = FundingSource.objects.get_or_create(
        municipality=municipality, name=name.strip(), defaults={"kind": kind}
    )
    if made:
        audit.created(actor, source, fields=["name", "kind"])
    return source


def create_pledge(municipality, data: dict, actor, lead: InboxMessage | None = None) -> Pledge:
    """A pledge (from a lead of the co-financing form, which is then handled)."""
    with transaction.atomic():
        if lead is not None:
            lead = InboxMessage.objects.select_for_update().get(pk=lead.pk)
            if Pledge.objects.filter(lead=lead).exists():
                raise ValueError("lead already pledged")
        source = funder(municipality, data["funder"], data["kind"], actor)
        pledge = Pledge.objects.create(
            budget=data["budget"],
            source=source,
            amount_eur=data["amount_eur"],
            pledged_on=data["pledged_on"],
            note=data.get("note", ""),
            lead=lead,
        )
        audit.created(
            actor, pledge, fields=["budget", "source", "amount_eur", "pledged_on", "lead"]
        )
        if lead is not None:
            lead.handled_at = timezone.now()
            lead.handled_by = actor
            lead.save(update_fields=["handled_at", "handled_by"])
            audit.changed(actor, lead, fields=["handled_at", "handled_by"])
    return pledge


def add_receipt(form, actor) -> Receipt:
    return save_new(form, actor)


def withdraw_pledge(pledge: Pledge, actor) -> bool:
    """Withdraw a pledge; False when it already was."""
    with transaction.atomic():
        updated = Pledge.objects.filter(pk=pledge.pk, status=Pledge.Status.PLEDGED).update(
            status=Pledge.Status.WITHDRAWN
        )
        if updated:
            audit.changed(actor, pledge, fields=["status"])
    return bool(updated)
