"""Benchmark: import a synthetic 100,000-row target-group file through the real import code.

Makes a fresh SQLite database in a temporary directory, migrates it, loads the
foundation (municipalities), writes a 100k-row CSV (valid BSNs, ';' separated, UTF-8
with BOM) and imports it with ``import_target_group``'s code path; then imports the
same file again to show the idempotent re-run, and a version where every tenth row
changed. Prints rows/s and seconds.

    .venv/bin/python bench/bench_import.py [ROWS]
"""

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
SURNAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]
HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;uitkering_sinds;telefoon;email"


def bsns(count: int):
    """``count`` distinct valid BSNs (elfproef), synthetic (starting with 8)."""
    n = 0
    stem_number = 0
    while n < count:
        stem_number += 1
        stem = f"8{stem_number:07d}"
        total = sum(int(d) * w for d, w in zip(stem, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            n += 1
            yield stem + str(last)


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(20261123)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(HEADER + "\n")
        for i, bsn in enumerate(bsns(rows)):
            prefix, _, surname = rng.choice(SURNAMES).rpartition(" ")
            born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 13000))
            since = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 5000))
            out.write(
                f"{bsn};{rng.choice('ABCDEFGHJKLMNPRSTW')}.;{prefix};{surname};"
                f"{born.isoformat()};{9700 + rng.randint(0, 99)} {rng.choice(['AB', 'CD', 'EF', 'GH'])};"
                f"{rng.randint(1, 300)};{since.strftime('%d-%m-%Y')};06{rng.randint(10000000, 99999999)};"
                f"persoon{i}@example.org\n"
            )


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bb-bench-import-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "basisbaan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from basisbaan.participants import importer
    from basisbaan.participants.models import Participant
    from basisbaan.tenants.models import Municipality, Programme

    call_command("migrate", verbosity=0, interactive=False)
    municipality = Municipality.objects.create(
        name="Groningen", cbs_code="GM0014", slug="groningen"
    )
    Programme.objects.create(
        municipality=municipality, name="Basisbaan Groningen", start_date=datetime.date(2020, 3, 1)
    )
    path = workdir / "doelgroep.csv"
    started = time.perf_counter()
    write_csv(path, ROWS)
    print(
        f"wrote {ROWS} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )
    data = path.read_bytes()

    # A later export where every tenth person has a new phone number.
    lines = data.decode("utf-8-sig").splitlines(keepends=True)
    for i in range(1, len(lines), 10):
        fields = lines[i].split(";")
        fields[8] = "0600000000"
        lines[i] = ";".join(fields)
    changed = "".join(lines).encode("utf-8")

    for label, payload in (
        ("first import", data),
        ("re-run (idempotent)", data),
        ("changed export (10% updated)", changed),
    ):
        started = time.perf_counter()
        outcome = importer.import_file(payload, municipality, filename=path.name)
        seconds = time.perf_counter() - started
        print(f"{label}: {outcome.summary_line()}")
        print(f"  {seconds:.1f} s, {ROWS / seconds:,.0f} rows/s")
    assert Participant.objects.count() == ROWS, "every row must be imported once"
    for leftover in workdir.iterdir():
        leftover.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    main()
