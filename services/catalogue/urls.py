from django.urls import path

from services.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:office_code>/<slug:service_slug>/", views.standard_detail, name="standard"),
    path("<str:office_code>/<slug:service_slug>/pdf/", views.standard_pdf, name="standard_pdf"),
]
