"""A believable smart-city organisation for a demo region, built through the organisation
services: the SK of the Dewan Smart City and of the Tim Pelaksana, their members, six pokja
with leading agencies, and Forum Smart City meetings with minutes in Indonesian.

Names of officials come from the published reports in ``shared/seeds`` where they are known
(Sumbawa, Sumbawa Barat, Sawahlunto, Buleleng, Banjar). Officials whose names the reports do
not give are recorded by their office ("Bupati Sumbawa"); members from outside government
(academics, business, youth, artists, ICT volunteers) are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotacerdas.organisation import services
from kotacerdas.organisation.choices import Body, BodyRole, DecreeKind, Sector
from kotacerdas.organisation.models import Agency, Decree
from kotacerdas.programme.models import Dimension, Participation
from kotacerdas.regions.models import Region

# Leading agency (code from demo.build.STANDARD_AGENCIES) of each dimension's pokja.
POKJA_LEADS: dict[str, str] = {
    "GOV": "diskominfo",
    "BRD": "dispar",
    "ECO": "disperindag",
    "LIV": "dinkes",
    "SOC": "dinsos",
    "ENV": "dlh",
}


@dataclass
class Meeting:
    """A Forum Smart City meeting: ``day`` is a date, or days after the SK Dewan when an int,
    or days before today when negative."""

    day: dt.date | int
    title: str
    place: str
    attendees: int
    minutes: str


@dataclass
class Profile:
    """What the seeds tell about one region."""

    # agency code -> (new acronym, new name) where the region names it differently
    renames: dict[str, tuple[str, str]] = field(default_factory=dict)
    # agency code -> name of its head, where known
    heads: dict[str, str] = field(default_factory=dict)
    sekda: str = ""
    university: str = "perguruan tinggi setempat"
    pokja_leads: dict[str, str] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)


def _short(region: Region) -> str:
    """'Kabupaten Sumbawa' -> 'Sumbawa'; 'Kota Sawahlunto' -> 'Sawahlunto'."""
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if region.name.startswith(prefix):
            return region.name[len(prefix) :]
    return region.name


def _head_title(region: Region) -> str:
    return "Wali Kota" if region.level == "kota" else "Bupati"


def _generic_meetings(region: Region) -> list[Meeting]:
    short = _short(region)
    head = _head_title(region)
    return [
        Meeting(
            30,
            f"Rapat Perdana Forum Smart City {region.name}",
            f"Aula Kantor {head} {short}",
            42,
            f"Rapat dibuka oleh {head} {short} selaku Ketua Dewan Smart City.\n\n"
            "Agenda:\n"
            "1. Pengenalan Gerakan Menuju Smart City dan jadwal Bimtek I-IV.\n"
            "2. Pembagian enam pokja sesuai dimensi smart city beserta OPD pengampunya.\n"
            "3. Penunjukan Dinas Kominfo sebagai sekretariat Tim Pelaksana.\n\n"
            "Kesepakatan:\n"
            "- Setiap pokja menyampaikan daftar program dari RPJMD dan Renstra OPD paling lambat dua "
            "minggu sebelum Bimtek II.\n"
            "- Forum Smart City bertemu sekurang-kurangnya sekali dalam tiga bulan.",
        ),
        Meeting(
            130,
            "Forum Smart City: Pembahasan Rancangan Master Plan",
            "Ruang Rapat Bappeda",
            35,
            "Tim Pelaksana memaparkan rancangan master plan hasil Bimtek I-IV: analisis kesiapan "
            "(struktur, infrastruktur, suprastruktur), visi smart city, serta program dan rencana aksi "
            "per dimensi.\n\n"
            "Masukan peserta:\n"
            "- Akademisi meminta indikator keluaran setiap rencana aksi dilengkapi baseline.\n"
            "- Perwakilan pelaku usaha mengusulkan kemitraan untuk quick win dimensi smart economy.\n"
            "- Relawan TIK siap mendampingi literasi digital di kecamatan.\n\n"
            "Tindak lanjut: Bappeda menyelaraskan anggaran rencana aksi dengan RKPD tahun berikutnya.",
        ),
        Meeting(
            400,
            "Forum Smart City: Evaluasi Quick Win Tahun Pertama",
            "Command Center Dinas Kominfo",
            28,
            "Setiap pokja melaporkan persentase penyelesaian quick win dan kendalanya.\n\n"
            "Catatan:\n"
            "- Quick win dimensi smart governance dan smart living berjalan sesuai jadwal.\n"
            "- Quick win dimensi smart economy tertunda karena pengadaan; pokja menyusun rencana ulang.\n"
            "- Data dukung (tangkapan layar, jumlah pengguna, wawancara penerima manfaat) dihimpun "
            "sekretariat untuk bahan monev.",
        ),
    ]


def _profiles() -> dict[str, Profile]:
    return {
        "52.04": Profile(  # Kabupaten Sumbawa
            renames={
                "diskominfo": (
                    "Diskominfotiksan",
                    "Dinas Komunikasi, Informatika, Statistik dan Persandian",
                )
            },
            heads={"diskominfo": "Drs. Hasanuddin"},
            university="Universitas Samawa",
            pokja_leads={"ECO": "distan", "SOC": "dinsos", "GOV": "diskominfo"},
            meetings=[
                Meeting(
                    29,
                    "Rapat Perdana Forum Smart City Kabupaten Sumbawa",
                    "Aula Kantor Bupati Sumbawa",
                    46,
                    "Rapat dipimpin Bupati Sumbawa selaku Ketua Dewan Smart City, didampingi Kepala Dinas "
                    "Kominfotiksan Drs. Hasanuddin.\n\n"
                    "Pokok bahasan:\n"
                    "1. Visi smart city “Sumbawa Gemilang” diselaraskan dengan visi pembangunan daerah.\n"
                    "2. Pembentukan enam pokja: smart governance, smart branding, smart economy, smart "
                    "living, smart society dan smart environment.\n"
                    "3. Jadwal Bimtek penyusunan master plan bersama Kementerian Kominfo.\n\n"
                    "Kesepakatan: setiap OPD menunjuk satu operator data untuk pokja masing-masing.",
                ),
                Meeting(
                    dt.date(2019, 9, 26),
                    "Forum Smart City: Kertas Kerja Bimtek IV dan Quick Win",
                    "Ruang Rapat Bappeda Kabupaten Sumbawa",
                    38,
                    "Tim Pelaksana membahas road map dan quick win setiap dimensi hasil Bimtek IV.\n\n"
                    "Quick win yang disepakati antara lain SiLAMO (layanan administrasi kependudukan "
                    "online) pada Dinas Kependudukan dan Pencatatan Sipil, Discover Sumbawa untuk promosi "
                    "pariwisata, dan Sistem Informasi Jaringan Peternakan (SiJINAK).\n\n"
                    "Tindak lanjut: pokja menyiapkan rencana anggaran quick win untuk tahun pertama.",
                ),
                Meeting(
                    dt.date(2024, 6, 10),
                    "Rapat Persiapan Forum Evaluasi Smart City 2024",
                    "Aula Dinas Kominfotiksan Kabupaten Sumbawa",
                    40,
                    "Persiapan paparan pada Forum Evaluasi Smart City 2024 di Denpasar, 24-27 Juni 2024.\n\n"
                    "Rekapitulasi master plan: 74 program kerja dan 142 rencana aksi.\n"
                    "- Smart governance: 9 program, 25 rencana aksi, quick win SiLAMO.\n"
                    "- Smart branding: 12 program, 14 rencana aksi, quick win Discover Sumbawa.\n"
                    "- Smart economy: 20 program, 38 rencana aksi, quick win SiJINAK.\n"
                    "- Smart living: 13 program, 25 rencana aksi, quick win e-Puskesmas.\n"
                    "- Smart society: 8 program, 18 rencana aksi, quick win SiPATARA.\n"
                    "- Smart environment: 12 program, 22 rencana aksi, quick win Go-SIPS (Samawa Bersih "
                    "Sampah).\n\n"
                    "Setiap pokja melengkapi data dukung paling lambat 17 Juni 2024.",
                ),
                Meeting(
                    dt.date(2024, 7, 15),
                    "Tindak Lanjut Masukan Asesor Forum Evaluasi 2024",
                    "Ruang Rapat Sekretariat Daerah Kabupaten Sumbawa",
                    31,
                    "Kepala Dinas Kominfotiksan menyampaikan hasil Forum Evaluasi: asesor menelisik lebih "
                    "dalam quick win SiJINAK (smart economy) dan SiLAMO (smart governance) dari sisi "
                    "operasional dan pelaksanaan di lapangan.\n\n"
                    "Tindak lanjut:\n"
                    "- Dinas Pertanian dan Peternakan menyusun SOP rekomendasi perizinan ternak di SiJINAK.\n"
                    "- Disdukcapil menambah titik layanan SiLAMO di kecamatan terjauh.\n"
                    "- Program yang diberi masukan asesor dikaji ulang dalam revisi master plan.",
                ),
                Meeting(
                    -40,
                    "Rapat Koordinasi Forum Smart City Triwulan IV",
                    "Command Center Dinas Kominfotiksan Kabupaten Sumbawa",
                    27,
                    "Pemantauan realisasi rencana aksi triwulan berjalan.\n\n"
                    "- Sebagian besar rencana aksi smart governance dan smart living sudah terealisasi.\n"
                    "- Pokja smart environment melaporkan perluasan Go-SIPS ke dua kecamatan baru.\n"
                    "- Sekretariat mengingatkan pengisian kuesioner evaluasi mandiri dan data dukung.",
                ),
            ],
        ),
        "52.07": Profile(  # Kabupaten Sumbawa Barat
            heads={"diskominfo": "Hirawansyah Atta"},
            university="Universitas Cordova",
            meetings=[
                Meeting(
                    28,
                    "Rapat Perdana Dewan Smart City dan Tim Pelaksana KSB",
                    "Kantor Sekretariat Daerah KSB",
                    44,
                    "Menindaklanjuti MoU antara Bupati Sumbawa Barat dan Kementerian Kominfo tanggal 21 "
                    "April 2022 serta SK Bupati tentang pembentukan Dewan Smart City.\n\n"
                    "Kepala Dinas Kominfo, Hirawansyah Atta, menjelaskan bahwa KSB terpilih sebagai salah "
                    "satu dari 50 kabupaten/kota tahun 2022 setelah asesmen Kementerian Kominfo pada 2021.\n\n"
                    "Kesepakatan: Bimtek penyusunan master plan dimulai Juni 2022; setiap OPD menyiapkan "
                    "praktik pelayanan cerdas yang sudah berjalan sebagai bahan quick win.",
                ),
                Meeting(
                    dt.date(2022, 9, 20),
                    "Penandatanganan Komitmen Bersama dan Penutupan Bimtek IV",
                    "Kantor Sekretariat Daerah KSB",
                    60,
                    "OPD pendukung gerakan smart city menandatangani komitmen bersama dengan Bupati Sumbawa "
                    "Barat dan Sekretaris Daerah, dirangkaikan dengan penutupan Bimtek penyusunan master "
                    "plan (Juni-September 2022).\n\n"
                    "Pembimbing dari Kementerian Kominfo, Fitrah Rahmat Kausar, mendorong kolaborasi Pemda "
                    "dengan perusahaan, perbankan dan Tim Program Daerah Pemberdayaan Gotong Royong, serta "
                    "menyebut quick win KSB dapat menjadi pembelajaran bagi daerah lain.\n\n"
                    "Tindak lanjut: implementasi program sesuai master plan; monitoring dan evaluasi tahun "
                    "berikutnya di Jakarta.",
                ),
                Meeting(
                    dt.date(2023, 3, 14),
                    "Forum Smart City: Implementasi Quick Win Tahun Pertama",
                    "Aula Dinas Kominfo KSB",
                    33,
                    "Pokja melaporkan kemajuan quick win dan kemitraan dengan perusahaan serta perbankan.\n\n"
                    "- Pokja smart environment menjajaki dukungan aplikasi pengelolaan lingkungan.\n"
                    "- Sekretariat menyiapkan bahan monitoring dan evaluasi.",
                ),
            ],
        ),
        "13.73": Profile(  # Kota Sawahlunto
            heads={"diskominfo": "Nova Efrizon"},
            university="Universitas Andalas",
            pokja_leads={"BRD": "disdik", "SOC": "disdukcapil"},
            meetings=[
                Meeting(
                    28,
                    "Rapat Perdana Forum Smart City Kota Sawahlunto",
                    "Aula Balai Kota Sawahlunto",
                    39,
                    "Wali Kota Sawahlunto membuka rapat dan meminta setiap OPD menampilkan inovasi yang "
                    "sudah berjalan.\n\n"
                    "Kesepakatan: enam pokja dibentuk; Dinas Kominfo menjadi sekretariat; jadwal Bimtek I-IV "
                    "diumumkan kepada seluruh OPD.",
                ),
                Meeting(
                    dt.date(2023, 9, 7),
                    "Bimtek III Hari Kedua: Presentasi Quick Win per Dimensi",
                    "Aula Dinas Pertanian Sawahlunto",
                    52,
                    "Dihadiri empat narasumber dari Kementerian Kominfo.\n\n"
                    "Presentasi diawali dimensi smart branding: Dada Warsina (Digitalisasi Data Warisan "
                    "Budaya Dunia), penyelesaian 70%. Narasumber menyarankan agar masyarakat dapat melaporkan "
                    "warisan budaya yang ditemukan, lalu dikonfirmasi oleh ahli.\n\n"
                    "Penyelesaian quick win berkisar 1% hingga 99%: Info Sunto (smart economy) 1%, Jempol "
                    "Narsis - Jemput Bola Nyasarin KTP Siswa (smart society, Disdukcapil) 99%, sebagian besar "
                    "dimensi lain 70%.\n\n"
                    "Kepala Dinas Kominfo, Nova Efrizon, menutup Bimtek III dan meminta inovasi unggulan "
                    "terus dikembangkan dan diekspos kepada masyarakat.",
                ),
                Meeting(
                    -75,
                    "Forum Smart City: Pemutakhiran Progres Quick Win",
                    "Ruang Rapat Dinas Kominfo Kota Sawahlunto",
                    24,
                    "Pokja smart economy menyampaikan rencana percepatan Info Sunto.\n"
                    "Pokja smart branding menambahkan fitur pelaporan warisan budaya oleh masyarakat pada "
                    "Dada Warsina.",
                ),
            ],
        ),
        "51.08": Profile(  # Kabupaten Buleleng
            renames={
                "diskominfo": (
                    "Diskominfosanti",
                    "Dinas Komunikasi, Informatika, Persandian dan Statistik",
                )
            },
            heads={"diskominfo": "Ketut Suwarmawan"},
            university="Universitas Pendidikan Ganesha",
            pokja_leads={"GOV": "dpmptsp", "BRD": "dispar", "SOC": "disdik"},
            meetings=[
                Meeting(
                    23,
                    "Rapat Perdana Forum Smart City Kabupaten Buleleng",
                    "Ruang Rapat Kantor Bupati Buleleng",
                    45,
                    "Bupati Buleleng selaku Ketua Dewan Smart City menyampaikan arah gerakan smart city dan "
                    "meminta kerja sama lintas sektor.\n\n"
                    "Kesepakatan: enam pokja dibentuk dengan OPD pengampu; Diskominfosanti menjadi "
                    "sekretariat Tim Pelaksana.",
                ),
                Meeting(
                    dt.date(2024, 10, 28),
                    "Persiapan Evaluasi Tahap II Smart City",
                    "Buleleng Command Center (BCC), Diskominfosanti",
                    36,
                    "Kepala Diskominfosanti, Ketut Suwarmawan, memimpin persiapan evaluasi tahap II.\n\n"
                    "Program yang dipaparkan per dimensi:\n"
                    "- Smart governance: Mal Pelayanan Publik (MPP).\n"
                    "- Smart branding: Pekan Apresiasi Seni.\n"
                    "- Smart economy: pelatihan kewirausahaan.\n"
                    "- Smart living: layanan mobil unit Keluarga Berencana (KB).\n"
                    "- Smart society: Sekolah Smart dan Posko DO.\n"
                    "- Smart environment: Buleleng Kelola Sampah Organik (Bule Kepo).\n\n"
                    "Catatan: beberapa dimensi masih memerlukan kelengkapan dokumen.",
                ),
                Meeting(
                    dt.date(2024, 11, 4),
                    "Pemantauan Evaluasi Tahap II (daring)",
                    "Buleleng Command Center (BCC), Diskominfosanti",
                    22,
                    "Evaluasi tahap II diikuti secara daring melalui Zoom bersama tim Kemenkomdigi: Rini "
                    "Rachmawati, Wiwin Sulistyo, Slamet Riyadi, Acuviarta dan Mohamad Iqbal.\n\n"
                    "Tindak lanjut: pokja melengkapi dokumen dimensi yang belum lengkap dan memperkuat "
                    "kerja sama lintas sektor.",
                ),
                Meeting(
                    -55,
                    "Forum Smart City: Tindak Lanjut Hasil Evaluasi",
                    "Ruang Rapat Diskominfosanti",
                    26,
                    "Sekretariat membacakan rekomendasi hasil evaluasi. Setiap pokja menyusun rencana "
                    "perbaikan dan melaporkan kemajuan aplikasi layanan publik yang mendukung program.",
                ),
            ],
        ),
        "63.03": Profile(  # Kabupaten Banjar
            renames={
                "diskominfo": ("DKISP", "Dinas Komunikasi, Informatika, Statistik dan Persandian"),
                "bappeda": (
                    "Bappedalitbang",
                    "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
                ),
            },
            heads={"diskominfo": "Drs. H. M. Aidil Basit, M.AP", "bappeda": "Dra. Hj. Siti Hamidah, M.Si."},
            sekda="Dr. Ir. H. Mokhamad Hilman, ST. MT",
            university="Universitas Lambung Mangkurat",
            meetings=[
                Meeting(
                    30,
                    "Rapat Perdana Forum Smart City Kabupaten Banjar",
                    "Aula Baiman Lt. III",
                    48,
                    "Gerakan Menuju 100 Smart City diperkenalkan sebagai program bersama Kementerian "
                    "Kominfo, Kemendagri, Kementerian PUPR, Bappenas dan Kantor Staf Presiden.\n\n"
                    "Kesepakatan: enam pokja dibentuk; DKISP menjadi leading sector dan Bappedalitbang "
                    "mendukung data inovasi daerah.",
                ),
                Meeting(
                    dt.date(2023, 5, 30),
                    "Rapat Persiapan Penilaian Smart City Tahap I (hari pertama)",
                    "Aula Baiman Lt. III",
                    55,
                    "Rapat dipimpin Sekda Banjar Dr. Ir. H. Mokhamad Hilman, ST. MT, didampingi Kepala DKISP "
                    "Drs. H. M. Aidil Basit, M.AP dan Kepala Bappedalitbang Dra. Hj. Siti Hamidah, M.Si., "
                    "menindaklanjuti undangan evaluasi tahap I di Surabaya, 12-14 Juni 2023.\n\n"
                    "Arahan Sekda: SKPD terkait aktif berkolaborasi mengisi kuesioner, evaluasi dokumen "
                    "inovasi daerah dan data dukung, dengan DKISP sebagai leading sector; diperlukan kerja "
                    "cerdas agar smart city terintegrasi dengan visi misi RPJMD.\n\n"
                    "Kepala DKISP: smart city bukan hanya aplikasi, tetapi cara pemerintah daerah "
                    "menyelesaikan masalah secara cerdas; perlu penajaman program, kegiatan dan anggaran.",
                ),
                Meeting(
                    dt.date(2023, 5, 31),
                    "Rapat Persiapan Penilaian Smart City Tahap I (hari kedua)",
                    "Aula Baiman Lt. III",
                    51,
                    "Hasil desk enam pokja: inovasi yang sementara mewakili setiap dimensi.\n"
                    "- Smart governance: simondalev, MPP Barokah, Si-Marta.\n"
                    "- Smart branding: Tangkap Adik Manis, Destia Borneo, SMS Gempita.\n"
                    "- Smart economy: Kurma Manis, Batumbang Tani Manis.\n"
                    "- Smart living: Gerobak Ketan Kala, Sidelimas, Apoteker Emas, Apdet Dihati Sendiri.\n"
                    "- Smart society: Unit Reaksi Cepat (URC), Bank Sampah Sekumpul, Wajar, Rahatan.\n"
                    "- Smart environment: Lapah Measi 4R, Gasak Manis.\n\n"
                    "Bappedalitbang menyelenggarakan lomba inovasi daerah 2023 untuk menjaring inovasi. "
                    "Lurah Sekumpul Gusti Marhusin mengusulkan pelibatan masyarakat melalui kelompok "
                    "informasi masyarakat (KIM).",
                ),
                Meeting(
                    dt.date(2023, 7, 11),
                    "Forum Smart City: Tindak Lanjut Evaluasi Tahap I",
                    "Ruang Rapat DKISP Kabupaten Banjar",
                    30,
                    "DKISP menyampaikan catatan asesor dari evaluasi tahap I di Surabaya. Pokja memperbaiki "
                    "data dukung dan menyiapkan wawancara penerima manfaat untuk tahap berikutnya.",
                ),
            ],
        ),
    }


def _base_date(region: Region) -> dt.date:
    """When the organisation was formed: just after the MoU, else after selection."""
    participation = Participation.objects.select_related("mou").filter(region=region).first()
    today = timezone.localdate()
    if participation is None:
        return today - dt.timedelta(days=365)
    mou = getattr(participation, "mou", None)
    if mou is not None:
        return min(mou.date, today)
    return min(participation.stage_date, today)


def _number(region: Region, serial: int, year: int) -> str:
    seed = sum(int(c) for c in region.code if c.isdigit())
    return f"{100 + (seed * 37 + serial * 13) % 800} Tahun {year}"


@transaction.atomic
def organisation_build(*, region: Region, actor: Any) -> None:
    """Give ``region`` (whose agencies exist) its decrees, Dewan Smart City, Tim Pelaksana,
    six pokja and Forum Smart City meetings. Does nothing if the region has decrees already."""
    if Decree.objects.filter(region=region).exists():
        return
    profile = _profiles().get(region.code, Profile())
    today = timezone.localdate()
    short, head = _short(region), _head_title(region)
    kind_word = "Wali Kota" if region.level == "kota" else "Bupati"

    for code, (acronym, name) in profile.renames.items():
        agency = Agency.objects.filter(region=region, code=code).first()
        if agency is not None:
            services.agency_update(
                actor=actor,
                agency=agency,
                data={"acronym": acronym, "name": name},
                expected_version=agency.row_version,
            )
    agencies = {a.code: a for a in Agency.objects.filter(region=region, is_active=True)}

    def head_of(code: str) -> str:
        agency = agencies.get(code)
        label = agency.acronym if agency else code
        return profile.heads.get(code) or f"Kepala {label} {region.name}"

    def position_of(code: str) -> str:
        agency = agencies.get(code)
        return f"Kepala {agency.name}" if agency else ""

    base = _base_date(region)

    def on(day: dt.date | int) -> dt.date:
        if isinstance(day, dt.date):
            return min(day, today)
        if day < 0:
            return today + dt.timedelta(days=day)
        return min(base + dt.timedelta(days=day), today)

    sk_dewan = services.decree_create(
        actor=actor,
        region=region,
        kind=DecreeKind.DEWAN,
        number=_number(region, 1, on(14).year),
        date=on(14),
        title=f"Keputusan {kind_word} {short} tentang Pembentukan Dewan Smart City {region.name}",
    )
    sk_tim = services.decree_create(
        actor=actor,
        region=region,
        kind=DecreeKind.TIM_PELAKSANA,
        number=_number(region, 2, on(21).year),
        date=on(21),
        title=f"Keputusan {kind_word} {short} tentang Pembentukan Tim Pelaksana Smart City {region.name}",
    )
    sk_pokja = services.decree_create(
        actor=actor,
        region=region,
        kind=DecreeKind.POKJA,
        number=_number(region, 3, on(35).year),
        date=on(35),
        title=f"Keputusan {kind_word} {short} tentang Kelompok Kerja Smart City {region.name}",
    )

    dewan: list[tuple[str, str, str, str | None]] = [
        (f"{head} {short}", f"{head} {short}", BodyRole.CHAIR, None),
        (
            profile.sekda or f"Sekretaris Daerah {region.name}",
            f"Sekretaris Daerah {region.name}",
            BodyRole.VICE_CHAIR,
            "setda",
        ),
        (head_of("diskominfo"), position_of("diskominfo"), BodyRole.SECRETARY, "diskominfo"),
    ]
    for code in ("bappeda", "bpkad", "disdukcapil", "dpupr", "dinkes", "dlh"):
        dewan.append((head_of(code), position_of(code), BodyRole.MEMBER, code))
    for name, position, role, agency_code in dewan:
        services.body_member_create(
            actor=actor,
            region=region,
            body=Body.DEWAN,
            name=name,
            position=position,
            role=role,
            sector=Sector.GOVERNMENT,
            agency=agencies.get(agency_code) if agency_code else None,
            decree=sk_dewan,
        )

    tim: list[tuple[str, str, str, str, str | None]] = [
        (head_of("bappeda"), position_of("bappeda"), BodyRole.CHAIR, Sector.GOVERNMENT, "bappeda"),
        (
            f"Kepala Bidang Aplikasi Informatika {agencies['diskominfo'].acronym if 'diskominfo' in agencies else 'Diskominfo'}",
            "Kepala Bidang Aplikasi Informatika",
            BodyRole.SECRETARY,
            Sector.GOVERNMENT,
            "diskominfo",
        ),
        (
            "Dr. Rahmat Hidayat, M.T.",
            f"Dosen Fakultas Teknik, {profile.university}",
            BodyRole.MEMBER,
            Sector.ACADEMIC,
            None,
        ),
        (
            "Nurul Fitriani, S.E., M.M.",
            f"Dosen Fakultas Ekonomi, {profile.university}",
            BodyRole.MEMBER,
            Sector.ACADEMIC,
            None,
        ),
        ("H. Syamsul Bahri", f"Ketua Kadin {region.name}", BodyRole.MEMBER, Sector.BUSINESS, None),
        ("Dewi Anggraini", "Pelaku UMKM dan pengelola koperasi", BodyRole.MEMBER, Sector.BUSINESS, None),
        ("Andi Saputra", f"Ketua Karang Taruna {region.name}", BodyRole.MEMBER, Sector.COMMUNITY, None),
        ("Made Wirawan", f"Ketua Dewan Kesenian {short}", BodyRole.MEMBER, Sector.ARTS, None),
        (
            "Rizky Pratama, S.Kom.",
            f"Ketua Relawan TIK {region.name}",
            BodyRole.MEMBER,
            Sector.ICT_VOLUNTEER,
            None,
        ),
        ("Siti Marlina", "Jurnalis media daring lokal", BodyRole.MEMBER, Sector.MEDIA, None),
    ]
    for name, position, role, sector, agency_code in tim:
        services.body_member_create(
            actor=actor,
            region=region,
            body=Body.TIM_PELAKSANA,
            name=name,
            position=position,
            role=role,
            sector=sector,
            agency=agencies.get(agency_code) if agency_code else None,
            decree=sk_tim,
        )

    leads = POKJA_LEADS | profile.pokja_leads
    for dimension in Dimension.objects.order_by("position"):
        code = leads.get(dimension.code, "bappeda")
        agency = agencies.get(code) or agencies.get("bappeda") or next(iter(agencies.values()), None)
        if agency is None:
            continue
        services.working_group_set(
            actor=actor,
            region=region,
            dimension=dimension,
            leading_agency=agency,
            lead_name=head_of(agency.code),
            decree=sk_pokja,
        )

    for meeting in profile.meetings or _generic_meetings(region):
        services.forum_meeting_create(
            actor=actor,
            region=region,
            date=on(meeting.day),
            title=meeting.title,
            place=meeting.place,
            attendees=meeting.attendees,
            minutes=meeting.minutes,
        )
