"""Helpers for lost-update tests: two browser sessions that post what they read."""

import datetime
import re

from django.test import Client

from basisbaan.accounts.models import User


def session(username: str) -> Client:
    """A separate logged-in browser session (its own cookies) for ``username``."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def page_version(response) -> str | None:
    """The hidden ``version`` the page carries, as the browser would post it (or None)."""
    found = re.search(r'name="version" value="(\d*)"', response.content.decode())
    return found.group(1) if found else None


def form_data(response, key: str = "form") -> dict:
    """What a browser posts for the unchanged Django form in ``response.context[key]``."""
    data = {}
    for field in response.context[key]:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, datetime.time):
            data[field.html_name] = value.strftime("%H:%M")
        elif isinstance(value, datetime.date):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(getattr(value, "pk", value))
    return data


def timesheet_data(response) -> dict:
    """What a browser posts for the unchanged timesheet grid in ``response``."""
    rows = response.context["rows"]
    data = {"row_count": str(len(rows)), "action": "save"}
    for i, row in enumerate(rows):
        data[f"kind_{i}"] = row.kind
        data[f"task_{i}"] = row.task_label
        if row.task_id:
            data[f"taskid_{i}"] = str(row.task_id)
        for day, hours in enumerate(row.hours):
            data[f"h_{i}_{day}"] = f"{hours:g}" if hours else ""
    version = page_version(response)
    if version is not None:
        data["version"] = version
    return data
