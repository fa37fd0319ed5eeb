"""Idempotent writes: ``Idempotency-Key`` on POST and PUT.

The first request with a key runs the write and, when it succeeds, stores the answer
(status and body) under the organisation and the key. A retry with the same key and the
same request (method, path and body) gets that answer again, with the header
``Idempotent-Replayed: true``, and writes nothing. The same key with another request
answers 422. Keys are kept for ``KEEP`` (24 hours); older ones are removed on the next
write of the organisation.

Every write runs in one transaction: an answer that is not a success rolls back
everything the write did, so bad input changes nothing. Use :func:`write` as a decorator
on the view's ``post``/``put``.
"""

import datetime
import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from basisbaan.api import tokens
from basisbaan.api.models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEEP = datetime.timedelta(hours=24)
MAX_KEY = 255
# Answer headers kept with a stored answer (the rest is computed anew).
KEPT_HEADERS = ("ETag", "Location")


def fingerprint(request) -> str:
    """The request as a hash: method, path and the body's data in a canonical form."""
    body = json.dumps(request.data, sort_keys=True, cls=JSONEncoder, separators=(",", ":"))
    text = f"{request.method}\n{request.path}\n{body}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _error(code: int, message: str) -> Response:
    return Response({"detail": message}, status=code)


def _replay(record: IdempotencyRecord, request) -> Response:
    if record.method != request.method or record.path != request.path:
        return _error(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            _(
                "This Idempotency-Key was used for another request (%(method)s %(path)s). "
                "Use a new key for a new request."
            )
            % {"method": record.method, "path": record.path},
        )
    if record.request_hash != fingerprint(request):
        return _error(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            _(
                "This Idempotency-Key was used with a different request body. Send the same "
                "body to repeat the request, or use a new key for a new request."
            ),
        )
    response = Response(record.response_body, status=record.status_code)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    return response


def _stored(organisation_id: int, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(
        organisation_id=organisation_id, key=key, created_at__gt=timezone.now() - KEEP
    ).first()


def purge(organisation_id: int | None = None) -> int:
    """Remove keys older than ``KEEP`` (of one organisation, or all)."""
    old = IdempotencyRecord.objects.filter(created_at__lte=timezone.now() - KEEP)
    if organisation_id is not None:
        old = old.filter(organisation_id=organisation_id)
    return old.delete()[0]


def _key(request) -> str | None | Response:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable():
        return _error(
            status.HTTP_400_BAD_REQUEST,
            _("The Idempotency-Key must be 1 to 255 printable ASCII characters (e.g. a UUID)."),
        )
    return key


def _run(view_method, view, request, *args, **kwargs) -> Response:
    """The write in one transaction; anything but a success is rolled back."""
    with transaction.atomic():
        response = view_method(view, request, *args, **kwargs)
        if not status.is_success(response.status_code):
            transaction.set_rollback(True)
    return response


def write(view_method):
    """Decorator for an API view's write method (``post``/``put``)."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        key = _key(request)
        if isinstance(key, Response):
            return key
        if key is None or token is None:
            response = _run(view_method, view, request, *args, **kwargs)
        else:
            response = _idempotent(view_method, view, request, token, key, *args, **kwargs)
        if token is not None and not response.get(REPLAYED):
            tokens.record_write(token, request.method, request.path, response.status_code)
        return response

    return wrapper


def _idempotent(view_method, view, request, token, key, *args, **kwargs) -> Response:
    organisation_id = token.organisation_id
    purge(organisation_id)
    stored = _stored(organisation_id, key)
    if stored is not None:
        return _replay(stored, request)
    try:
        with transaction.atomic():
            response = view_method(view, request, *args, **kwargs)
            if not status.is_success(response.status_code):
                # Nothing was written; the key stays free for a corrected request.
                transaction.set_rollback(True)
                return response
            IdempotencyRecord.objects.create(
                organisation_id=organisation_id,
                key=key,
                method=request.method,
                path=request.path[:500],
                request_hash=fingerprint(request),
                status_code=response.status_code,
                response_body=json.loads(json.dumps(response.data, cls=JSONEncoder)),
                response_headers={
                    name: response[name] for name in KEPT_HEADERS if response.has_header(name)
                },
            )
    except IntegrityError:
        # The same key arrived twice at once: the other request's write stands, this
        # one's is rolled back, and it gets the other's answer.
        stored = _stored(organisation_id, key)
        if stored is None:
            raise
        return _replay(stored, request)
    return response
