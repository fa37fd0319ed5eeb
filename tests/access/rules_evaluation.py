"""Authorization rules of the evaluation app: the programme monitor (aggregates) for
planners, finance, researchers and admins; the pseudonymised research dataset for
researchers and admins only. Guidance staff, task providers, participants and coaches
get neither."""

from tests.access.rules import PLANNERS, Rule

MONITOR = PLANNERS | {"financien-groningen", "financien-assen", "onderzoeker-groningen"}
RESEARCH = {"admin", "onderzoeker-groningen"}

RULES = [
    Rule("evaluation:monitor", MONITOR),
    Rule("evaluation:report", MONITOR, note="the council report's form; with a query the preview"),
    Rule(
        "evaluation:report_download",
        MONITOR,
        kwargs=lambda: {"file_format": "pdf"},
        ok=400,
        note="without programme, start and end: the form with its errors (400), no file",
    ),
    Rule("evaluation:dataset", RESEARCH),
    Rule(
        "evaluation:dataset_download",
        RESEARCH,
        kwargs=lambda: {"file_format": "csv"},
        method="post",
        data=lambda: {"purpose": "access matrix check"},
        note="one audited download per allowed account; POST with a purpose",
    ),
    Rule("evaluation:neighbourhoods", MONITOR, note="aggregates per neighbourhood"),
    Rule("evaluation:neighbourhoods_export", MONITOR, note="XLSX of the neighbourhood table"),
    Rule("evaluation:indicators_export", MONITOR, note="basisbaan-indicators/1 JSON"),
    Rule("evaluation:indicators_import", PLANNERS, note="upload form and comparison"),
]
