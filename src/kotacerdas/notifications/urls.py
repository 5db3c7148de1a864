from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("baca-semua/", views.notification_read_all, name="read_all"),
    path("<uuid:uid>/", views.notification_open, name="open"),
]
