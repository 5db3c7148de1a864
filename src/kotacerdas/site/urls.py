from django.urls import path

from . import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("wilayah/<str:code>/", views.region_detail, name="region"),
]
