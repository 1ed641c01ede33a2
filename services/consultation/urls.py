from django.urls import path

from services.consultation import knowledge_views, views

app_name = "consultation"
urlpatterns = [
    path("layanan/pengetahuan/", knowledge_views.knowledge_base, name="knowledge"),
    path("layanan/pengetahuan/<slug:slug>/", knowledge_views.article_detail, name="article"),
    path("permintaan/<str:code>/pesan/", views.post_message, name="message"),
    path("permintaan/<str:code>/percakapan/", views.conversation_partial, name="conversation"),
    path("permintaan/<str:code>/pertemuan/<uuid:token>/", views.answer_meeting, name="answer_meeting"),
    path("petugas/permintaan/<str:code>/pesan/", views.post_message, name="staff_message"),
    path("petugas/permintaan/<str:code>/pertemuan/", views.propose_meeting, name="propose_meeting"),
    path("petugas/permintaan/<str:code>/jadikan-artikel/", views.make_article, name="make_article"),
    path("petugas/konsultasi-langsung/", views.walk_in, name="walk_in"),
    path("petugas/artikel/", views.articles, name="articles"),
    path("petugas/artikel/baru/", views.article_edit, name="article_new"),
    path("petugas/artikel/<int:pk>/", views.article_edit, name="article_edit"),
]
