"""Who writes which report: đảng bộ → chi bộ → reports by year, with every save kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from chibo.labels import SchoolLevel


class Organisation(models.Model):
    """A đảng bộ (the superior committee) and its office."""

    name = models.CharField("Tên đảng bộ", max_length=200, unique=True)
    # The summary report's masthead and closing: "ĐẢNG BỘ TỈNH …" above "ĐẢNG ỦY XÃ …".
    superior = models.CharField("Đảng bộ cấp trên", max_length=200, blank=True)
    place = models.CharField("Địa danh", max_length=100, blank=True)
    signer_name = models.CharField("Họ tên người ký báo cáo tổng hợp", max_length=100, blank=True)

    class Meta:
        verbose_name = "Đảng bộ"
        verbose_name_plural = "Đảng bộ"

    def __str__(self) -> str:
        return self.name


class Cell(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cells", verbose_name="Đảng bộ"
    )
    name = models.CharField("Tên chi bộ", max_length=200)
    school_level = models.CharField(
        "Cấp học", max_length=20, choices=[(level.value, level.label) for level in SchoolLevel]
    )

    class Meta:
        verbose_name = "Chi bộ"
        verbose_name_plural = "Chi bộ"
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_cell_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role: the committee office of a đảng bộ, or a cell's secretary or reviewer."""

    OFFICE = "office"
    SECRETARY = "secretary"
    REVIEWER = "reviewer"
    ROLES = [
        (OFFICE, "Văn phòng đảng ủy"),
        (SECRETARY, "Bí thư chi bộ"),
        (REVIEWER, "Người góp ý"),
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name="Đảng bộ")
    cell = models.ForeignKey(
        Cell, null=True, blank=True, on_delete=models.PROTECT, verbose_name="Chi bộ"
    )
    role = models.CharField("Vai trò", max_length=20, choices=ROLES)
    # Set when the office resets the password: the one-time password must be replaced.
    must_change_password = models.BooleanField("Phải đổi mật khẩu", default=False)

    class Meta:
        verbose_name = "Vai trò"
        verbose_name_plural = "Vai trò"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Status(models.TextChoices):
    """One lifecycle for every report: Nháp → Đã nộp → (Trả lại → …) → Đã duyệt."""

    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã nộp"
    RETURNED = "returned", "Trả lại"
    APPROVED = "approved", "Đã duyệt"


EDITABLE = (Status.DRAFT, Status.RETURNED)


class Report(models.Model):
    cell = models.ForeignKey(Cell, on_delete=models.PROTECT, related_name="reports", verbose_name="Chi bộ")
    year = models.PositiveIntegerField("Năm báo cáo")
    # The report as the user typed it, in the shape of the YAML file (may be incomplete).
    data = models.JSONField("Số liệu", default=dict)
    version = models.PositiveIntegerField("Phiên bản", default=0)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField("Nộp lúc", null=True, blank=True)
    # The version frozen by the last submission; its DOCX and PDF are SubmittedFile rows.
    submitted_version = models.PositiveIntegerField("Phiên bản đã nộp", null=True, blank=True)
    # The office's row for this report (chibo.consolidate), computed once per version:
    # the year page of 300 cells reads these instead of validating 300 reports.
    summary = models.JSONField("Số liệu tổng hợp", null=True, blank=True)
    summary_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "Báo cáo"
        verbose_name_plural = "Báo cáo"
        constraints = [models.UniqueConstraint(fields=["cell", "year"], name="one_report_per_cell_year")]
        ordering = ["-year", "cell__name"]

    def __str__(self) -> str:
        return f"{self.cell} – năm {self.year}"


class ReportVersion(models.Model):
    """Every save: who, when, and the whole data, so any save can be restored."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("Phiên bản")
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_version")]
        ordering = ["-number"]


class Transition(models.Model):
    """One change of status: who, when, from, to, and the remark that came with it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("Từ", max_length=20, choices=Status.choices)
    to_status = models.CharField("Sang", max_length=20, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("Lúc", auto_now_add=True)
    version = models.PositiveIntegerField("Phiên bản", null=True, blank=True)
    remark = models.TextField("Ý kiến", blank=True)

    class Meta:
        ordering = ["at", "id"]


class SubmittedFile(models.Model):
    """The DOCX and PDF of a submitted version, made once at submission and kept:
    a submitted version never changes, so exports stream these bytes."""

    DOCX = "docx"
    PDF = "pdf"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    version = models.PositiveIntegerField("Phiên bản")
    kind = models.CharField(max_length=10, choices=[(DOCX, "DOCX"), (PDF, "PDF")])
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "version", "kind"], name="one_file_per_version_kind")
        ]


class Deadline(models.Model):
    """Hạn nộp: the date by which every cell of a đảng bộ submits its year's report."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="deadlines")
    year = models.PositiveIntegerField("Năm báo cáo")
    due = models.DateField("Hạn nộp")

    class Meta:
        verbose_name = "Hạn nộp"
        verbose_name_plural = "Hạn nộp"
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_deadline_per_year")]


class Comment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField("Góp ý")
    created_at = models.DateTimeField(auto_now_add=True)
    # The editor step the remark is about (an editor.STEPS slug); blank: the whole report.
    step = models.CharField("Phần", max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    transition = models.ForeignKey(
        Transition, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    resolved_at = models.DateTimeField("Đã giải quyết lúc", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]


class ReportSeen(models.Model):
    """When a user last read a report's comments: later ones by others are "mới"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "report"], name="one_seen_per_user_report")]
