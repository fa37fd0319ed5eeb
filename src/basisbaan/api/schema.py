"""Post-processing of the OpenAPI schema: the error answers every operation can give.

Every endpoint answers 403 to a caller who is not logged in or holds no role with the
endpoint's permission, and 404 to an object outside the caller's scope (another
municipality's objects answer 404, never 403, so their existence does not leak), to an
id that is not one, and to a page number past the end. drf-spectacular documents only
the 200; this hook adds the others with DRF's error body ``{"detail": "..."}``.

A request with an ``Authorization`` header whose token is unknown, expired or revoked
answers 401 on every endpoint (``basisbaan.api.authentication``). The partner write
endpoints document their own answers (400, 409, 412, 422, 428) with ``ERROR_REF``.
"""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (component ``Error``)."""

    detail = serializers.CharField()


ERROR_REF = ErrorSerializer

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
ANSWERS = {
    "401": "An Authorization header with an unknown, expired or revoked API token.",
    "403": "Not logged in, or no role that holds this endpoint's permission.",
    "404": "Not found: no such object within the caller's scope (another municipality's "
    "objects answer 404 too), or a page past the end.",
}


def document_errors(result, generator, request, public):
    """Add the 401, 403 and 404 answers (``Error`` body) to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ANSWERS.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
