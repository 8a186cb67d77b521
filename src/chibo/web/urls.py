from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts, cycle, places, remarks, roster_files, sections, views, yaml_file, year

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("bao-cao/moi/", views.report_new, name="report_new"),
    path("bao-cao/<int:pk>/buoc/<slug:step>/", views.report_step, name="report_step"),
    path("bao-cao/<int:pk>/luu/", views.report_save, name="report_save"),
    path("bao-cao/<int:pk>/tai/<str:fmt>/", views.download, name="report_download"),
    path("bao-cao/<int:pk>/tep-yaml/", yaml_file.page, name="report_yaml"),
    path("bao-cao/<int:pk>/tep-yaml/tai/", yaml_file.download, name="report_yaml_download"),
    path("bao-cao/<int:pk>/muc/", sections.change, name="report_section"),
    path("bao-cao/<int:pk>/phien-ban/", views.versions, name="report_versions"),
    path("bao-cao/<int:pk>/phien-ban/<int:number>/", views.version_detail, name="report_version"),
    path("bao-cao/<int:pk>/phien-ban/<int:number>/khoi-phuc/", views.version_restore, name="report_restore"),
    path("bao-cao/<int:pk>/gop-y/", remarks.add, name="report_comment"),
    path("bao-cao/<int:pk>/gop-y/<int:comment>/giai-quyet/", remarks.resolve, name="report_comment_resolve"),
    path("bao-cao/<int:pk>/gop-y/<int:comment>/mo-lai/", remarks.reopen, name="report_comment_reopen"),
    path("bao-cao/<int:pk>/gop-y/da-doc/", remarks.mark_read, name="report_comments_read"),
    path("bao-cao/<int:pk>/nop/", cycle.submit_page, name="report_submit_page"),
    path("bao-cao/<int:pk>/nop/xac-nhan/", cycle.submit, name="report_submit"),
    path("bao-cao/<int:pk>/xet-duyet/", cycle.review_page, name="report_review"),
    path("bao-cao/<int:pk>/danh-sach/mau/", roster_files.template, name="roster_template"),
    path("bao-cao/<int:pk>/danh-sach/tai/", roster_files.export, name="roster_export"),
    path("bao-cao/<int:pk>/danh-sach/nhap/", roster_files.upload, name="roster_upload"),
    path("bao-cao/<int:pk>/danh-sach/nhap/xac-nhan/", roster_files.confirm, name="roster_confirm"),
    path("bao-cao/<int:pk>/tra-lai/", cycle.return_report, name="report_return"),
    path("bao-cao/<int:pk>/duyet/", cycle.approve, name="report_approve"),
    path("dia-danh/", places.suggestions, name="place_suggestions"),
    path("van-phong/", views.office, name="office"),
    path("van-phong/tong-hop/<int:year>/", year.year_page, name="year_page"),
    path("van-phong/tong-hop/<int:year>/tai/<str:fmt>/", year.year_export, name="year_export"),
    path("van-phong/han-nop/", cycle.set_deadline, name="deadline_set"),
    path("doi-mat-khau/", accounts.change_password, name="password_change"),
    path("van-phong/tai-khoan/<int:pk>/dat-lai-mat-khau/", accounts.reset_password, name="account_reset"),
    path("van-phong/tai-khoan/<int:pk>/khoa/", accounts.deactivate, name="account_deactivate"),
    path("van-phong/tai-khoan/<int:pk>/mo-khoa/", accounts.reactivate, name="account_reactivate"),
    path("van-phong/tai-khoan/<int:pk>/chuyen-chi-bo/", accounts.move, name="account_move"),
    path("quan-tri/", admin.site.urls),
]

# Vietnamese error pages (errors.py); the CSRF failure page is settings.CSRF_FAILURE_VIEW.
handler400 = "chibo.web.errors.bad_request"
handler403 = "chibo.web.errors.permission_denied"
handler404 = "chibo.web.errors.page_not_found"
handler500 = "chibo.web.errors.server_error"
