from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import remarks, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("bao-cao/moi/", views.report_new, name="report_new"),
    path("bao-cao/<int:pk>/buoc/<slug:step>/", views.report_step, name="report_step"),
    path("bao-cao/<int:pk>/luu/", views.report_save, name="report_save"),
    path("bao-cao/<int:pk>/tai/<str:fmt>/", views.download, name="report_download"),
    path("bao-cao/<int:pk>/phien-ban/", views.versions, name="report_versions"),
    path("bao-cao/<int:pk>/phien-ban/<int:number>/", views.version_detail, name="report_version"),
    path("bao-cao/<int:pk>/phien-ban/<int:number>/khoi-phuc/", views.version_restore, name="report_restore"),
    path("bao-cao/<int:pk>/gop-y/", remarks.add, name="report_comment"),
    path("bao-cao/<int:pk>/gop-y/<int:comment>/giai-quyet/", remarks.resolve, name="report_comment_resolve"),
    path("bao-cao/<int:pk>/gop-y/<int:comment>/mo-lai/", remarks.reopen, name="report_comment_reopen"),
    path("bao-cao/<int:pk>/gop-y/da-doc/", remarks.mark_read, name="report_comments_read"),
    path("van-phong/", views.office, name="office"),
    path("quan-tri/", admin.site.urls),
]
