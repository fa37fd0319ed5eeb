"""A programme's measurement schedule (``RoundSchedule``): how often the coaches hold a
measurement round after the employment start, from a date on.

The schedule is a dated setting of the programme, like its parameters on the programme
page, and the same people set it: those holding ``tenants.manage`` in the programme's
municipality (a programme of another municipality answers 404). A new schedule is added
from a date; earlier ones stay for history (the latest date that has passed applies,
``guidance.rounds.schedule_for``).
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin
from basisbaan.guidance import rounds
from basisbaan.guidance.forms import RoundScheduleForm
from basisbaan.guidance.models import RoundSchedule
from basisbaan.tenants.models import Programme


class RoundScheduleView(ObjectPermissionMixin, TemplateView):
    """The programme's schedules (the one applying today marked) and a form to add one."""

    permission = "tenants.manage"
    model = Programme
    template_name = "guidance/round_schedules.html"

    def get_queryset(self):
        return Programme.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        programme = self.object
        today = calendar.today()
        current = rounds.schedule_for(programme, today)
        if "form" not in kwargs:
            kwargs["form"] = RoundScheduleForm(
                programme=programme,
                initial={
                    "valid_from": max(today, programme.start_date),
                    "interval_months": current.interval_months,
                },
            )
        return super().get_context_data(
            programme=programme,
            schedules=programme.round_schedules.order_by("-valid_from"),
            current=current,
            default_interval=RoundSchedule.DEFAULT_INTERVAL_MONTHS,
            today=today,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = RoundScheduleForm(request.POST, programme=self.object)
        if form.is_valid():
            try:
                with transaction.atomic():
                    schedule = form.save()
                    audit.created(request.user, schedule, fields=["valid_from", "interval_months"])
            except IntegrityError:
                # Someone added a schedule from the same date in the meantime.
                form.add_error("valid_from", _("There is already a schedule from this date."))
            else:
                messages.success(request, _("The measurement schedule is saved."))
                return redirect("guidance:round_schedules", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
