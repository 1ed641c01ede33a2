from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_channels, name="channels"),
]
