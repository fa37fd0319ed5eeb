"""The participant's week card, the calendar link and the iCal feed."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin, PublicView
from basisbaan.planning import weekcard
from basisbaan.planning.models import CalendarToken

# --------------------------------------------------------------------------- participants


class MyWeekView(PermissionMixin, TemplateView):
    """The participant's week card: B1 Dutch, pictograms, printable."""

    permission = "planning.own_week"
    template_name = "planning/my_week.html"

    def get_context_data(self, **kwargs):
        from basisbaan.participants.models import Participant

        person = self.scoped(Participant.objects.all()).first()
        today = calendar.today()
        try:
            start = calendar.parse_week(self.request.GET.get("week", ""))
        except ValueError:
            start = calendar.monday(today)
        card = weekcard.build(person, start, today) if person else None
        token = None
        if person is not None:
            audit.read(self.request.user, person, fields=["planned_week"], purpose="own week card")
            token = CalendarToken.objects.filter(participant=person).first()
        ical_url = (
            self.request.build_absolute_uri(reverse("planning:ical", args=[token.token]))
            if token
            else ""
        )
        return super().get_context_data(
            person=person,
            card=card,
            ical_url=ical_url,
            previous_week=calendar.week_label(start - datetime.timedelta(days=7)),
            next_week=calendar.week_label(start + datetime.timedelta(days=7)),
            **kwargs,
        )


class CalendarLinkView(PermissionMixin, View):
    """Make (or renew) the private calendar address of the participant (POST)."""

    permission = "planning.own_week"

    def post(self, request):
        from basisbaan.participants.models import Participant

        person = self.scoped(Participant.objects.all()).first()
        if person is None:
            raise Http404
        new_calendar_token(person, request.user)
        messages.success(request, _("Your new calendar link is ready. The old link stops working."))
        return redirect("planning:my_week")


def new_calendar_token(person, user) -> CalendarToken:
    """Make the participant's calendar address anew (the old one stops working)."""
    with transaction.atomic():
        for old in CalendarToken.objects.filter(participant=person):
            audit.deleted(user, old, fields=["token"])
            old.delete()
        token = CalendarToken.objects.create(participant=person)
    audit.created(user, token, fields=["token"])
    return token


def _week_start(request) -> datetime.date:
    try:
        return calendar.parse_week(request.GET.get("week", ""))
    except ValueError:
        return calendar.monday(calendar.today())


# --------------------------------------------------------------------------- staff


class StaffWeekCardMixin(ObjectPermissionMixin):
    """A participant's week card for the planners and the person's own coach."""

    permission = "participants.view"

    def get_queryset(self):
        from basisbaan.participants.models import Participant

        return Participant.objects.select_related("municipality", "coach")

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        if not weekcard.may_see_card(self.request.user, person):
            raise Http404
        return person


class ParticipantWeekCardView(StaffWeekCardMixin, TemplateView):
    """The printable week card of a participant (for people without a phone), with the
    participant's calendar link for the planner or coach to hand over."""

    template_name = "planning/participant_week.html"

    def get_context_data(self, **kwargs):
        person = self.object
        today = calendar.today()
        start = _week_start(self.request)
        card = weekcard.build(person, start, today)
        token = CalendarToken.objects.filter(participant=person).first()
        audit.read(
            self.request.user,
            person,
            fields=["planned_week", "calendar_token"] if token else ["planned_week"],
            purpose="print the week card for the participant",
        )
        return super().get_context_data(
            person=person,
            card=card,
            ical_url=(
                self.request.build_absolute_uri(reverse("planning:ical", args=[token.token]))
                if token
                else ""
            ),
            previous_week=calendar.week_label(start - datetime.timedelta(days=7)),
            next_week=calendar.week_label(start + datetime.timedelta(days=7)),
            week=calendar.week_label(start),
            **kwargs,
        )


class ParticipantCalendarLinkView(StaffWeekCardMixin, View):
    """Make (or renew) a participant's calendar address for them (POST)."""

    def post(self, request, pk):
        new_calendar_token(self.object, request.user)
        messages.success(
            request,
            _(
                "The calendar link is ready. Give it to the participant; an older link stops working."
            ),
        )
        return redirect("planning:participant_week", self.object.pk)


class ICalView(PublicView, View):
    """The participant's published weeks as an iCal feed, behind a private token."""

    def get(self, request, token):
        found = (
            CalendarToken.objects.select_related("participant__municipality")
            .filter(token=token)
            .first()
        )
        if found is None:
            raise Http404
        audit.read(None, found.participant, fields=["planned_week"], purpose="calendar feed")
        body = weekcard.ical(found.participant, calendar.today())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="basisbaan.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response
