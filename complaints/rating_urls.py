from django.urls import path

from . import rating_views

app_name = "ratings"
urlpatterns = [
    path("permintaan/<str:code>/", rating_views.request_rating, name="request"),
    path("tiket/<uuid:token>/", rating_views.ticket_rating, name="ticket"),
    path("<str:token>/", rating_views.invite_rating, name="invite"),
]
