# Payroll lines keep the participant's BSN and name as exported, so a locked month's
# files never change when the participant is edited later. Lines exported before this
# migration get the BSN and name the participant has when it runs.

from django.db import migrations, models


def fill_identity(apps, schema_editor):
    PayrollLine = apps.get_model("guidance", "PayrollLine")
    lines = list(PayrollLine.objects.select_related("participant"))
    for line in lines:
        p = line.participant
        line.bsn = p.bsn
        line.name = " ".join(part for part in (p.initials, p.prefix, p.surname) if part)
    PayrollLine.objects.bulk_update(lines, ["bsn", "name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0004_alter_sicknesscase_reported_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="payrollline",
            name="bsn",
            field=models.CharField(default="", max_length=9, verbose_name="BSN (as exported)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="payrollline",
            name="name",
            field=models.CharField(default="", max_length=200, verbose_name="name (as exported)"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_identity, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="payrollline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("bsn", ""), _negated=True), models.Q(("name", ""), _negated=True)
                ),
                name="payroll_line_identity_stored",
            ),
        ),
    ]
