from django.forms.renderers import TemplatesSetting


class BasisbaanFormRenderer(TemplatesSetting):
    """Renders every form with NL Design System (Utrecht) form-field markup."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
