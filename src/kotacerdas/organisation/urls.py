from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("<str:code>/", views.overview, name="overview"),
]
