"""Participants: the target group of a programme, from referral to a permanent job or exit.

A ``Participant`` is a resident on bijstand known to the programme (imported from the
benefits administration or entered by staff). Their lifecycle is the explicit
transition table in ``participants.workflow``; every change of status is kept as a
``StatusChange`` (the timeline). ``EmploymentContract`` holds the municipality's
employment contracts with the participant.

Health detail is never stored here: ``limitations`` are work-relevant flags only.

One module per concern: ``base`` (validators, choices), ``participant`` (the
participant and the timeline), ``contracts``, ``screening`` (eligibility rules,
screenings, scans), ``imports``, ``followup`` (after the exit) and ``requests``
(data-subject requests and the rectification log) and ``referral`` (referrals by
partners).
"""

from basisbaan.participants.models.base import (
    IN_SERVICE,
    ExitReason,
    Status,
    TravelMode,
    new_pseudonym,
    postcode_validator,
    validate_bsn,
)
from basisbaan.participants.models.contracts import EmploymentContract
from basisbaan.participants.models.followup import FOLLOW_UP_MONTHS, FollowUp
from basisbaan.participants.models.imports import ImportMapping, ImportRun
from basisbaan.participants.models.participant import Participant, ParticipantQuerySet, StatusChange
from basisbaan.participants.models.referral import Referral
from basisbaan.participants.models.requests import DataSubjectRequest, Rectification
from basisbaan.participants.models.screening import EligibilityRule, Scan, Screening

__all__ = [
    "DataSubjectRequest",
    "EligibilityRule",
    "EmploymentContract",
    "FOLLOW_UP_MONTHS",
    "FollowUp",
    "ExitReason",
    "IN_SERVICE",
    "ImportMapping",
    "ImportRun",
    "Participant",
    "ParticipantQuerySet",
    "Rectification",
    "Referral",
    "Scan",
    "Screening",
    "Status",
    "StatusChange",
    "TravelMode",
    "new_pseudonym",
    "postcode_validator",
    "validate_bsn",
]
