"""Participant screens, one module per concern: the lists (caseload, waiting list,
caseloads), the participant file and profile, the lifecycle (status, assignment,
priority), screening and scan, contracts and the import with its mapping and rules;
shared pieces in ``common``.

Each view names its permission; objects are found through ``access`` (out of scope:
404). Every read of a participant's personal data is audited, naming the fields shown.
"""
