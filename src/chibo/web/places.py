"""Place-name suggestions for the editor (chibo.places), asked for as the user types."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from chibo import places


@login_required
@require_GET
def suggestions(request):
    kind = request.GET.get("loai", "")
    query = request.GET.get("q", "")
    if kind not in places.KINDS:
        return JsonResponse({"error": "Loại địa danh không hợp lệ."}, status=400)
    if len(query) > places.MAX_QUERY:
        return JsonResponse({"error": f"Tên tìm kiếm dài quá {places.MAX_QUERY} ký tự."}, status=400)
    found = places.suggest(kind, query)
    response = JsonResponse({"suggestions": [{"value": s.value, "label": s.label} for s in found]})
    response["Cache-Control"] = "private, max-age=3600"  # the list changes once a decade
    return response
