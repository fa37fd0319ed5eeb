"""The minimum wage and the bijstand norms since 2020, as published.

Minimum wage (WML, 21 and older): until 1 July 2023 per week (and month), the hourly
amount following from the employer's full-time week; since 1 January 2024 one hourly
amount (Wet invoering minimumuurloon). Bijstand norms: Participatiewet art. 21, 21 to AOW
age, without cost-sharing co-residents, net per month including 5 % holiday allowance.

Not found in a publication at the time of writing, so not recorded (an administrator
adds them under national figures): the bijstand norms of 1 January 2020 and of
1 January 2026, and the minimum wage of 1 July 2026. Costings that need them say so.
Rows that exist already (edited by an administrator) are left as they are.
"""

from decimal import Decimal

from django.db import migrations

# (valid from, per month, per week, per hour since 2024, source)
MINIMUM_WAGES = [
    (
        "2020-01-01",
        "1653.60",
        "381.60",
        None,
        "Staatscourant 2019, 56680: Regeling aanpassing WML per 1 januari 2020",
    ),
    (
        "2020-07-01",
        "1680.00",
        "387.70",
        None,
        "Staatscourant 2020, 22092: Regeling aanpassing WML per 1 juli 2020",
    ),
    (
        "2021-01-01",
        "1684.80",
        "388.80",
        None,
        "Staatscourant 2020, 53099; Rijksoverheid: Bedragen minimumloon 2021",
    ),
    ("2021-07-01", "1701.00", "392.55", None, "Rijksoverheid: Bedragen minimumloon 2021"),
    (
        "2022-01-01",
        "1725.00",
        "398.10",
        None,
        "Staatscourant 2021, 44177; Rijksoverheid: Bedragen minimumloon 2022",
    ),
    ("2022-07-01", "1756.20", "405.30", None, "Rijksoverheid: Bedragen minimumloon 2022"),
    (
        "2023-01-01",
        "1934.40",
        "446.40",
        None,
        "Stb. 2022, 381 (extra verhoging WML); Rijksoverheid: Bedragen minimumloon 2023",
    ),
    (
        "2023-07-01",
        "1995.00",
        "460.40",
        None,
        "Regeling aanpassing WML per 1 juli 2023; Rijksoverheid: Bedragen minimumloon 2023",
    ),
    ("2024-01-01", None, None, "13.27", "Wet invoering minimumuurloon; besluit SZW 8-10-2023"),
    ("2024-07-01", None, None, "13.68", "Regeling aanpassing WML per 1 juli 2024 (SZW)"),
    ("2025-01-01", None, None, "14.06", "Regeling aanpassing WML per 1 januari 2025 (SZW)"),
    ("2025-07-01", None, None, "14.40", "Staatscourant 2025, 12264"),
    ("2026-01-01", None, None, "14.71", "Besluit SZW 2025-0000213859 (9-10-2025)"),
]

# (valid from, single, couple, source)
BIJSTANDSNORMEN = [
    ("2020-07-01", "1059.03", "1512.90", "Normen Participatiewet per 1 juli 2020"),
    ("2021-01-01", "1075.44", "1536.34", "Normen Participatiewet per 1 januari 2021"),
    ("2021-07-01", "1078.70", "1541.00", "Normen Participatiewet per 1 juli 2021"),
    ("2022-01-01", "1091.71", "1559.58", "Normen Participatiewet per 1 januari 2022"),
    ("2022-07-01", "1101.82", "1574.03", "Normen Participatiewet per 1 juli 2022"),
    ("2023-01-01", "1195.66", "1708.08", "Normen Participatiewet per 1 januari 2023"),
    ("2023-07-01", "1216.62", "1738.02", "Normen Participatiewet per 1 juli 2023"),
    ("2024-01-01", "1283.83", "1834.04", "Normen Participatiewet per 1 januari 2024"),
    ("2024-07-01", "1308.45", "1869.21", "Normen Participatiewet per 1 juli 2024"),
    ("2025-01-01", "1345.45", "1922.07", "Normen Participatiewet per 1 januari 2025"),
    ("2025-07-01", "1369.06", "1955.80", "Normen Participatiewet per 1 juli 2025"),
]


def _amount(text):
    return Decimal(text) if text is not None else None


def load(apps, schema_editor):
    MinimumWage = apps.get_model("tenants", "MinimumWage")
    BijstandsNorm = apps.get_model("tenants", "BijstandsNorm")
    for date, monthly, weekly, hourly, source in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            valid_from=date,
            defaults={
                "monthly_eur": _amount(monthly),
                "weekly_eur": _amount(weekly),
                "hourly_eur": _amount(hourly),
                "source": source,
            },
        )
    for date, single, couple, source in BIJSTANDSNORMEN:
        BijstandsNorm.objects.get_or_create(
            valid_from=date,
            defaults={
                "single_eur": Decimal(single),
                "couple_eur": Decimal(couple),
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tenants", "0005_employer_and_dated_wages")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
