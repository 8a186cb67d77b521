"""Who writes which report: đảng bộ → chi bộ → reports by year, with every save kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from chibo.labels import SchoolLevel


class Organisation(models.Model):
    """A đảng bộ (the superior committee) and its office."""

    name = models.CharField("Tên đảng bộ", max_length=200, unique=True)

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

    class Meta:
        verbose_name = "Vai trò"
        verbose_name_plural = "Vai trò"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


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


class Comment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField("Góp ý")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
