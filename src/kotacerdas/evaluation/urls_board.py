"""The assessment board, included under /evaluasi/ in the "evaluation" namespace (Indonesian
paths): /evaluasi/<round>/papan/ and its .xlsx. ``papan`` is not a region code, so the round's
own ``<round>/<region>/`` pages are not shadowed."""

from django.urls import path

from . import board_views as views

urlpatterns = [
    path("<slug:round_code>/papan/", views.board_page, name="board"),
    path("<slug:round_code>/papan/unduh/", views.board_export, name="board_export"),
]
