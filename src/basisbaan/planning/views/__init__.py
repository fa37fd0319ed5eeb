"""Planning views, one module per concern: the planner's weeks and runs, plan versions
and publishing, unexpected absences and replacements, the participant's week card
and iCal feed; shared pieces in ``common``.
"""
