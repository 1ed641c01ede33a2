from django.urls import path

from . import views

app_name = "requests_app"
urlpatterns = [
    path("petugas/", views.officer_workspace, name="officer_workspace"),
    path("kepala/", views.head_workspace, name="head_workspace"),
]
