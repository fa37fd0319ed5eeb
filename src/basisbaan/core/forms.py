from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_noop

# Django's own strings that its Dutch catalogue lacks (new in Django 6): kept here so
# that `make messages` carries them in the foundation's catalogue, which comes first.
DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),  # the blank choice of every select
)


class BasisbaanBoundField(BoundField):
    """Django describes a field's inputs by its help text and errors
    (``aria-describedby``), except for fields shown as a fieldset (radio buttons,
    checkbox lists): there every input gets it too, so a screen reader reads the error
    on each radio. ``anchor_id`` is where an error summary links to."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = self.aria_describedby if self.use_fieldset else None
        if described and not attrs.get("aria-describedby"):
            attrs["aria-describedby"] = described
        return attrs

    @property
    def anchor_id(self) -> str:
        if not self.auto_id:
            return ""
        if self.use_fieldset:
            return f"{self.auto_id}_0"  # the first radio or checkbox of the group
        return self.id_for_label or self.auto_id


class BasisbaanFormRenderer(TemplatesSetting):
    """Renders every form with NL Design System (Utrecht) form-field markup."""

    bound_field_class = BasisbaanBoundField

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
