"""Forms of the web app; report fields are not here: the editor builds them from the model."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator

from .editor import STEP_KEYS
from .models import Cell, Membership, Organisation
from .throttle import normalize

# Like Django's username validator without "@" and "+": what fits in a URL, a file
# name and a log line without quoting.
USERNAME = re.compile(r"[\w.-]+")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class CommentForm(forms.Form):
    # CharField refuses NUL (PostgreSQL cannot store it); the textarea carries the same cap.
    text = forms.CharField(
        label="Góp ý",
        max_length=5000,
        error_messages={
            "required": "Góp ý đang để trống: hãy viết nội dung rồi gửi.",
            "max_length": "Góp ý dài quá 5.000 ký tự: hãy rút gọn hoặc chia làm hai lần gửi.",
            "null_characters_not_allowed": "Góp ý có ký tự không in được (mã 0): hãy xóa ký tự đó rồi gửi lại.",
        },
    )
    # The editor step the remark is about; blank: the whole report. The page offers only
    # these, so anything else is a forged request (remarks.py answers 400).
    step = forms.ChoiceField(label="Về phần", choices=[("", "Cả báo cáo")] + [(k, k) for k in STEP_KEYS], required=False)
    # The remark this answers (remarks.py checks it belongs to the same report).
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class NewReportForm(forms.Form):
    year = forms.IntegerField(label="Năm báo cáo", min_value=2000, max_value=2100)
    from_last_year = forms.BooleanField(
        label="Bắt đầu từ báo cáo năm trước (chép nội dung, chỉ tiêu năm trước thành chỉ tiêu để so sánh)",
        required=False,
        initial=True,
    )


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


class CellForm(forms.ModelForm):
    DUPLICATE = "Đảng bộ đã có một chi bộ tên này. Hãy đặt tên khác (ví dụ thêm tên trường, tên xã)."

    class Meta:
        model = Cell
        fields = ["name", "school_level"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        # The organisation is not a field, so Django does not check the (organisation, name)
        # constraint; names differing only in case or spacing would confuse people too.
        name = " ".join(self.cleaned_data["name"].split())
        if self.organisation is not None:
            key = _name_key(name)
            names = Cell.objects.filter(organisation=self.organisation).values_list("name", flat=True)
            if any(_name_key(n) == key for n in names):
                raise forms.ValidationError(self.DUPLICATE)
        return name


class NewUserForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    role = forms.ChoiceField(
        label="Vai trò",
        choices=[(Membership.SECRETARY, "Bí thư chi bộ"), (Membership.REVIEWER, "Người góp ý")],
        error_messages={"invalid_choice": "Vai trò không hợp lệ: hãy chọn Bí thư chi bộ hoặc Người góp ý."},
    )
    cell = forms.ModelChoiceField(
        label="Chi bộ",
        queryset=Cell.objects.none(),
        error_messages={"invalid_choice": "Chi bộ này không thuộc đảng bộ: hãy chọn một chi bộ trong danh sách."},
    )
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["cell"].queryset = Cell.objects.filter(organisation=organisation)

    TAKEN = "Tên đăng nhập này đã có người dùng (không phân biệt chữ hoa, chữ thường). Hãy chọn tên khác."

    def clean_username(self):
        name = get_user_model().normalize_username(self.cleaned_data["username"]).strip()  # NFKC, as at sign-in
        if len(name) > 150:  # NFKC can lengthen a name
            raise forms.ValidationError("Tên đăng nhập dài quá 150 ký tự.")
        if not USERNAME.fullmatch(name):
            raise forms.ValidationError(
                "Tên đăng nhập chỉ gồm chữ cái, chữ số và các dấu chấm (.), gạch dưới (_), gạch ngang (-); "
                "không có dấu cách hay ký hiệu khác."
            )
        # Compared in Python: SQLite's case-insensitive match knows ASCII only.
        key = normalize(name)
        if any(normalize(u) == key for u in get_user_model().objects.values_list("username", flat=True).iterator()):
            raise forms.ValidationError(self.TAKEN)
        return name

    def clean(self):
        data = super().clean()
        if data.get("password"):
            user = get_user_model()(username=data.get("username", ""), first_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password"], user)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def save(self):
        data = self.cleaned_data
        user = get_user_model().objects.create_user(
            username=data["username"], password=data["password"], first_name=data["full_name"]
        )
        Membership.objects.create(user=user, organisation=self.organisation, cell=data["cell"], role=data["role"])
        return user



PASSWORD_MAX = 200


class PasswordForm(PasswordChangeForm):
    """Django's change form (old password checked, validators run) in Vietnamese."""

    TOO_LONG = f"Mật khẩu dài quá {PASSWORD_MAX} ký tự: hãy chọn mật khẩu ngắn hơn."

    error_messages = {
        "password_incorrect": "Mật khẩu hiện tại không đúng: hãy gõ lại (nếu văn phòng vừa đặt lại, "
        "đó là mật khẩu một lần văn phòng đưa cho bạn).",
        "password_mismatch": "Hai lần gõ mật khẩu mới không giống nhau: hãy gõ lại cả hai ô cho khớp.",
    }

    def __init__(self, *args, forced=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu một lần (văn phòng đưa)" if forced else "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Gõ lại mật khẩu mới"
        self.fields["new_password2"].help_text = "Gõ lại đúng mật khẩu mới để chắc không gõ nhầm."
        for name, field in self.fields.items():
            field.error_messages["required"] = f"Chưa điền «{field.label}»: hãy điền ô này."
            # Argon2 hashes any length: a cap keeps a pasted megabyte from costing seconds.
            field.validators.append(MaxLengthValidator(PASSWORD_MAX, message=self.TOO_LONG))
            field.widget.attrs["maxlength"] = PASSWORD_MAX

    def clean(self):
        # As SetPasswordForm.clean, but the validators' messages go beside "Mật khẩu mới",
        # the field they are about, not beside the confirmation.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        data = forms.Form.clean(self)
        old, new = data.get("old_password"), data.get("new_password1")
        if old and new and old == new and "new_password1" not in self.errors:
            self.add_error("new_password1", "Mật khẩu mới trùng mật khẩu hiện tại: hãy chọn mật khẩu khác.")
        return data


class MoveForm(forms.Form):
    """Move a secretary or reviewer to another cell of the same đảng bộ."""

    cell = forms.ModelChoiceField(
        label="Chuyển sang chi bộ",
        queryset=Cell.objects.none(),
        error_messages={
            "required": "Chưa chọn chi bộ: hãy chọn chi bộ mới trong danh sách.",
            "invalid_choice": "Chi bộ này không thuộc đảng bộ của tài khoản: hãy chọn một chi bộ trong danh sách.",
        },
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["cell"].queryset = Cell.objects.filter(organisation_id=membership.organisation_id)

    def clean_cell(self):
        cell = self.cleaned_data["cell"]
        if cell.pk == self.membership.cell_id:
            raise forms.ValidationError(f"Tài khoản đã ở {cell}: hãy chọn một chi bộ khác.")
        return cell


class OfficeDetailsForm(forms.ModelForm):
    """What the đảng ủy's summary report needs beyond its name: the masthead's superior
    đảng bộ, the place before the date, and who signs (blank: dotted lines to fill by hand)."""

    class Meta:
        model = Organisation
        fields = ["superior", "place", "signer_name"]
        help_texts = {
            "superior": "Dòng đầu của tiêu đề, ví dụ: Đảng bộ tỉnh Nghệ An.",
            "place": "Viết trước ngày tháng, ví dụ: Đông Thành.",
        }
        error_messages = {
            name: {
                "max_length": f"{label} dài quá %(limit_value)d ký tự (đang có %(show_value)d): hãy viết gọn lại.",
                "null_characters_not_allowed": f"{label} có ký tự không in được (mã 0): hãy xóa ký tự đó.",
            }
            for name, label in [("superior", "Đảng bộ cấp trên"), ("place", "Địa danh"),
                                ("signer_name", "Họ tên người ký")]
        }

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            if isinstance(data.get(name), str):
                data[name] = " ".join(data[name].split())
        return data
