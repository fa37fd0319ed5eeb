"""Published national figures as starting data. They stay editable by an administrator."""

from decimal import Decimal

from django.db import migrations

MINIMUM_WAGES = [
    ("2025-01-01", Decimal("14.06"), "Rijksoverheid: WML per 1 januari 2025"),
    ("2025-07-01", Decimal("14.40"), "Rijksoverheid: WML per 1 juli 2025"),
    ("2026-01-01", Decimal("14.71"), "Rijksoverheid: WML per 1 januari 2026"),
]
BIJSTANDSNORMEN = [
    (
        "2025-01-01",
        Decimal("1345.45"),
        Decimal("1922.07"),
        "Rijksoverheid: normen per 1 januari 2025",
    ),
    ("2025-07-01", Decimal("1369.06"), Decimal("1955.80"), "Rijksoverheid: normen per 1 juli 2025"),
]


def load(apps, schema_editor):
    MinimumWage = apps.get_model("tenants", "MinimumWage")
    BijstandsNorm = apps.get_model("tenants", "BijstandsNorm")
    for date, hourly, source in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            valid_from=date, defaults={"hourly_eur": hourly, "source": source}
        )
    for date, single, couple, source in BIJSTANDSNORMEN:
        BijstandsNorm.objects.get_or_create(
            valid_from=date, defaults={"single_eur": single, "couple_eur": couple, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
