"""Optimistic locking for every edit: no save silently overwrites another person's.

One mechanism for all edit forms:

- A record that can be edited carries an integer ``version`` (:class:`Versioned`).
- The edit form carries the version it was read at as a hidden field
  (:class:`VersionedFormMixin`; hand-made forms render ``<input type="hidden"
  name="version">`` themselves).
- The save runs inside :func:`editing`, which opens the write transaction and first moves
  the row from the version the form read to the next one with
  ``UPDATE ... SET version = version + 1 WHERE pk = ... AND version = <read>``. That
  statement also locks the row until the transaction ends. When no row matches, somebody
  else saved in between: :class:`StaleEdit` is raised and nothing is written.
- The view (:class:`ConflictMixin`) then shows the form again with a conflict message and
  both versions side by side: the other person's current values and the ones just
  typed. The form now carries the current version, so saving again is a deliberate
  choice to keep one's own values.

A form posted without a version is treated as stale: it was not read from the page.
The planning week's ``revision`` uses :func:`claim` with ``field="revision"``.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "version"
MAX_VERSION = 2**31 - 1  # the column's range; anything beyond is no version we gave out


class Versioned(models.Model):
    """Abstract: a counter that every guarded save moves up by one."""

    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Goes up by one with every save through an edit form."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Only :func:`claim` moves the version: a plain ``save()`` of an object read
        earlier never writes an older number back (it leaves the column alone)."""
        if kwargs.get("update_fields") is None and not self._state.adding and self.pk:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != VERSION_FIELD
                and field.attname not in deferred
            ]
        return super().save(*args, **kwargs)


class StaleEdit(Exception):
    """Somebody else saved the record after the form was read; nothing was written."""

    def __init__(self, current: int | None = None):
        super().__init__(f"stale edit (current version {current})")
        self.current = current


def read_version(value) -> int | None:
    """The posted version as an integer, or None when absent or malformed."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_VERSION else None


def claim(instance: models.Model, expected, *, field: str = VERSION_FIELD) -> int:
    """Move ``instance``'s row from version ``expected`` to the next one, or raise.

    Call inside the write transaction: the UPDATE locks the row until it ends. Sets the
    new number on ``instance`` too, so a later ``instance.save()`` keeps it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("concurrency.claim() belongs inside the write transaction")
    manager = type(instance)._default_manager
    number = read_version(expected)
    if number is not None:
        updated = manager.filter(pk=instance.pk, **{field: number}).update(**{field: F(field) + 1})
        if updated:
            setattr(instance, field, number + 1)
            return number + 1
    current = manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    raise StaleEdit(current)


@contextmanager
def editing(instance: models.Model, expected, *, field: str = VERSION_FIELD):
    """``with editing(obj, posted_version): <write>`` — the write transaction, guarded.

    Raises :class:`StaleEdit` before the body runs when the version moved on; an error
    in the body rolls the version back with everything else.
    """
    with transaction.atomic():
        claim(instance, expected, field=field)
        yield instance


def current_version(instance: models.Model | None, *, field: str = VERSION_FIELD) -> int:
    """The version to put in a form for ``instance`` (0 for a record not made yet)."""
    if instance is None:
        return 0
    return getattr(instance, field, 0) or 0


# --- forms ------------------------------------------------------------------------------


class VersionedFormMixin:
    """Adds the hidden ``version`` field, read from ``version_of`` (default: instance).

    Put it before ``forms.Form`` / ``forms.ModelForm`` in the bases. Forms that are not
    model forms pass ``version_of=<record>``.
    """

    def __init__(self, *args, version_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        record = version_of if version_of is not None else getattr(self, "instance", None)
        self.version_of = record
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=current_version(record)
        )
        self.stale = False
        self.conflict: list[Difference] = []

    def _clean_fields(self):
        # The token is not data of the record: ``clean()`` and ``cleaned_data`` never
        # see it; views read it with ``posted_version``.
        super()._clean_fields()
        self.cleaned_data.pop(VERSION_FIELD, None)

    @property
    def posted_version(self):
        return self.data.get(self.add_prefix(VERSION_FIELD)) if self.is_bound else None


@dataclass(frozen=True)
class Difference:
    """One field of a conflict: the other person's current value next to yours."""

    name: str
    label: str
    theirs: str
    yours: str


def _flat_choices(choices) -> dict[str, str]:
    labels = {}
    for key, label in choices or []:
        if isinstance(label, list | tuple):
            labels.update(_flat_choices(label))
        else:
            labels[str(key)] = str(label)
    return labels


def _key(value):
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return sorted(str(_key(item)) for item in value)
    if isinstance(value, models.Model):
        return ("pk", value.pk)
    if value in (None, ""):
        return None
    return value


def show(field: forms.Field | None, value) -> str:
    """A value as the person typed or chose it (choice labels, local dates and numbers)."""
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        shown = sorted(show(field, item) for item in value)
        return ", ".join(shown) if shown else "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    labels = _flat_choices(getattr(field, "choices", None)) if field is not None else {}
    key = str(value.pk if isinstance(value, models.Model) else value)
    if key in labels:
        return labels[key]
    return str(formats.localize(value))


def _cleaned(field: forms.Field, value):
    try:
        return field.clean(value)
    except ValidationError:
        try:
            return field.to_python(value)
        except ValidationError:
            return value


def differences(yours: forms.BaseForm, theirs: forms.BaseForm) -> list[Difference]:
    """The fields where the valid bound form ``yours`` differs from ``theirs`` (an unbound
    form of the record as it is now), in form order."""
    rows = []
    for name, field in yours.fields.items():
        if name == VERSION_FIELD or field.widget.is_hidden or name not in theirs.fields:
            continue
        mine = yours.cleaned_data.get(name) if hasattr(yours, "cleaned_data") else None
        other = _cleaned(field, theirs[name].value())
        if _key(mine) == _key(other):
            continue
        rows.append(
            Difference(
                name=name,
                label=str(field.label or name),
                theirs=show(field, other),
                yours=show(field, mine),
            )
        )
    return rows


def mark_stale(form: forms.BaseForm, conflict: Iterable[Difference], version: int | None):
    """Let ``form`` show the conflict and carry the current version for a deliberate
    second save; the values typed stay in the form."""
    form.stale = True
    form.conflict = list(conflict)
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = "" if version is None else str(version)
    form.data = data
    return form


# --- views ------------------------------------------------------------------------------


class ConflictMixin:
    """For edit views: ``conflict_response(form)`` after :class:`StaleEdit`.

    Override ``current_form(form, record)`` when the form needs more than ``instance=``;
    ``conflict_shown(differences)`` is called with what is shown (to audit a read).
    """

    conflict_status = 409

    def current_form(self, form, record):
        """An unbound form of ``record`` as it is now (override for extra arguments)."""
        return type(form)(instance=record)

    def conflict_shown(self, shown: list[Difference]) -> None:
        """Hook: the other person's values were shown (audit a read of personal data)."""

    def conflict_response(self, form, record=None, **context):
        record = record if record is not None else form.version_of
        manager = type(record)._default_manager
        fresh = manager.filter(pk=record.pk).first() if record.pk is not None else None
        fresh = fresh or record  # not stored (any more): compare with the defaults
        shown = differences(form, self.current_form(form, fresh))
        mark_stale(form, shown, current_version(fresh))
        self.conflict_shown(shown)
        context.setdefault("form", form)
        return self.render_to_response(
            self.get_context_data(**context), status=self.conflict_status
        )
