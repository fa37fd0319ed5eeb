"""Views of the community-task app, one module per concern: the public forms and
status link, the catalogue and task detail, assessment, the provider portal and the
inbox; shared pieces in ``common``. Domain logic lives in ``services``, ``workflow``
and ``displacement``.
"""
