from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from services import views as service_views

from .health import healthz

admin.site.site_header = "PST BPS — Administrasi"
admin.site.site_title = "PST BPS"

urlpatterns = [
    path("", service_views.home, name="home"),
    path("layanan/", include("services.urls")),
    path("akun/", include("accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("", include("requests_app.urls")),
    path("pengaduan/", include("complaints.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
