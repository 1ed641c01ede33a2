from django.urls import path

from services.recommendation import views

app_name = "recommendation"
urlpatterns = [
    path("permintaan/<str:code>/formulir/", views.form_overview, name="recommendation_form"),
    path("permintaan/<str:code>/formulir/<slug:key>/", views.form_section, name="recommendation_section"),
    path("permintaan/<str:code>/surat/", views.letter_download, name="letter_download"),
    path("petugas/permintaan/<str:code>/catat-formulir/", views.record_at_desk, name="recommendation_record"),
    path("petugas/permintaan/<str:code>/periksa-formulir/", views.review, name="recommendation_review"),
    path("petugas/permintaan/<str:code>/surat/", views.letter, name="recommendation_letter"),
    path("petugas/permintaan/<str:code>/surat/pratinjau/", views.letter_preview, name="letter_preview"),
    path("petugas/rekomendasi-langsung/", views.walk_in, name="walk_in_recommendation"),
    path("rekomendasi/daftar/", views.register, name="register"),
    path("verifikasi/", views.verify_lookup, name="verify_lookup"),
    path("verifikasi/<str:code>/", views.verify, name="verify_letter"),
]
