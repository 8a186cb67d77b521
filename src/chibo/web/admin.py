from django.contrib import admin

from .models import Cell, Comment, Deadline, Membership, Organisation, Report, ReportVersion, SubmittedFile, Transition


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Cell)
class CellAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "school_level"]
    list_filter = ["organisation", "school_level"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "cell"]
    list_filter = ["role", "organisation"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["cell", "year", "status", "version", "updated_at", "updated_by"]
    list_filter = ["year", "status"]
    # The data is written through the editor, whose checks (save.py) the admin's raw
    # JSON box would bypass (NaN, lone surrogates, any shape); here it is shown only.
    # The status changes only through the cycle (cycle.py), which records each change.
    readonly_fields = [
        "data", "version", "updated_at", "updated_by",
        "status", "submitted_at", "submitted_version", "summary", "summary_version",
    ]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """History is kept as saved: it can be read and deleted, not rewritten."""

    list_display = ["report", "number", "created_at", "created_by", "note"]
    readonly_fields = ["report", "number", "data", "created_at", "created_by", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

class _ReadOnly(admin.ModelAdmin):
    """Records of what happened: read, never written here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Transition)
class TransitionAdmin(_ReadOnly):
    list_display = ["report", "from_status", "to_status", "by", "at", "version"]
    list_filter = ["to_status"]


@admin.register(SubmittedFile)
class SubmittedFileAdmin(_ReadOnly):
    list_display = ["report", "version", "kind", "size", "created_at"]
    exclude = ["content"]  # bytes; downloaded from the report's page


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "due"]
    list_filter = ["organisation"]


admin.site.register(Comment)
admin.site.site_header = "chibo – quản trị"
