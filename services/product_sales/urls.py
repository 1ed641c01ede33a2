from django.urls import path

from services.product_sales import catalogue_views, views

app_name = "product_sales"
urlpatterns = [
    path("layanan/produk/", catalogue_views.product_catalogue, name="products"),
    path("layanan/produk/<str:office_code>/<slug:slug>/", catalogue_views.product_detail, name="product"),
    path("permintaan/<str:code>/pesanan/", views.order_edit, name="order_edit"),
    path("permintaan/<str:code>/pesanan/hapus/<int:line>/", views.remove_line, name="remove_line"),
    path("permintaan/<str:code>/sppd/", views.sppd_preview, name="sppd_preview"),
    path("permintaan/<str:code>/pembayaran/", views.submit_payment, name="submit_payment"),
    path("pesan/<str:office_code>/<slug:slug>/", views.order_product, name="order_product"),
    path("pesan/<str:office_code>/<slug:slug>/harga/", views.line_quote, name="line_quote"),
    path("unduh/<str:token>/", views.download_product, name="download_product"),
    path("petugas/permintaan/<str:code>/pesanan/<slug:step>/", views.staff_order_step,
         name="staff_order_step"),
    path("petugas/penjualan-langsung/", views.walk_in_order, name="walk_in_order"),
]
