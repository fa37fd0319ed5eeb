from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_noop

# Django's own strings that its Dutch catalogue lacks (new in Django 6): kept here so
# that `make messages` carries them in the foundation's catalogue, which comes first.
DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),  # the blank choice of every select
)


class BasisbaanFormRenderer(TemplatesSetting):
    """Renders every form with NL Design System (Utrecht) form-field markup."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
