"""What the retention job does with the evaluation's records (privacy.retention).

The research dataset is never stored: each download is an audit entry (who, when,
which columns, the purpose; ``dataset.record_download``). Those records are their own
record type, ``research_downloads``: deleted when the period has passed since the
download. The monitor's figures are computed, not stored, so nothing else expires here.
"""

from django.utils.translation import gettext_lazy as _

from basisbaan.audit.models import AuditEntry
from basisbaan.privacy import registry, retention

RESEARCH_DOWNLOADS = "research_downloads"


def expire_research_downloads(municipality, cutoff, *, dry_run: bool, batch_size: int):
    return retention.delete_audit_entries(
        municipality,
        cutoff,
        dry_run=dry_run,
        batch_size=batch_size,
        action=AuditEntry.Action.EXPORT,
        object_type="tenants.municipality",
    )


def register() -> None:
    """The record types of this app (called from ``EvaluationConfig.ready()``)."""
    registry.register_record_type(
        registry.RecordType(
            code=RESEARCH_DOWNLOADS,
            label=_("Research exports (download records)"),
            holds=_(
                "Who downloaded the pseudonymised research dataset or a report, when, "
                "which columns and for what purpose."
            ),
            categories=(_("user names of staff and researchers"),),
            purpose=_("Accountability for every release of programme data for research."),
            legal_ground=_(
                "AVG art. 5(2), 30 and 89: accountability for processing for research and "
                "statistics with pseudonyms."
            ),
            default_days=5 * 365,
            moment=_("the download"),
            action=retention.DELETE,
            expire=expire_research_downloads,
            recipients=_("administrators (audit)"),
        )
    )
