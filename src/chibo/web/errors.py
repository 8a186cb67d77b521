"""Error pages in Vietnamese (400, 403, 404, 500, CSRF failure), in the site's look.

The editor's save endpoint and any request asking for JSON get the same words
as JSON, so app.js can show them instead of choking on an HTML page.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

PAGES = {
    400: ("Yêu cầu không hợp lệ",
          "Máy chủ không đọc được yêu cầu này (địa chỉ hoặc dữ liệu gửi lên không đúng dạng). "
          "Hãy quay lại trang trước, tải lại trang rồi thử lại."),
    403: ("Không được phép",
          "Tài khoản của bạn không được mở hay thực hiện việc này. Nếu cần, hãy nhờ văn phòng đảng ủy cấp quyền."),
    404: ("Không tìm thấy trang",
          "Trang này không có, hoặc báo cáo, phiên bản đã bị xóa. Hãy kiểm tra lại địa chỉ, hoặc về trang chủ."),
    500: ("Máy chủ gặp sự cố",
          "Có lỗi bất ngờ ở máy chủ; việc vừa làm chưa được ghi. Dữ liệu đã lưu trước đó vẫn còn. "
          "Hãy thử lại sau ít phút; nếu vẫn lỗi, báo văn phòng đảng ủy kèm mã yêu cầu dưới đây."),
    "csrf": ("Phiên làm việc của trang đã cũ",
             "Trang này được mở từ trước lần đăng nhập gần nhất (hoặc trình duyệt đã chặn cookie), nên máy chủ "
             "không nhận việc vừa gửi. Hãy tải lại trang rồi làm lại; nếu đang sửa báo cáo, các thay đổi chưa lưu "
             "vẫn được giữ trên máy này."),
}


def wants_json(request) -> bool:
    """app.js sends JSON and reads JSON; a page asks for HTML."""
    return (
        request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    )


def _detail(exception) -> str:
    """The view's own reason, when it gave one for people: chibo's are Vietnamese (never plain
    ASCII); Django's own (e.g. "No Report matches the given query.") are not shown."""
    args = getattr(exception, "args", ())
    text = args[0] if args and isinstance(args[0], str) else ""
    return text if text and not text.isascii() and len(text) <= 1000 else ""


def _referer(request) -> str:
    """The page the user came from, when it is this site's."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""


def _respond(request, status: int, key, exception=None, with_user: bool = True) -> HttpResponse:
    title, text = PAGES[key]
    detail = _detail(exception)
    if wants_json(request):
        body = {"error": f"{title}: {detail or text}"}
        if key == "csrf":
            body["csrf"] = True
        return JsonResponse(body, status=status)
    context = {
        "status": status,
        "title": title,
        "text": text,
        "detail": detail,
        "request_id": getattr(request, "request_id", "") or request.META.get("HTTP_X_REQUEST_ID", ""),
        "home": reverse("home"),
        "back": _referer(request) if key in ("csrf", 400, 403) else "",
    }
    template = loader.get_template("chibo/error.html")
    # A 500 may come from a broken database or template context: no request context then.
    body = template.render(context, request if with_user else None)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return _respond(request, 400, 400, exception)


def permission_denied(request, exception=None):
    return _respond(request, 403, 403, exception)


def page_not_found(request, exception=None):
    return _respond(request, 404, 404, exception)


def server_error(request):
    return _respond(request, 500, 500, with_user=False)


def csrf_failure(request, reason=""):
    return _respond(request, 403, "csrf")


class PlainErrorsMiddleware:
    """A view's short refusal as bare words (``HttpResponseForbidden("Chỉ bí thư …")``) shown as
    the site's error page, its words kept; app.js's requests get them as JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming:
            return response
        if not response.get("Content-Type", "").startswith(("text/plain", "text/html")):
            return response
        text = response.content.decode(response.charset or "utf-8", "replace").strip()
        if text.startswith("<") or not text:  # already a page (or nothing to say: 405 and the like)
            return response
        key = response.status_code if response.status_code in PAGES else (500 if response.status_code >= 500 else 400)
        new = _respond(request, response.status_code, key, Exception(text))
        for header in ("Retry-After", "Allow"):
            if header in response:
                new[header] = response[header]
        return new
