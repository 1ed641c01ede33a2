from django.urls import path

from . import views

app_name = "performance"
urlpatterns = [
    path("kepala/kinerja/", views.head_dashboard, name="head"),
    path("kepala/kinerja/unduh/<slug:table>.<slug:fmt>", views.head_export, name="head_export"),
    path("petugas/kinerja/", views.officer_dashboard, name="officer"),
    path("petugas/kinerja/unduh/<slug:table>.<slug:fmt>", views.officer_export, name="officer_export"),
    path("layanan/<str:office_code>/kinerja/", views.public_figures, name="public"),
]
