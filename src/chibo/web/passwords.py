"""Passwords: Django's validators with Vietnamese messages, the office's one-time
passwords, and the change a reset password forces at the next sign-in.

Django's own Vietnamese catalogue (5.2) misses the too-short message (its msgid still
reads "%(min_length)d" where Django now writes "%d", so the English text shows), calls
chibo's full-name field "Tên", and names no fix; these subclasses say what to do.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

# Lowercase letters and digits a reader cannot confuse when copying by hand: no 0/o,
# 1/l/i. 31 symbols, 16 drawn: about 79 bits.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_SIZE = 4, 4


def one_time_password(user=None) -> str:
    """"abcd-efgh-jkmn-pqrs": random, readable aloud, and accepted by the validators."""
    for _ in range(100):
        password = "-".join(
            "".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS)
        )
        try:
            django_validation.validate_password(password, user)
        except ValidationError:
            continue  # e.g. too close to the username: draw again
        return password
    raise RuntimeError("AUTH_PASSWORD_VALIDATORS refuse every one-time password")


# --- validators (named in settings.AUTH_PASSWORD_VALIDATORS) ------------------------


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: mới có {len(password)} ký tự, cần ít nhất {self.min_length}. "
                "Hãy gõ dài hơn, ví dụ ghép ba, bốn từ dễ nhớ.",
                code="password_too_short",
            )

    def get_help_text(self):
        return f"Dài ít nhất {self.min_length} ký tự."


# The User fields chibo fills, by the names its pages show (first_name holds the full name).
_ATTRIBUTE_NAMES = {
    "username": "tên đăng nhập",
    "first_name": "họ và tên",
    "last_name": "họ",
    "email": "địa chỉ thư điện tử",
}


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        # One attribute at a time, so the message names the one that matched.
        for attribute in self.user_attributes:
            try:
                django_validation.UserAttributeSimilarityValidator((attribute,), self.max_similarity).validate(
                    password, user
                )
            except ValidationError:
                name = _ATTRIBUTE_NAMES.get(attribute, "thông tin tài khoản")
                raise ValidationError(
                    f"Mật khẩu quá giống {name} của tài khoản, dễ bị đoán: hãy chọn mật khẩu không chứa {name}.",
                    code="password_too_similar",
                ) from None

    def get_help_text(self):
        return "Không giống tên đăng nhập hay họ tên."


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self):
        return (
            "Mật khẩu này nằm trong danh sách mật khẩu hay được dùng, rất dễ bị đoán: "
            "hãy chọn mật khẩu khác, ví dụ ghép ba, bốn từ ít gặp."
        )

    def get_help_text(self):
        return "Không phải mật khẩu hay được dùng (như 12345678, matkhau123)."


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu chỉ gồm chữ số, dễ bị đoán: hãy thêm chữ cái."

    def get_help_text(self):
        return "Không chỉ gồm chữ số."


# --- the forced change -------------------------------------------------------------


def must_change(user) -> bool:
    if not user.is_authenticated:
        return False
    from .access import membership

    m = membership(user)
    return m is not None and m.must_change_password


class ChangeRequiredMiddleware:
    """After the office resets a password, every page but the change page (and signing
    out) sends its user there until the one-time password is replaced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_change(request.user):
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed:
                return redirect("password_change")
        return self.get_response(request)
