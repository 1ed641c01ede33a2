from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.i18n import set_language

from services.catalogue import views as catalogue_views

from .admin import admin_sign_in
from .health import healthz

admin.site.site_header = "PST BPS — Administrasi"
admin.site.site_title = "PST BPS"
# The administration signs in through the portal's sign-in and its limits (pst_portal.admin).
admin.site.login = admin_sign_in


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the portal's icon, not a 404."""
    return redirect(static("img/favicon.ico"))


urlpatterns = [
    path("", catalogue_views.home, name="home"),
    # The service apps first: their /layanan/… pages come before the catalogue's /layanan/<office>/<service>/.
    path("", include("services.consultation.urls")),
    path("", include("services.product_sales.urls")),
    path("", include("services.recommendation.urls")),
    path("", include("performance.urls")),  # its /layanan/<office>/kinerja/ before the catalogue's pages
    path("layanan/", include("services.catalogue.urls")),
    path("", include("desk.urls")),
    path("akun/", include("accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("", include("requests_app.urls")),
    path("", include("complaints.urls")),
    path("", include("replies.urls")),
    path("penilaian/", include("complaints.rating_urls")),
    path("bahasa/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
]

# The database unreachable: 503 with Retry-After, not a 500 (pst_portal.errors).
handler500 = "pst_portal.errors.server_error"
