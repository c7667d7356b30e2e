"""The one JSON error body of the API: `{"error": "…"}` with 400 (bad parameter) or 404."""

from django.http import JsonResponse


def json_error(message, status=400):
    return JsonResponse({"error": message}, status=status)
