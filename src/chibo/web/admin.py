from django.contrib import admin

from .models import Cell, Comment, Membership, Organisation, Report, ReportVersion


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
    list_display = ["cell", "year", "version", "updated_at", "updated_by"]
    list_filter = ["year"]
    # The data is written through the editor, whose checks (save.py) the admin's raw
    # JSON box would bypass (NaN, lone surrogates, any shape); here it is shown only.
    readonly_fields = ["data", "version", "updated_at", "updated_by"]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """History is kept as saved: it can be read and deleted, not rewritten."""

    list_display = ["report", "number", "created_at", "created_by", "note"]
    readonly_fields = ["report", "number", "data", "created_at", "created_by", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

admin.site.register(Comment)
admin.site.site_header = "chibo – quản trị"
