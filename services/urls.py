from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("pengetahuan/", views.knowledge_base, name="knowledge"),
    path("produk/", views.product_catalogue, name="products"),
    path("produk/<str:office_code>/<slug:slug>/", views.product_detail, name="product"),
    path("pengetahuan/<slug:slug>/", views.article_detail, name="article"),
    path("<str:office_code>/<slug:service_slug>/", views.standard_detail, name="standard"),
    path("<str:office_code>/<slug:service_slug>/pdf/", views.standard_pdf, name="standard_pdf"),
]
