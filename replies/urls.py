from django.urls import path

from . import views

app_name = "replies"
urlpatterns = [
    path("petugas/balasan/", views.template_list, name="list"),
    path("petugas/balasan/baru/", views.template_add, name="add"),
    path("petugas/balasan/<int:pk>/ubah/", views.template_edit, name="edit"),
    path("petugas/balasan/<int:pk>/hapus/", views.template_delete, name="delete"),
]
