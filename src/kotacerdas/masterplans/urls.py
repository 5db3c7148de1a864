from django.urls import path

from . import views

app_name = "masterplans"
urlpatterns = [
    path("<str:code>/", views.plan_detail, name="plan_detail"),
]
