from django.urls import path

from . import board_views, ticket_views, views

app_name = "desk"
urlpatterns = [
    path("petugas/loket/", views.home, name="home"),
    path("petugas/loket/buka/", views.open_desk, name="open"),
    path("petugas/loket/tiket/", views.issue_ticket, name="issue"),
    path("petugas/loket/tiket/<uuid:ticket>/cetak/", views.print_ticket, name="ticket_print"),
    path("petugas/loket/<int:desk>/", views.desk_page, name="desk"),
    path("petugas/loket/<int:desk>/panggil/", views.call_next, name="call"),
    path("petugas/loket/<int:desk>/tutup/", views.close_desk, name="close"),
    path("petugas/loket/<int:desk>/tiket/<uuid:ticket>/<slug:step>/", views.ticket_step, name="step"),
    path("antrian/tiket/<uuid:token>/", ticket_views.ticket_page, name="ticket"),
    path("antrian/tiket/<uuid:token>/isi/", ticket_views.ticket_partial, name="ticket_partial"),
    path("antrian/tiket/<uuid:token>/keluar/", ticket_views.leave_line, name="ticket_leave"),
    path("antrian/<str:office_code>/ambil-tiket/", ticket_views.check_in, name="check_in"),
    path("antrian/<str:office_code>/layar/", board_views.board, name="board"),
    path("antrian/<str:office_code>/layar/isi/", board_views.board_partial, name="board_partial"),
]

from . import kiosk_views  # noqa: E402  (the kiosk and its guest book)

urlpatterns += [
    path("petugas/loket/kiosk/", kiosk_views.kiosk_list, name="kiosks"),
    path("petugas/loket/kiosk/<int:kiosk>/cabut/", kiosk_views.kiosk_revoke, name="kiosk_revoke"),
    path("petugas/loket/buku-tamu/", kiosk_views.guest_book, name="guest_book"),
    path("antrian/kiosk/pasang/<str:link>/", kiosk_views.kiosk_enrol, name="kiosk_enrol"),
    path("antrian/<str:office_code>/kiosk/", kiosk_views.kiosk, name="kiosk"),
    path("antrian/<str:office_code>/kiosk/tiket/<uuid:ticket>/", kiosk_views.kiosk_ticket,
         name="kiosk_ticket"),
]
