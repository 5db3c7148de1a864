"""Demo logins, one per role, printed by ``make run`` (which then prints the address it serves)."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "demo-kotacerdas-2026"  # noqa: S105 (demo mode only; production never creates these)

# username, full name, role, region code or agency "region:agency-code"
DEMO_USERS: list[tuple[str, str, str, str]] = [
    ("admin", "Admin Kementerian", "ministry_admin", ""),
    ("pendamping", "Fitrah Rahmat Kausar", "pendamping", "52.04,52.07,13.73"),
    ("koordinator.sumbawa", "Drs. Hasanuddin", "coordinator", "52.04"),
    ("opd.sumbawa", "Petugas Disdukcapil Sumbawa", "agency_officer", "52.04:disdukcapil"),
    ("asesor", "Asesor Akademisi", "assessor", ""),
    ("koordinator.buleleng", "Ketut Suwarmawan", "coordinator", "51.08"),
    ("koordinator.sawahlunto", "Nova Efrizon", "coordinator", "13.73"),
    ("koordinator.banjar", "Hj. Rahmah Noor", "coordinator", "63.03"),
    ("koordinator.mataram", "Lalu Hamzan Wadi", "coordinator", "52.71"),
]


def print_logins(out: Any) -> None:
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):\n")
    for username, name, role, scope in DEMO_USERS:
        out.write(f"  {username:<22} {role:<16} {scope:<18} {name}\n")
