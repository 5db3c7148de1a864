"""The permission matrix of notifications: the page, opening one, marking all read, and the API.

Everyone signed in has their own notifications; another person's answers 404 (page and API),
as a missing one. Pages send anonymous visitors to the login page; the API answers 401.
"""

from .cases import LOGIN, Case, expect

UNAUTH = 401


def _coordinators_notification(world):
    """A notification to coordinator A (made once per case; the path names it)."""
    from kotacerdas.notifications.models import Notification
    from kotacerdas.notifications.services import notify

    user = world.users["coordinator_a"]
    notify(recipients=[user], kind="test", title="Plan submitted", url="/wilayah/52.04/", email=False)
    return Notification.objects.get(recipient=user).uid


CASES = [
    Case("notifications:list", lambda w: "/notifikasi/", expect(200, anonymous=LOGIN)),
    Case(
        "notifications:read_all",
        lambda w: "/notifikasi/baca-semua/",
        expect(302, anonymous=LOGIN),
        method="post",
    ),
    Case(
        "notifications:read_all",
        lambda w: "/notifikasi/baca-semua/",
        expect(405, anonymous=LOGIN),
        id="GET notifications:read_all",
    ),
    Case(
        "notifications:open",
        lambda w: f"/notifikasi/{_coordinators_notification(w)}/",
        expect(404, coordinator_a=302, anonymous=LOGIN),
    ),
    Case("api:notification-list", lambda w: "/api/v1/notifications/", expect(200, anonymous=UNAUTH)),
    Case(
        "api:notification-detail",
        lambda w: f"/api/v1/notifications/{_coordinators_notification(w)}/",
        expect(404, coordinator_a=200, anonymous=UNAUTH),
    ),
    Case(
        "api:notification-read",
        lambda w: f"/api/v1/notifications/{_coordinators_notification(w)}/read/",
        expect(404, coordinator_a=200, anonymous=UNAUTH),
        method="post",
    ),
    Case(
        "api:notification-read-all",
        lambda w: "/api/v1/notifications/read-all/",
        expect(200, anonymous=UNAUTH),
        method="post",
    ),
]
