"""Assessment of submitted tasks: the list, transitions, suitability, editing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.communitytasks import displacement, services, workflow
from basisbaan.communitytasks.forms import SuitabilityForm, TaskEditForm, TransitionForm
from basisbaan.communitytasks.models import Task
from basisbaan.communitytasks.views.common import _base_url
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin

# --- staff: assessment ---------------------------------------------------------------


class AssessmentListView(PermissionMixin, TemplateView):
    """Open submissions with their displacement advice."""

    permission = "communitytasks.assess"
    template_name = "communitytasks/assessment_list.html"

    def get_context_data(self, **kwargs):
        tasks = (
            self.scoped(Task.objects.open_for_assessment())
            .select_related("neighbourhood", "category", "organisation", "submission")
            .order_by("created_at")
        )
        rows = [
            {
                "task": t,
                "advice": displacement.advise(t),
                "organisation": displacement.find_organisation(t),
            }
            for t in tasks
        ]
        return super().get_context_data(rows=rows, **kwargs)


class TransitionView(ObjectPermissionMixin, TemplateView):
    """One assessment step from the transition table (GET: the form, POST: apply it)."""

    permission = "communitytasks.assess"
    model = Task
    template_name = "communitytasks/transition.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in workflow.ACTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _step(self):
        try:
            return workflow.find(self.object.status, self.kwargs["action"])
        except workflow.TransitionNotAllowed:
            return None

    def get_context_data(self, **kwargs):
        step = self._step()
        if step is not None:
            kwargs.setdefault("form", TransitionForm(transition=step))
        advice = (
            displacement.advise(self.object)
            if self.kwargs["action"] in ("approve", "reject")
            else None
        )
        return super().get_context_data(task=self.object, step=step, advice=advice, **kwargs)

    def get(self, request, *args, **kwargs):
        if self._step() is None:
            messages.error(
                request, _("This step is not possible in the current status of the task.")
            )
            return redirect("communitytasks:detail", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        step = self._step()
        if step is None:
            messages.error(
                request, _("This step is not possible in the current status of the task.")
            )
            return redirect("communitytasks:detail", pk=self.object.pk)
        form = TransitionForm(request.POST, transition=step)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.transition(
                self.object,
                step.action,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                consultation_note=form.cleaned_data.get("consultation_note", ""),
                base_url=_base_url(request),
            )
        except workflow.TransitionNotAllowed:
            messages.error(
                request, _("This step is not possible in the current status of the task.")
            )
        except services.EmailNotConfirmed:
            messages.error(
                request,
                _(
                    "The submitter has not confirmed the e-mail address yet. Wait for the confirmation."
                ),
            )
        else:
            messages.success(
                request,
                _("The task is now: %(status)s.") % {"status": Task.Status(step.target).label},
            )
        return redirect("communitytasks:detail", pk=self.object.pk)


class SuitabilityView(ObjectPermissionMixin, TemplateView):
    permission = "communitytasks.assess"
    model = Task
    template_name = "communitytasks/transition.html"

    def get(self, request, *args, **kwargs):
        return redirect("communitytasks:detail", pk=self.object.pk)

    def post(self, request, *args, **kwargs):
        form = SuitabilityForm(request.POST, version_of=self.object)
        if form.is_valid():
            try:
                with editing(self.object, form.posted_version):
                    services.judge_suitability(
                        self.object,
                        actor=request.user,
                        value=form.cleaned_data["suitability"],
                        note=form.cleaned_data["note"],
                    )
            except StaleEdit:
                now = Task.objects.get(pk=self.object.pk)
                messages.error(
                    request,
                    _(
                        "Someone else saved this task after you opened the page. Nothing was "
                        "saved. Judgement now: %(theirs)s. Yours: %(yours)s. Look again and "
                        "save once more to keep yours."
                    )
                    % {
                        "theirs": self._judgement(now.suitability, now.suitability_note),
                        "yours": self._judgement(
                            form.cleaned_data["suitability"], form.cleaned_data["note"]
                        ),
                    },
                )
            else:
                messages.success(request, _("The suitability judgement is saved."))
        else:
            messages.error(request, _("Choose whether the task is suitable."))
        return redirect("communitytasks:detail", pk=self.object.pk)

    @staticmethod
    def _judgement(value: str, note: str) -> str:
        label = str(Task.Suitability(value).label) if value in Task.Suitability.values else "—"
        return f"{label} ({note.strip()})" if note.strip() else label


class TaskEditView(ConflictMixin, ObjectPermissionMixin, TemplateView):
    """Programme staff change title, description, priority, skills, demands, end date."""

    permission = "communitytasks.assess"
    model = Task
    template_name = "communitytasks/edit.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TaskEditForm(instance=self.object))
        return super().get_context_data(task=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        form = TaskEditForm(request.POST, instance=self.object)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            with editing(self.object, form.posted_version):
                services.update_task(form, actor=request.user)
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(request, _("The task is saved."))
        return redirect("communitytasks:detail", pk=self.object.pk)
