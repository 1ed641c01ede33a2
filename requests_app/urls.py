from django.urls import path

from . import consultation_views, document_views, staff_views, track_views, visitor_views

app_name = "requests_app"
urlpatterns = [
    path("permintaan/", visitor_views.my_requests, name="mine"),
    path("permintaan/baru/<str:office_code>/<slug:service_slug>/", visitor_views.new_request, name="new"),
    path("permintaan/<str:code>/", visitor_views.detail, name="detail"),
    path("permintaan/<str:code>/periksa/", visitor_views.check_answers, name="check"),
    path("permintaan/<str:code>/terkirim/", visitor_views.confirmation, name="confirmation"),
    path("permintaan/<str:code>/tindakan/", visitor_views.act, name="act"),
    path("permintaan/<str:code>/dokumen/", visitor_views.add_documents, name="add_documents"),
    path("permintaan/<str:code>/dokumen/<uuid:token>/", document_views.download, name="document"),
    path("permintaan/<str:code>/pesan/", consultation_views.post_message, name="message"),
    path("permintaan/<str:code>/percakapan/", consultation_views.conversation_partial, name="conversation"),
    path("permintaan/<str:code>/pertemuan/<uuid:token>/", consultation_views.answer_meeting,
         name="answer_meeting"),
    path("lacak/", track_views.track, name="track"),
    path("petugas/", staff_views.officer_workspace, name="officer_workspace"),
    path("petugas/permintaan/<str:code>/", staff_views.staff_detail, name="staff_detail"),
    path("petugas/permintaan/<str:code>/tindakan/", staff_views.staff_act, name="staff_act"),
    path("petugas/permintaan/<str:code>/tugaskan/", staff_views.staff_assign, name="staff_assign"),
    path("petugas/permintaan/<str:code>/pesan/", consultation_views.post_message, name="staff_message"),
    path("petugas/permintaan/<str:code>/pertemuan/", consultation_views.propose_meeting,
         name="propose_meeting"),
    path("petugas/permintaan/<str:code>/jadikan-artikel/", consultation_views.make_article,
         name="make_article"),
    path("petugas/konsultasi-langsung/", consultation_views.walk_in, name="walk_in"),
    path("petugas/artikel/", consultation_views.articles, name="articles"),
    path("petugas/artikel/baru/", consultation_views.article_edit, name="article_new"),
    path("petugas/artikel/<int:pk>/", consultation_views.article_edit, name="article_edit"),
    path("kepala/", staff_views.head_workspace, name="head_workspace"),
]
