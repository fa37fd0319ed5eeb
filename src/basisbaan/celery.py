"""Celery application for deployments with Redis-backed workers.

Start a worker with ``celery -A basisbaan worker -l info`` and set
``BASISBAAN_JOBS_BACKEND=celery`` and ``REDIS_URL`` for the web processes.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "basisbaan.settings")

app = Celery("basisbaan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["basisbaan.jobs", "basisbaan.privacy", "basisbaan.api"])
