from django.urls import path

from requests_app import document_views, remote_views, staff_views, track_views, visitor_views

app_name = "requests_app"
urlpatterns = [
    path("permintaan/", visitor_views.my_requests, name="mine"),
    path("permintaan/baru/<str:office_code>/<slug:service_slug>/", visitor_views.new_request, name="new"),
    path("permintaan/konfirmasi/<uuid:token>/", remote_views.claim_remote, name="claim_remote"),
    path("permintaan/<str:code>/", visitor_views.detail, name="detail"),
    path("permintaan/<str:code>/periksa/", visitor_views.check_answers, name="check"),
    path("permintaan/<str:code>/terkirim/", visitor_views.confirmation, name="confirmation"),
    path("permintaan/<str:code>/tindakan/", visitor_views.act, name="act"),
    path("permintaan/<str:code>/buang/", visitor_views.discard_draft, name="discard_draft"),
    path("permintaan/<str:code>/dokumen/", visitor_views.add_documents, name="add_documents"),
    path("permintaan/<str:code>/dokumen/<uuid:token>/", document_views.download, name="document"),
    path("lacak/", track_views.track, name="track"),
    path("petugas/", staff_views.officer_workspace, name="officer_workspace"),
    path("petugas/kanal-lain/", remote_views.record_remote, name="record_remote"),
    path("petugas/permintaan/<str:code>/", staff_views.staff_detail, name="staff_detail"),
    path("petugas/permintaan/<str:code>/tindakan/", staff_views.staff_act, name="staff_act"),
    path("petugas/permintaan/<str:code>/tugaskan/", staff_views.staff_assign, name="staff_assign"),
    path("kepala/", staff_views.head_workspace, name="head_workspace"),
]
