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
    readonly_fields = ["version", "updated_at", "updated_by"]


admin.site.register(ReportVersion)
admin.site.register(Comment)
admin.site.site_header = "chibo – quản trị"
