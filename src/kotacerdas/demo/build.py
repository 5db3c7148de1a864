"""Builds the demo programme through the same services users go through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings

from kotacerdas.accounts import services as account_services
from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.choices import STAGE_ORDER
from kotacerdas.programme.models import Cohort, Kawasan, Participation
from kotacerdas.regions.models import Region
from kotacerdas.regions.services import regions_load

from .evaluation import evaluation_build, evaluation_summary
from .logins import DEMO_PASSWORD, DEMO_USERS, print_logins
from .masterplans import masterplans_build
from .monitoring import monitoring_build, monitoring_summary
from .programme import enrol_with_history, programme_build

COHORTS: list[tuple[int, str]] = [
    (2017, "Gerakan Menuju 100 Smart City 2017"),
    (2018, "Gerakan Menuju 100 Smart City 2018"),
    (2019, "Gerakan Menuju 100 Smart City 2019"),
    (2021, "Gerakan Smart City Nasional 2021"),
    (2022, "Gerakan Smart City Nasional 2022"),
    (2023, "Gerakan Smart City Nasional 2023"),
]

# A standard set of agencies (OPD): code, acronym, name, kind.
STANDARD_AGENCIES: list[tuple[str, str, str, str]] = [
    ("setda", "Setda", "Sekretariat Daerah", "sekretariat"),
    ("bappeda", "Bappeda", "Badan Perencanaan Pembangunan Daerah", "badan"),
    ("diskominfo", "Diskominfo", "Dinas Komunikasi dan Informatika", "dinas"),
    ("disdukcapil", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("dinkes", "Dinkes", "Dinas Kesehatan", "dinas"),
    ("dispar", "Dispar", "Dinas Pariwisata", "dinas"),
    ("dpmptsp", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas"),
    ("disperindag", "Disperindag", "Dinas Perindustrian dan Perdagangan", "dinas"),
    ("diskopukm", "Diskop UKM", "Dinas Koperasi dan Usaha Kecil Menengah", "dinas"),
    ("distan", "Distan", "Dinas Pertanian dan Peternakan", "dinas"),
    ("dlh", "DLH", "Dinas Lingkungan Hidup", "dinas"),
    ("dishub", "Dishub", "Dinas Perhubungan", "dinas"),
    ("disdik", "Disdik", "Dinas Pendidikan dan Kebudayaan", "dinas"),
    ("dinsos", "Dinsos", "Dinas Sosial", "dinas"),
    ("dpupr", "DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"),
    ("satpolpp", "Satpol PP", "Satuan Polisi Pamong Praja", "lainnya"),
    ("bpbd", "BPBD", "Badan Penanggulangan Bencana Daerah", "badan"),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan"),
    ("inspektorat", "Inspektorat", "Inspektorat Daerah", "inspektorat"),
    ("dispusip", "Dispusip", "Dinas Perpustakaan dan Kearsipan", "dinas"),
]

# The seed regions: code, cohort year, selected on, stages reached with dates, note.
SEED_REGIONS: list[tuple[str, int, dt.date, list[tuple[str, dt.date]], str]] = [
    (
        "51.08",  # Buleleng: master plan by Perbup 18/2023 (cohort year est.)
        2017,
        dt.date(2017, 5, 1),
        [
            ("mou_signed", dt.date(2017, 6, 12)),
            ("bimtek_1", dt.date(2017, 7, 10)),
            ("bimtek_2", dt.date(2017, 8, 14)),
            ("bimtek_3", dt.date(2017, 9, 11)),
            ("bimtek_4", dt.date(2017, 10, 16)),
        ],
        "Komitmen bersama ditandatangani pada penutupan Bimtek IV.",
    ),
    (
        "63.03",  # Banjar: master plan by Perbup 9/2020 (cohort year est.)
        2019,
        dt.date(2019, 4, 1),
        [
            ("mou_signed", dt.date(2019, 5, 20)),
            ("bimtek_1", dt.date(2019, 6, 17)),
            ("bimtek_2", dt.date(2019, 7, 15)),
            ("bimtek_3", dt.date(2019, 8, 19)),
            ("bimtek_4", dt.date(2019, 9, 23)),
        ],
        "Komitmen bersama ditandatangani pada penutupan Bimtek IV.",
    ),
    (
        "52.04",  # Sumbawa: master plan 2024-2028 by Perbup 7/2024 (cohort year est.)
        2019,
        dt.date(2019, 4, 1),
        [
            ("mou_signed", dt.date(2019, 5, 22)),
            ("bimtek_1", dt.date(2019, 6, 17)),
            ("bimtek_2", dt.date(2019, 7, 15)),
            ("bimtek_3", dt.date(2019, 8, 19)),
            ("bimtek_4", dt.date(2019, 9, 23)),
        ],
        "Komitmen bersama ditandatangani pada penutupan Bimtek IV.",
    ),
    (
        "52.07",  # Sumbawa Barat: one of 50 in 2022, MoU 21 April 2022, Bimtek June-September 2022
        2022,
        dt.date(2021, 11, 1),
        [
            ("mou_signed", dt.date(2022, 4, 21)),
            ("bimtek_1", dt.date(2022, 6, 14)),
            ("bimtek_2", dt.date(2022, 7, 12)),
            ("bimtek_3", dt.date(2022, 8, 9)),
            ("bimtek_4", dt.date(2022, 9, 20)),
        ],
        "Komitmen bersama ditandatangani pada penutupan Bimtek IV, September 2022.",
    ),
    (
        "13.73",  # Sawahlunto: Bimtek III on 6-7 September 2023; Bimtek IV est.
        2023,
        dt.date(2023, 3, 1),
        [
            ("mou_signed", dt.date(2023, 4, 18)),
            ("bimtek_1", dt.date(2023, 6, 6)),
            ("bimtek_2", dt.date(2023, 7, 11)),
            ("bimtek_3", dt.date(2023, 9, 7)),
            ("bimtek_4", dt.date(2023, 11, 21)),
        ],
        "Bimtek IV: road map, quick win dan penandatanganan komitmen bersama.",
    ),
]
# Notes of earlier stages of a seed region (the last stage takes the note above).
SEED_STAGE_NOTES: dict[str, dict[str, str]] = {
    "13.73": {"bimtek_3": "Bimtek III di Aula Dinas Pertanian Sawahlunto, 6-7 September 2023."},
}


# Regions that get the standard agencies, an organisation and a master plan.
DEMO_REGIONS: list[str] = [code for code, *_rest in SEED_REGIONS] + ["52.71"]


def agencies_ensure(region: Region) -> None:
    for code, acronym, name, kind in STANDARD_AGENCIES:
        Agency.objects.get_or_create(
            region=region, code=code, defaults={"acronym": acronym, "name": name, "kind": kind}
        )


def users_create(actor: User | None) -> None:
    # One password for every demo login: hash it once (a hash costs about a second).
    password_hash = make_password(DEMO_PASSWORD)
    for username, full_name, role, scope in DEMO_USERS:
        user = account_services.user_create(
            actor=actor,
            username=username,
            full_name=full_name,
            email=f"{username}@demo.kotacerdas.id",
        )
        User.objects.filter(pk=user.pk).update(password=password_hash)
        if role == "ministry_admin":
            User.objects.filter(pk=user.pk).update(is_staff=True)
        if role == "agency_officer":
            region_code, agency_code = scope.split(":")
            agency = Agency.objects.get(region__code=region_code, code=agency_code)
            account_services.membership_add(actor=actor, user=user, role=role, agency_id=agency.pk)
        elif scope:
            for code in scope.split(","):
                region = Region.objects.get(code=code)
                account_services.membership_add(actor=actor, user=user, role=role, region_id=region.pk)
        else:
            account_services.membership_add(actor=actor, user=user, role=role)


@contextmanager
def emails_kept() -> Iterator[None]:
    """The demo's steps notify people in the app (the bell), but their e-mails are not sent while
    it is built: they would fill the console of ``make run`` (or a real mail server)."""
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        yield


def build(out: Any) -> None:
    """Build the demo programme (expects an empty programme)."""
    if not Region.objects.exists():
        regions_load()
    with emails_kept(), transaction.atomic():
        for year, name in COHORTS:
            Cohort.objects.get_or_create(year=year, defaults={"name": name})
        for code in DEMO_REGIONS:
            agencies_ensure(Region.objects.get(code=code))
        users_create(None)
        admin = User.objects.get(username="admin")
        for code, cohort_year, selected_on, stages, note in SEED_REGIONS:
            enrol_with_history(
                actor=admin,
                region=Region.objects.get(code=code),
                cohort_year=cohort_year,
                selected_on=selected_on,
                stages=stages,
                note=note,
                stage_notes=SEED_STAGE_NOTES.get(code),
            )
        programme_build(actor=admin)
        organisations_build(actor=admin)
        masterplans_build(actor=admin)
        monitoring_build(actor=admin)
        evaluation_build(actor=admin)
    summary_print(out)
    print_logins(out)


def organisations_build(*, actor: User) -> None:
    """Dewan, Tim Pelaksana, pokja and forum meetings of the demo regions."""
    try:
        # demo/organisation.py is written alongside this module; build without it if absent.
        from .organisation import organisation_build
    except ImportError:
        return
    for code in DEMO_REGIONS:
        organisation_build(region=Region.objects.get(code=code), actor=actor)


def summary_print(out: Any) -> None:
    participations = Participation.objects.all()
    by_cohort = ", ".join(
        f"{row['cohort__year']}: {row['n']}"
        for row in participations.values("cohort__year").annotate(n=Count("id")).order_by("cohort__year")
    )
    kawasan = participations.filter(track="kawasan").count()
    versions = PlanVersion.objects.all()
    out.write(
        f"Demo programme built: {participations.count()} participants ({by_cohort}; "
        f"{kawasan} in {Kawasan.objects.count()} kawasan), {len(STAGE_ORDER)} stages.\n"
    )
    out.write(
        f"Master plans: {MasterPlan.objects.count()} plans, {versions.count()} versions "
        f"({versions.filter(status='ratified').count()} ratified, {versions.filter(status='draft').count()} drafts); "
        f"{Programme.objects.count()} programmes, {ActionPlan.objects.count()} action plans, "
        f"{QuickWin.objects.count()} quick wins.\n"
    )
    out.write(monitoring_summary())
    out.write(evaluation_summary())
