from django.urls import path

from . import staff_views, views

app_name = "complaints"
urlpatterns = [
    path("pengaduan/", views.complaint_channels, name="channels"),
    path("pengaduan/ajukan/", views.new_complaint, name="new"),
    path("pengaduan/saya/", views.mine, name="mine"),
    path("pengaduan/saya/<str:complaint>/", views.mine_detail, name="mine_detail"),
    path("pengaduan/saya/<str:complaint>/berkas/<uuid:attachment>/", views.mine_file, name="mine_file"),
    path("pengaduan/p/<str:private>/", views.private, name="private"),
    path("pengaduan/p/<str:private>/tindak/", views.private_act, name="private_act"),
    path("pengaduan/p/<str:private>/berkas/<uuid:attachment>/", views.private_file, name="private_file"),
    path("petugas/pengaduan/", staff_views.queue, name="queue"),
    path("petugas/pengaduan/catat/", staff_views.record, name="record"),
    path("petugas/pengaduan/tenggat/", staff_views.office_settings, name="settings"),
    path("petugas/pengaduan/<str:complaint>/", staff_views.staff_detail, name="staff_detail"),
    path("petugas/pengaduan/<str:complaint>/berkas/<uuid:attachment>/", staff_views.staff_file,
         name="staff_file"),
]
