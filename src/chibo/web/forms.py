"""Forms of the web app; report fields are not here: the editor builds them from the model."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm

from .models import Cell, Membership


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class NewReportForm(forms.Form):
    year = forms.IntegerField(label="Năm báo cáo", min_value=2000, max_value=2100)
    from_last_year = forms.BooleanField(
        label="Bắt đầu từ báo cáo năm trước (chép nội dung, chỉ tiêu năm trước thành chỉ tiêu để so sánh)",
        required=False,
        initial=True,
    )


class CellForm(forms.ModelForm):
    class Meta:
        model = Cell
        fields = ["name", "school_level"]


class NewUserForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    role = forms.ChoiceField(
        label="Vai trò", choices=[(Membership.SECRETARY, "Bí thư chi bộ"), (Membership.REVIEWER, "Người góp ý")]
    )
    cell = forms.ModelChoiceField(label="Chi bộ", queryset=Cell.objects.none())
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["cell"].queryset = Cell.objects.filter(organisation=organisation)

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng.")
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

