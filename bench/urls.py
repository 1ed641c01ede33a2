"""The portal's URLs plus the yardstick (benchmark only)."""
from django.urls import include, path

from .instrument import yardstick

urlpatterns = [
    path("bench/yardstick/", yardstick, name="bench_yardstick"),
    path("", include("pst_portal.urls")),
]
