"""The routes page for programme staff: routes with their steps, entry criteria and the
advice rules; edit a route's capacity, target, costs and active; add a route of kind
"other"; add, move and remove advice rules."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import parsing
from basisbaan.core.mixins import PermissionMixin
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.forms import AdviceRuleForm, RouteCreateForm, RouteEditForm
from basisbaan.werkprogramma.models import Enrolment, Route, RouteAdviceRule, RouteStep


class RoutesView(PermissionMixin, TemplateView):
    permission = "werkprogramma.manage_routes"
    template_name = "werkprogramma/routes.html"

    @property
    def programme(self):
        if not hasattr(self, "_programme"):
            self._programme = route_rules.werkprogramma_of(self.municipality)
        return self._programme

    def route_list(self, bound_edit=None):
        if self.programme is None:
            return []
        found = list(self.programme.routes.prefetch_related("steps").select_related("destination"))
        for route in found:
            route.active_now = route.enrolments.filter(status=Enrolment.Status.ACTIVE).count()
            if bound_edit is not None and bound_edit.instance.pk == route.pk:
                route.form = bound_edit
            else:
                route.form = RouteEditForm(instance=route, prefix=f"r{route.pk}")
        return found

    def get_context_data(self, **kwargs):
        routes = self.route_list(kwargs.pop("bound_edit", None))
        rules = list(self.rules().select_related("route")) if self.programme else []
        for rule in rules:
            rule.words = route_rules.describe(rule.condition)
        return super().get_context_data(
            programme=self.programme,
            routes=routes,
            rules=rules,
            target_total=sum(r.target for r in routes),
            fields=route_rules.FIELDS,
            create_form=kwargs.pop("create_form", None) or RouteCreateForm(),
            rule_form=kwargs.pop("rule_form", None)
            or (
                AdviceRuleForm(programme=self.programme, prefix="rule") if self.programme else None
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.programme is None:
            messages.error(request, _("This municipality has no Werkprogramma."))
            return self.render_to_response(self.get_context_data(), status=400)
        action = request.POST.get("action", "")
        if action == "edit":
            return self.post_edit(request)
        if action == "create":
            return self.post_create(request)
        if action == "rule_add":
            return self.post_rule_add(request)
        if action in ("rule_up", "rule_down", "rule_delete"):
            return self.post_rule_change(request, action)
        messages.error(request, _("Unknown action."))
        return self.render_to_response(self.get_context_data(), status=400)

    def post_edit(self, request):
        route_id = parsing.optional_id(request.POST.get("route"))
        route = self.programme.routes.filter(pk=route_id).first() if route_id else None
        if route is None:
            messages.error(request, _("This route does not exist here."))
            return self.render_to_response(self.get_context_data(), status=400)
        form = RouteEditForm(request.POST, instance=route, prefix=f"r{route.pk}")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bound_edit=form), status=400)
        with transaction.atomic():
            form.save()
            audit.changed(request.user, route, fields=form.changed_data)
        messages.success(request, _("Route saved: %(route)s.") % {"route": route.name})
        return redirect("werkprogramma:routes")

    def post_create(self, request):
        form = RouteCreateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(create_form=form), status=400)
        data = form.cleaned_data
        code = slugify(data["name"])[:40] or "route"
        if self.programme.routes.filter(code=code).exists():
            form.add_error("name", _("A route with this name exists already."))
            return self.render_to_response(self.get_context_data(create_form=form), status=400)
        criteria = [route_rules.criterion(route_rules.ADULT)]
        if data["needs_bijstand"]:
            criteria.append(route_rules.criterion(route_rules.ON_BIJSTAND))
        for n, label in enumerate(data["confirm"]):
            criteria.append({"key": f"{code}-{n + 1}", "label": label, "confirm": True})
        with transaction.atomic():
            route = Route.objects.create(
                programme=self.programme,
                code=code,
                kind=Route.Kind.OTHER,
                name=data["name"],
                description=data["description"],
                entry_criteria=criteria,
                capacity=data["capacity"],
                target=data["target"],
                cost_per_person_eur=data["cost_per_person_eur"] or 0,
                cost_per_month_eur=data["cost_per_month_eur"] or 0,
                order=(self.programme.routes.count() + 1) * 10,
            )
            RouteStep.objects.bulk_create(
                RouteStep(route=route, order=i, name=name, due_days=days)
                for i, (name, days) in enumerate(data["steps"])
            )
            audit.created(request.user, route, fields=["name", "steps", "entry_criteria"])
        messages.success(request, _("Route added: %(route)s.") % {"route": route.name})
        return redirect("werkprogramma:routes")

    # --- advice rules ------------------------------------------------------------

    def rules(self):
        return RouteAdviceRule.objects.filter(programme=self.programme).order_by("order", "pk")

    def renumber(self, rules: list[RouteAdviceRule]) -> None:
        for order, rule in enumerate(rules):
            rule.order = order
        RouteAdviceRule.objects.bulk_update(rules, ["order"])

    def post_rule_add(self, request):
        form = AdviceRuleForm(request.POST, programme=self.programme, prefix="rule")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(rule_form=form), status=400)
        data = form.cleaned_data
        with transaction.atomic():
            rules = list(self.rules().select_for_update())
            rule = RouteAdviceRule.objects.create(
                programme=self.programme,
                route=data["route"],
                condition=data["condition"],
                reason=data["reason"],
                order=len(rules),
            )
            place = min(len(rules), (data["position"] or len(rules) + 1) - 1)
            rules.insert(place, rule)
            self.renumber(rules)
            audit.created(request.user, rule, fields=["route", "condition", "reason", "order"])
        messages.success(request, _("Advice rule added at place %(n)s.") % {"n": place + 1})
        return redirect(f"{request.path}#rules")

    def post_rule_change(self, request, action):
        rule_id = parsing.optional_id(request.POST.get("rule"))
        with transaction.atomic():
            rules = list(self.rules().select_for_update())
            at = next((i for i, r in enumerate(rules) if r.pk == rule_id), None)
            if at is None:
                messages.error(request, _("This advice rule does not exist here."))
                return self.render_to_response(self.get_context_data(), status=400)
            rule = rules[at]
            if action == "rule_delete":
                rules.pop(at)
                audit.deleted(request.user, rule, fields=["route", "condition", "reason"])
                rule.delete()
                message = _("Advice rule removed.")
            else:
                to = at - 1 if action == "rule_up" else at + 1
                if 0 <= to < len(rules):
                    rules[at], rules[to] = rules[to], rules[at]
                audit.changed(request.user, rule, fields=["order"])
                message = _("Advice rule moved.")
            self.renumber(rules)
        messages.success(request, message)
        return redirect(f"{request.path}#rules")
