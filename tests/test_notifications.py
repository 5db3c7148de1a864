"""Notifications: ``notify`` (rows in one insert, e-mail after commit, dedupe keys, the
recipient's language), the bell, the page, opening one (no open redirect) and the API."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from kotacerdas.notifications import selectors, services
from kotacerdas.notifications.models import Notification
from kotacerdas.notifications.services import notify

from .factories import UserFactory

PAGE = "/notifikasi/"
API = "/api/v1/notifications/"


def _notify(users, title="Plan submitted", url="/wilayah/52.04/", **kwargs):
    kwargs.setdefault("kind", "plan_submitted")
    return notify(recipients=users, title=title, url=url, **kwargs)


def _inserts(captured):
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("INSERT")]


# notify: rows, e-mail after commit


def test_notify_writes_the_rows_in_one_insert_and_mails_after_commit(
    world, settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    settings.SITE_URL = "https://kotacerdas.example"
    users = [world.users["coordinator_a"], world.users["officer_a"]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with django_assert_max_num_queries(3) as captured:  # savepoint, insert, release
            created = _notify(users, region_id=world.region_a.pk)
        assert created == 2
        assert len(_inserts(captured.captured_queries)) == 1
        assert mail.outbox == []  # not before the transaction commits
    rows = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(rows) == {u.pk for u in users}
    assert {(n.kind, n.url, n.region_id, n.read_at, n.emailed_at) for n in rows.values()} == {
        ("plan_submitted", "/wilayah/52.04/", world.region_a.pk, None, None)
    }
    assert len(callbacks) == 1
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    message = next(m for m in mail.outbox if m.to == [users[0].email])
    assert message.subject == "Plan submitted"
    row = rows[users[0].pk]
    assert f"https://kotacerdas.example/notifikasi/{row.uid}/" in message.body
    assert all(n.emailed_at is not None for n in Notification.objects.all())


def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(
    world, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify([world.users["coordinator_a"]])
        raise RuntimeError("the change that caused it failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_no_mail_without_an_address_or_when_not_asked(world, django_capture_on_commit_callbacks):
    nobody = UserFactory(username="tanpa_surel", email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([nobody, world.users["coordinator_a"]]) == 2
        assert _notify([world.users["coordinator_b"]], email=False) == 1
    assert [m.to for m in mail.outbox] == [[world.users["coordinator_a"].email]]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2


def test_a_mail_that_fails_is_logged_and_the_others_still_go(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.locmem import EmailBackend

    send = EmailBackend.send_messages
    refused = world.users["officer_a"].email

    def flaky(self, messages):
        if messages[0].to == [refused]:
            raise OSError("mailbox unavailable")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.users["coordinator_a"], world.users["officer_a"]])
    assert [m.to for m in mail.outbox] == [[world.users["coordinator_a"].email]]
    emailed = dict(Notification.objects.values_list("recipient__username", "emailed_at"))
    assert emailed["koord_a"] is not None and emailed["opd_a"] is None
    assert "not sent" in caplog.text


def test_a_dedupe_key_notifies_each_recipient_once(world, django_capture_on_commit_callbacks):
    coordinator, officer = world.users["coordinator_a"], world.users["officer_a"]
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([coordinator], dedupe_key="report-due:52.04:2026-03") == 1
        # the reminder runs again: the coordinator has it already, the officer is new
        assert _notify([coordinator, officer], dedupe_key="report-due:52.04:2026-03") == 1
        assert _notify([coordinator], dedupe_key="report-due:52.04:2026-03") == 0
        assert _notify([coordinator], dedupe_key="report-due:52.04:2026-04") == 1
        assert _notify([coordinator, coordinator]) == 1  # the same person listed twice
        assert _notify([coordinator]) == 1  # no key: no deduplication
    assert Notification.objects.filter(recipient=coordinator).count() == 4
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email] * 4 + [officer.email])


def test_the_title_is_written_in_the_recipients_language(world):
    indonesian = world.users["coordinator_a"]  # the account stores no language: the site's default
    english = world.users["officer_a"]
    english.language = "en"
    _notify([indonesian, english], title=gettext_lazy("Log in"))
    _notify([indonesian, english], title=lambda: gettext("Log in"), kind="callable")
    titles = sorted(Notification.objects.values_list("recipient__username", "title"))
    with translation.override("id"):
        indonesian_title = gettext("Log in")
    assert indonesian_title != "Log in"
    assert titles == sorted([("koord_a", indonesian_title), ("opd_a", "Log in")] * 2)


def test_a_long_title_is_cut_and_a_title_is_one_line(world):
    _notify([world.users["coordinator_a"]], title="Plan\nsubmitted " + "x" * 400)
    title = Notification.objects.get().title
    assert len(title) == 300 and title.startswith("Plan submitted x") and title.endswith("…")


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "wilayah/52.04/", ""]
)
def test_a_notification_links_only_within_the_site(world, url):
    with pytest.raises(ValueError):
        _notify([world.users["coordinator_a"]], url=url)
    assert not Notification.objects.exists()


def test_nobody_to_notify_writes_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _notify([]) == 0


# Services and selectors


def test_read_one_and_all_touch_only_ones_own(world):
    coordinator, other = world.users["coordinator_a"], world.users["coordinator_b"]
    _notify([coordinator, other])
    _notify([coordinator, other])
    first = selectors.notification_list(coordinator).first()
    assert selectors.unread_count(coordinator) == 2
    services.notification_read(actor=coordinator, notification=first)
    first.refresh_from_db()
    read_at = first.read_at
    assert read_at is not None and selectors.unread_count(coordinator) == 1
    services.notification_read(actor=coordinator, notification=first)  # again: unchanged
    first.refresh_from_db()
    assert first.read_at == read_at
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.notification_read(actor=other, notification=first)
    assert services.notifications_read_all(actor=coordinator) == 1
    assert selectors.unread_count(coordinator) == 0
    assert selectors.unread_count(other) == 2
    assert selectors.unread_count(None) == 0


def test_unread_count_is_one_query(world, django_assert_num_queries):
    _notify([world.users["coordinator_a"]])
    with django_assert_num_queries(1):
        assert selectors.unread_count(world.users["coordinator_a"]) == 1


# The bell and the page


def test_the_bell_shows_the_unread_count(world):
    coordinator = world.users["coordinator_a"]
    for _ in range(3):
        _notify([coordinator])
    services.notification_read(actor=coordinator, notification=Notification.objects.first())
    _notify([world.users["coordinator_b"]])
    page = world.client_for("coordinator_a").get("/jejak-audit/").content.decode()
    assert 'href="/notifikasi/"' in page
    assert '<span class="bell-count" aria-hidden="true">2</span>' in page
    quiet = world.client_for("assessor").get("/jejak-audit/").content.decode()
    assert 'href="/notifikasi/"' in quiet and "bell-count" not in quiet
    anonymous = world.client_for("anonymous").get("/wilayah/").content.decode()
    assert "/notifikasi/" not in anonymous


def test_the_page_lists_only_ones_own_unread_first_marked(world):
    _notify([world.users["coordinator_a"]], title="For the coordinator of A")
    _notify([world.users["coordinator_b"]], title="For the coordinator of B")
    _notify([world.users["coordinator_a"]], title="Already read")
    services.notifications_read_all(actor=world.users["coordinator_a"])
    _notify([world.users["coordinator_a"]], title="Still unread")
    with translation.override("en"):
        response = world.client_for("coordinator_a").get(PAGE, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "For the coordinator of A" in html and "Already read" in html and "Still unread" in html
    assert "For the coordinator of B" not in html
    assert [n.title for n in response.context["page"]] == [
        "Still unread",
        "Already read",
        "For the coordinator of A",
    ]
    assert html.count("is-unread") == 1
    assert 'action="/notifikasi/baca-semua/"' in html


def test_the_page_says_when_there_is_nothing(world):
    client = world.client_for("assessor")
    client.cookies["django_language"] = "en"
    html = client.get(PAGE).content.decode()
    assert "No notifications yet." in html
    assert "baca-semua" not in html  # nothing to mark


def test_the_page_is_paginated(world):
    for i in range(55):
        _notify([world.users["coordinator_a"]], title=f"Notification {i}")
    client = world.client_for("coordinator_a")
    assert len(client.get(PAGE).context["page"]) == 50
    assert len(client.get(PAGE, {"page": 2}).context["page"]) == 5


def test_opening_one_reads_it_and_goes_to_its_page(world):
    _notify([world.users["coordinator_a"]], url="/rencana-induk/52.04/?versi=2")
    notification = Notification.objects.get()
    other = world.client_for("coordinator_b").get(f"{PAGE}{notification.uid}/")
    assert other.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    response = world.client_for("coordinator_a").get(f"{PAGE}{notification.uid}/")
    assert response.status_code == 302 and response["Location"] == "/rencana-induk/52.04/?versi=2"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_opening_one_never_leaves_the_site(world, url):
    # A row written past notify (which refuses such links): the page still does not follow it.
    notification = Notification.objects.create(
        recipient=world.users["coordinator_a"], kind="test", title="Odd link", url=url
    )
    response = world.client_for("coordinator_a").get(f"{PAGE}{notification.uid}/")
    assert response.status_code == 302 and response["Location"] == PAGE


def test_mark_all_read_marks_only_ones_own(world):
    _notify([world.users["coordinator_a"], world.users["coordinator_b"]])
    _notify([world.users["coordinator_a"]])
    client = world.client_for("coordinator_a")
    assert client.get(f"{PAGE}baca-semua/").status_code == 405
    response = client.post(f"{PAGE}baca-semua/")
    assert response.status_code == 302 and response["Location"] == PAGE
    assert selectors.unread_count(world.users["coordinator_a"]) == 0
    assert selectors.unread_count(world.users["coordinator_b"]) == 1


@pytest.mark.parametrize("count", [1, 30])
def test_page_query_count_is_pinned(world, count, django_assert_num_queries):
    for _ in range(count):
        _notify([world.users["coordinator_a"]], region_id=world.region_a.pk)
    client = world.client_for("coordinator_a")
    # session, user, memberships (actor), the coordinator's regions (menu), the bell's count,
    # the page's count, the page (regions joined)
    with django_assert_num_queries(7):
        assert client.get(PAGE).status_code == 200


# API


def test_api_lists_ones_own_and_filters_unread(world):
    coordinator = world.users["coordinator_a"]
    _notify([coordinator], title="First", region_id=world.region_a.pk)
    _notify([coordinator], title="Second")
    _notify([world.users["coordinator_b"]], title="Someone else's")
    services.notification_read(actor=coordinator, notification=Notification.objects.get(title="First"))
    client = world.client_for("coordinator_a")
    body = client.get(API).json()
    assert body["count"] == 2
    assert [n["title"] for n in body["results"]] == ["Second", "First"]
    first = body["results"][1]
    assert set(first) == {
        "uid",
        "kind",
        "title",
        "url",
        "region",
        "created_at",
        "read",
        "read_at",
        "emailed_at",
    }
    assert first["region"] == "52.04" and first["read"] is True and first["url"] == "/wilayah/52.04/"
    assert [n["title"] for n in client.get(API, {"unread": "true"}).json()["results"]] == ["Second"]
    assert [n["title"] for n in client.get(API, {"unread": "false"}).json()["results"]] == ["First"]
    bad = client.get(API, {"unread": "maybe"})
    assert bad.status_code == 400 and "unread" in bad.json()["error"]["fields"]


def test_api_marks_one_and_all_read(world):
    _notify([world.users["coordinator_a"]])
    _notify([world.users["coordinator_a"]])
    uid = Notification.objects.first().uid
    client = world.client_for("coordinator_a")
    response = client.post(f"{API}{uid}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert client.post(f"{API}{uid}/read/").json()["read"] is True  # again: still read
    assert client.post(f"{API}read-all/").json() == {"marked": 1}
    assert client.post(f"{API}read-all/").json() == {"marked": 0}


def test_api_refuses_anonymous_callers_and_hides_other_peoples(world):
    _notify([world.users["coordinator_a"]])
    uid = Notification.objects.get().uid
    anonymous = world.client_for("anonymous")
    for response in (
        anonymous.get(API),
        anonymous.post(f"{API}{uid}/read/"),
        anonymous.post(f"{API}read-all/"),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"
    other = world.client_for("coordinator_b")
    for response in (other.get(f"{API}{uid}/"), other.post(f"{API}{uid}/read/")):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert other.post(f"{API}read-all/").json() == {"marked": 0}
    assert Notification.objects.get().read_at is None


def test_deploy_check_warns_when_e_mail_links_would_not_reach_the_site(settings):
    from kotacerdas.core.checks import site_url_check

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [m.id for m in site_url_check()] == ["kotacerdas.W002"]
    settings.SITE_URL = "https://kotacerdas.komdigi.go.id"
    assert site_url_check() == []
