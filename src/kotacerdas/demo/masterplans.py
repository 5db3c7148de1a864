"""Demo master plans, written through ``masterplans.services`` (every rule applies, every write
is audited).

Kabupaten Sumbawa (52.04), master plan 2024-2028: the counts per dimension are the published
ones (governance 9 programmes / 25 action plans, branding 12/14, economy 20/38, living 13/25,
society 8/18, environment 12/22 = 74/142), as are the vision "Sumbawa Gemilang" (aligned with the
RPJMD 2021-2026) and the six quick wins (SiLAMO, Discover Sumbawa, SiJINAK, e-Puskesmas,
SiPATARA, Go-SIPS). Programme and action names, owners, budgets, indicators, readiness, SWOT
and the road map are a believable invention. Version 1 is ratified (Perbup, early 2024);
version 2 is a draft with a few changes, so that the diff has something to show.

The other demo regions get a plan of realistic size generated from the same catalogue, with
the quick wins and innovations their news reports name (Buleleng, Banjar, Sawahlunto); the
state of each plan follows the region's stage in the programme.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kotacerdas.accounts.models import User
from kotacerdas.masterplans import services
from kotacerdas.masterplans.choices import RatificationKind, ReadinessElement, SwotKind
from kotacerdas.masterplans.models import MasterPlan, PlanVersion, Programme
from kotacerdas.organisation.models import Agency
from kotacerdas.programme.models import Dimension, SubDimension
from kotacerdas.regions.models import Region

DIMENSION_CODES = ("GOV", "BRD", "ECO", "LIV", "SOC", "ENV")

# ------------------------------------------------------------------ the catalogue


@dataclass(frozen=True)
class A:
    """An action plan template. ``budget``: yearly amount in million rupiah; ``source``: how it
    is funded ("APBD", "APBN", "NON_APBD" or "APBD+APBN", "APBD+NON_APBD"); ``alt``: the name
    used outside Sumbawa (``{s}`` short region name, ``{r}`` full name)."""

    name: str
    indicator: str
    unit: str
    baseline: float
    target: float
    budget: int
    source: str = "APBD"
    agency: str = ""
    years: tuple[int, int] | None = None  # offsets from the plan's first year
    alt: str = ""


@dataclass(frozen=True)
class P:
    """A programme template under sub-dimension ``sub`` (1-3) of its dimension."""

    sub: int
    name: str
    agency: str
    actions: tuple[A, ...]
    horizon: str = "medium"
    alt: str = ""
    description: str = ""


# Kabupaten Sumbawa 2024-2028: per dimension, exactly the published counts.
SUMBAWA: dict[str, list[P]] = {
    "GOV": [
        P(
            1,
            "Pelayanan Administrasi Kependudukan Berbasis Elektronik",
            "disdukcapil",
            (
                A(
                    "Pengembangan Layanan Administrasi Kependudukan Online (SiLAMO)",
                    "Jenis layanan adminduk yang dapat diajukan daring",
                    "jenis layanan",
                    3,
                    15,
                    350,
                    agency="disdukcapil",
                    alt="Pengembangan Layanan Administrasi Kependudukan Daring",
                ),
                A(
                    "Layanan Jemput Bola Perekaman KTP-el di Desa dan Sekolah",
                    "Cakupan kepemilikan KTP-el",
                    "%",
                    94.5,
                    99.5,
                    150,
                ),
                A(
                    "Penyediaan Anjungan Dukcapil Mandiri (ADM) di Kecamatan",
                    "Anjungan Dukcapil Mandiri terpasang",
                    "unit",
                    2,
                    12,
                    400,
                    years=(0, 3),
                ),
                A(
                    "Aktivasi Identitas Kependudukan Digital (IKD)",
                    "Penduduk yang mengaktifkan IKD",
                    "orang",
                    4500,
                    60000,
                    75,
                ),
            ),
            horizon="short",
            description="Mendekatkan layanan administrasi kependudukan dan menjaga validitas data penduduk.",
        ),
        P(
            1,
            "Penyelenggaraan Mal Pelayanan Publik dan Perizinan Terpadu",
            "dpmptsp",
            (
                A(
                    "Pembangunan dan Operasional Mal Pelayanan Publik (MPP) Kabupaten Sumbawa",
                    "Jenis layanan yang tersedia di MPP",
                    "jenis layanan",
                    0,
                    120,
                    1500,
                    years=(0, 2),
                    alt="Pembangunan dan Operasional Mal Pelayanan Publik (MPP) {r}",
                ),
                A(
                    "Integrasi Perizinan Berusaha melalui OSS Berbasis Risiko",
                    "Izin terbit tepat waktu",
                    "%",
                    78,
                    98,
                    120,
                ),
                A(
                    "Survei Kepuasan Masyarakat Layanan Perizinan Daring",
                    "Indeks kepuasan masyarakat (IKM)",
                    "nilai",
                    78.2,
                    88,
                    40,
                ),
            ),
        ),
        P(
            1,
            "Pengaduan dan Keterbukaan Informasi Publik",
            "diskominfo",
            (
                A(
                    "Optimalisasi Layanan Aspirasi dan Pengaduan Online Rakyat (SP4N-LAPOR!)",
                    "Pengaduan yang ditindaklanjuti tuntas",
                    "%",
                    72,
                    95,
                    60,
                ),
                A(
                    "Pengembangan Portal Satu Data Kabupaten Sumbawa",
                    "Dataset terbuka yang diterbitkan",
                    "dataset",
                    120,
                    600,
                    180,
                    alt="Pengembangan Portal Satu Data {r}",
                ),
                A(
                    "Penguatan Pejabat Pengelola Informasi dan Dokumentasi (PPID) Pembantu",
                    "PPID pembantu yang aktif memutakhirkan informasi",
                    "PPID",
                    20,
                    45,
                    50,
                ),
            ),
        ),
        P(
            2,
            "Penerapan Sistem Pemerintahan Berbasis Elektronik (SPBE)",
            "diskominfo",
            (
                A(
                    "Penyusunan Arsitektur dan Peta Rencana SPBE Daerah",
                    "Dokumen arsitektur SPBE ditetapkan",
                    "dokumen",
                    0,
                    1,
                    150,
                    years=(0, 0),
                ),
                A(
                    "Pembangunan Pusat Data dan Command Center Daerah",
                    "Aplikasi daerah yang dihosting di pusat data",
                    "%",
                    35,
                    90,
                    2500,
                    source="APBD+APBN",
                    years=(0, 2),
                ),
                A(
                    "Perluasan Jaringan Intra Pemerintah dan Internet Desa",
                    "Desa dan kelurahan terhubung internet",
                    "desa/kelurahan",
                    64,
                    165,
                    900,
                ),
                A("Penilaian Mandiri Indeks SPBE", "Indeks SPBE", "indeks", 2.45, 3.5, 35),
            ),
            horizon="long",
        ),
        P(
            2,
            "Manajemen Kepegawaian dan Kinerja Digital",
            "setda",
            (
                A(
                    "Penerapan Aplikasi e-Kinerja ASN Terintegrasi",
                    "ASN yang menggunakan e-Kinerja",
                    "%",
                    60,
                    100,
                    120,
                ),
                A(
                    "Penerapan Presensi ASN Berbasis Lokasi",
                    "OPD yang menerapkan presensi daring",
                    "%",
                    45,
                    100,
                    80,
                ),
            ),
        ),
        P(
            2,
            "Pengelolaan Keuangan Daerah Berbasis Elektronik",
            "bpkad",
            (
                A(
                    "Implementasi SIPD Penatausahaan Keuangan di Seluruh OPD",
                    "OPD yang menatausahakan keuangan melalui SIPD",
                    "%",
                    80,
                    100,
                    100,
                ),
                A(
                    "Elektronifikasi Transaksi Pemerintah Daerah (ETPD)",
                    "Indeks ETPD",
                    "%",
                    68,
                    95,
                    75,
                ),
                A(
                    "Penerapan Pembayaran Pajak Daerah Daring (e-PBB dan e-BPHTB)",
                    "Wajib pajak yang membayar secara daring",
                    "wajib pajak",
                    1200,
                    15000,
                    200,
                ),
            ),
        ),
        P(
            2,
            "Pengawasan Internal Berbasis Risiko",
            "inspektorat",
            (
                A(
                    "Penerapan Aplikasi Pengawasan dan Tindak Lanjut Temuan",
                    "Temuan pemeriksaan yang ditindaklanjuti",
                    "%",
                    70,
                    95,
                    60,
                ),
                A(
                    "Pembangunan Zona Integritas Menuju WBK/WBBM",
                    "Unit kerja berpredikat WBK",
                    "unit kerja",
                    0,
                    5,
                    90,
                ),
            ),
        ),
        P(
            3,
            "Perencanaan Pembangunan Daerah Berbasis Data",
            "bappeda",
            (
                A(
                    "Pengembangan e-Musrenbang dan e-Planning Terintegrasi",
                    "Usulan musrenbang yang diinput daring",
                    "%",
                    55,
                    100,
                    150,
                ),
                A(
                    "Evaluasi Tahunan Pelaksanaan Master Plan Smart City",
                    "Laporan evaluasi master plan",
                    "laporan",
                    1,
                    5,
                    100,
                ),
            ),
        ),
        P(
            3,
            "Produk Hukum Daerah dan Jaringan Dokumentasi Hukum",
            "setda",
            (
                A(
                    "Pengembangan JDIH Kabupaten Sumbawa Terintegrasi JDIHN",
                    "Produk hukum daerah yang dapat diunduh",
                    "dokumen",
                    850,
                    2200,
                    50,
                    alt="Pengembangan JDIH {r} Terintegrasi JDIHN",
                ),
                A(
                    "Penyusunan Peraturan Bupati tentang Tata Kelola SPBE dan Satu Data",
                    "Peraturan kepala daerah yang ditetapkan",
                    "peraturan",
                    0,
                    3,
                    60,
                    years=(0, 2),
                    alt="Penyusunan Peraturan Kepala Daerah tentang Tata Kelola SPBE dan Satu Data",
                ),
            ),
        ),
    ],
    "BRD": [
        P(
            1,
            "Promosi Pariwisata Digital",
            "dispar",
            (
                A(
                    "Pengembangan Portal dan Aplikasi Discover Sumbawa",
                    "Kunjungan ke portal promosi wisata",
                    "kunjungan",
                    15000,
                    250000,
                    300,
                    alt="Pengembangan Portal dan Aplikasi Promosi Wisata {s}",
                ),
                A(
                    "Promosi Destinasi Wisata melalui Media Sosial dan Kreator Konten",
                    "Konten promosi yang diterbitkan",
                    "konten",
                    120,
                    600,
                    150,
                ),
            ),
            horizon="short",
        ),
        P(
            1,
            "Penyelenggaraan Event Pariwisata Unggulan",
            "dispar",
            (
                A(
                    "Penyelenggaraan Festival Moyo dan Kalender Event Pariwisata Sumbawa",
                    "Event pariwisata yang terselenggara",
                    "event",
                    6,
                    12,
                    750,
                    source="APBD+NON_APBD",
                    alt="Penyelenggaraan Kalender Event Pariwisata {s}",
                ),
            ),
        ),
        P(
            1,
            "Pengembangan Destinasi dan Desa Wisata",
            "dispar",
            (
                A(
                    "Pendampingan Desa Wisata Berbasis Digital",
                    "Desa wisata terdaftar di Jejaring Desa Wisata",
                    "desa",
                    12,
                    40,
                    250,
                ),
            ),
        ),
        P(
            1,
            "Peningkatan Kapasitas Pelaku Pariwisata",
            "dispar",
            (
                A(
                    "Sertifikasi Pemandu Wisata dan Pelatihan Sadar Wisata",
                    "Pelaku wisata bersertifikat",
                    "orang",
                    40,
                    300,
                    120,
                ),
            ),
        ),
        P(
            2,
            "Branding Produk Unggulan Daerah",
            "disperindag",
            (
                A(
                    "Pengembangan Merek Kolektif Madu Sumbawa dan Kopi Tepal",
                    "Produk unggulan bermerek kolektif",
                    "produk",
                    3,
                    15,
                    150,
                    alt="Pengembangan Merek Kolektif Produk Unggulan {s}",
                ),
            ),
        ),
        P(
            2,
            "Promosi Investasi Daerah",
            "dpmptsp",
            (
                A(
                    "Pengembangan Sistem Informasi Peluang Investasi Daerah",
                    "Proyek investasi yang dipromosikan",
                    "proyek",
                    5,
                    25,
                    100,
                ),
                A(
                    "Penyelenggaraan Sumbawa Investment Forum",
                    "Minat investasi (letter of intent) yang diterima",
                    "LOI",
                    2,
                    12,
                    200,
                    source="APBD+NON_APBD",
                    alt="Penyelenggaraan Forum Investasi {s}",
                ),
            ),
        ),
        P(
            2,
            "Pemasaran Produk UMKM melalui E-Katalog dan Lokapasar",
            "diskopukm",
            (
                A(
                    "Pendampingan UMKM Masuk E-Katalog Lokal dan Lokapasar",
                    "UMKM yang menjual melalui kanal daring",
                    "UMKM",
                    150,
                    1500,
                    120,
                ),
            ),
        ),
        P(
            2,
            "Pengembangan Ekonomi Kreatif",
            "dispar",
            (
                A(
                    "Fasilitasi Hak Kekayaan Intelektual Pelaku Ekonomi Kreatif",
                    "HKI pelaku ekonomi kreatif yang terfasilitasi",
                    "HKI",
                    10,
                    80,
                    80,
                ),
            ),
        ),
        P(
            3,
            "Penataan Ruang Terbuka Publik dan Taman Kota",
            "dpupr",
            (
                A(
                    "Revitalisasi Taman Kota dan Ruang Terbuka Hijau Publik",
                    "Luas ruang terbuka hijau publik",
                    "ha",
                    12.5,
                    25,
                    1500,
                ),
            ),
            horizon="long",
        ),
        P(
            3,
            "Penataan Wajah Kota dan Identitas Budaya",
            "dpupr",
            (
                A(
                    "Penataan Koridor Jalan Protokol Bernuansa Budaya Samawa",
                    "Panjang koridor yang tertata",
                    "km",
                    1.2,
                    6,
                    2000,
                    source="APBD+APBN",
                    alt="Penataan Koridor Jalan Protokol Bernuansa Budaya Lokal",
                ),
            ),
            horizon="long",
        ),
        P(
            3,
            "Pelestarian Cagar Budaya dan Bangunan Bersejarah",
            "disdik",
            (
                A(
                    "Digitalisasi dan Revitalisasi Istana Dalam Loka",
                    "Objek cagar budaya yang terdigitalisasi",
                    "objek",
                    5,
                    40,
                    350,
                    source="APBD+APBN",
                    alt="Digitalisasi Data Cagar Budaya {s}",
                ),
            ),
        ),
        P(
            3,
            "Papan Informasi Publik Digital",
            "diskominfo",
            (
                A(
                    "Pemasangan Videotron dan Papan Informasi Digital di Ruang Publik",
                    "Titik papan informasi digital",
                    "titik",
                    2,
                    10,
                    400,
                    source="APBD+NON_APBD",
                ),
            ),
        ),
    ],
    "ECO": [
        P(
            1,
            "Pengembangan Industri Pengolahan Hasil Pertanian",
            "disperindag",
            (
                A(
                    "Fasilitasi Sertifikasi Halal dan PIRT Produk Olahan",
                    "Produk olahan bersertifikat halal/PIRT",
                    "produk",
                    120,
                    900,
                    150,
                ),
                A(
                    "Pembangunan Rumah Produksi Bersama Olahan Jagung",
                    "Rumah produksi bersama yang beroperasi",
                    "unit",
                    0,
                    2,
                    1200,
                    source="APBD+APBN",
                    years=(1, 3),
                ),
            ),
        ),
        P(
            1,
            "Penguatan Industri Kecil dan Menengah",
            "disperindag",
            (
                A(
                    "Pelatihan Desain Kemasan dan Standardisasi Produk IKM",
                    "IKM yang terlatih",
                    "IKM",
                    60,
                    400,
                    120,
                ),
                A(
                    "Pendataan IKM melalui Sistem Informasi Industri Nasional (SIINas)",
                    "IKM yang terdata di SIINas",
                    "%",
                    30,
                    90,
                    60,
                ),
            ),
        ),
        P(
            1,
            "Hilirisasi Komoditas Unggulan Jagung dan Rumput Laut",
            "distan",
            (
                A(
                    "Pengembangan Kemitraan Offtaker Jagung dengan Kelompok Tani",
                    "Kelompok tani yang bermitra dengan offtaker",
                    "kelompok tani",
                    25,
                    120,
                    100,
                    source="APBD+NON_APBD",
                ),
                A(
                    "Pengembangan Sentra Pengolahan Rumput Laut",
                    "Sentra pengolahan rumput laut",
                    "sentra",
                    1,
                    4,
                    600,
                    source="APBD+APBN",
                    agency="disperindag",
                ),
            ),
            horizon="long",
        ),
        P(
            1,
            "Pengembangan Kawasan Peternakan Sapi",
            "distan",
            (
                A(
                    "Sistem Informasi Jaringan Peternakan (SiJINAK) untuk Rekomendasi Perizinan Ternak",
                    "Rekomendasi izin pengeluaran ternak yang diterbitkan daring",
                    "%",
                    0,
                    100,
                    250,
                    alt="Sistem Informasi Perizinan dan Lalu Lintas Ternak",
                ),
                A(
                    "Peningkatan Populasi Ternak melalui Inseminasi Buatan",
                    "Akseptor inseminasi buatan",
                    "ekor",
                    8000,
                    15000,
                    450,
                    source="APBD+APBN",
                ),
            ),
            horizon="short",
        ),
        P(
            2,
            "Pemberdayaan Koperasi dan UMKM",
            "diskopukm",
            (
                A(
                    "Pelatihan Kewirausahaan dan Literasi Digital UMKM",
                    "Pelaku UMKM yang terlatih",
                    "orang",
                    200,
                    1500,
                    200,
                ),
                A(
                    "Pendataan UMKM Terpadu Berbasis NIK",
                    "UMKM yang terdata berbasis NIK",
                    "%",
                    35,
                    95,
                    90,
                ),
            ),
        ),
        P(
            2,
            "Penguatan Kelembagaan Koperasi Modern",
            "diskopukm",
            (
                A(
                    "Digitalisasi Pembukuan dan RAT Koperasi",
                    "Koperasi yang membukukan secara digital",
                    "koperasi",
                    10,
                    80,
                    60,
                ),
            ),
        ),
        P(
            2,
            "Peningkatan Produksi dan Produktivitas Pertanian",
            "distan",
            (
                A(
                    "Penerapan Pertanian Presisi dan Kalender Tanam Digital",
                    "Kelompok tani yang menerapkan kalender tanam digital",
                    "kelompok tani",
                    15,
                    100,
                    180,
                ),
                A(
                    "Penyaluran Pupuk Bersubsidi Berbasis Kartu Tani",
                    "Petani yang menebus pupuk dengan kartu tani",
                    "%",
                    20,
                    90,
                    50,
                    source="APBD+APBN",
                ),
            ),
        ),
        P(
            2,
            "Penyuluhan Pertanian Berbasis Teknologi",
            "distan",
            (
                A(
                    "Pengembangan Aplikasi Penyuluhan dan Konsultasi Tani Daring",
                    "Penyuluh yang aktif melayani daring",
                    "orang",
                    0,
                    120,
                    90,
                ),
                A(
                    "Sekolah Lapang Petani Milenial",
                    "Petani milenial yang lulus sekolah lapang",
                    "orang",
                    50,
                    500,
                    150,
                ),
            ),
        ),
        P(
            2,
            "Ketahanan Pangan Daerah",
            "distan",
            (
                A(
                    "Sistem Informasi Harga dan Neraca Pangan",
                    "Komoditas pangan yang dipantau harganya",
                    "komoditas",
                    10,
                    25,
                    80,
                ),
                A(
                    "Pengembangan Pekarangan Pangan Lestari",
                    "Kelompok pekarangan pangan lestari",
                    "kelompok",
                    20,
                    100,
                    200,
                ),
            ),
        ),
        P(
            2,
            "Penanggulangan Kemiskinan Berbasis Data Terpadu",
            "bappeda",
            (
                A(
                    "Pemutakhiran Data Regsosek dan P3KE",
                    "Desa/kelurahan yang datanya dimutakhirkan",
                    "%",
                    40,
                    100,
                    150,
                ),
                A(
                    "Sinkronisasi Program Penanggulangan Kemiskinan Lintas OPD",
                    "Laporan sinkronisasi program kemiskinan",
                    "laporan",
                    1,
                    5,
                    60,
                ),
            ),
        ),
        P(
            2,
            "Pengembangan BUMDes dan Ekonomi Desa",
            "diskopukm",
            (
                A("Pendampingan BUMDes Digital", "BUMDes yang bertransaksi daring", "BUMDes", 10, 60, 120),
                A(
                    "Pengembangan Desa Digital dan Pasar Desa Daring",
                    "Desa digital",
                    "desa",
                    5,
                    40,
                    100,
                    agency="diskominfo",
                ),
            ),
        ),
        P(
            3,
            "Percepatan dan Perluasan Digitalisasi Daerah (P2DD)",
            "bpkad",
            (
                A(
                    "Penerapan Pembayaran Retribusi Daerah Non-Tunai (QRIS)",
                    "Jenis retribusi yang dapat dibayar non-tunai",
                    "jenis retribusi",
                    3,
                    20,
                    120,
                ),
                A(
                    "Perluasan Kanal Pembayaran Pajak Daerah",
                    "Kanal pembayaran pajak daerah",
                    "kanal",
                    3,
                    10,
                    40,
                    source="APBD+NON_APBD",
                ),
            ),
            horizon="short",
        ),
        P(
            3,
            "Pasar Rakyat Digital",
            "disperindag",
            (
                A(
                    "Digitalisasi Pembayaran di Pasar Rakyat",
                    "Pedagang pasar yang menerima QRIS",
                    "pedagang",
                    150,
                    1500,
                    90,
                    source="APBD+NON_APBD",
                ),
                A(
                    "Revitalisasi Pasar Rakyat dengan Sistem Informasi Harga",
                    "Pasar rakyat yang direvitalisasi",
                    "pasar",
                    1,
                    6,
                    1800,
                    source="APBD+APBN",
                ),
            ),
            horizon="long",
        ),
        P(
            3,
            "Inklusi Keuangan Masyarakat",
            "setda",
            (
                A(
                    "Penguatan Tim Percepatan Akses Keuangan Daerah (TPAKD)",
                    "Penduduk dewasa yang memiliki rekening",
                    "%",
                    62,
                    85,
                    60,
                ),
                A(
                    "Program Satu Rekening Satu Pelajar (KEJAR)",
                    "Pelajar yang memiliki rekening tabungan",
                    "pelajar",
                    5000,
                    30000,
                    30,
                    source="NON_APBD",
                ),
            ),
        ),
        P(
            3,
            "Pembiayaan UMKM dan Kredit Usaha Rakyat",
            "diskopukm",
            (
                A(
                    "Fasilitasi Akses KUR dan Pembiayaan Syariah bagi UMKM",
                    "UMKM yang memperoleh pembiayaan",
                    "UMKM",
                    300,
                    2000,
                    75,
                ),
                A(
                    "Pendampingan Penyusunan Laporan Keuangan Sederhana UMKM",
                    "UMKM yang menyusun laporan keuangan",
                    "UMKM",
                    50,
                    400,
                    60,
                ),
            ),
        ),
        P(
            2,
            "Perdagangan Antardaerah dan Ekspor",
            "disperindag",
            (
                A(
                    "Fasilitasi Keikutsertaan Pameran Dagang Nasional",
                    "Pameran dagang yang diikuti",
                    "pameran",
                    3,
                    8,
                    200,
                ),
                A(
                    "Sistem Informasi Perdagangan Antarpulau",
                    "Komoditas antarpulau yang tercatat",
                    "komoditas",
                    4,
                    12,
                    70,
                ),
            ),
        ),
        P(
            1,
            "Pengembangan Sentra IKM Tenun Kre Alang",
            "disperindag",
            (
                A(
                    "Pelatihan dan Pemasaran Daring Tenun Kre Alang",
                    "Penenun yang terlatih dan berjualan daring",
                    "orang",
                    40,
                    250,
                    150,
                    alt="Pelatihan dan Pemasaran Daring Kain Tradisional {s}",
                ),
                A(
                    "Pembangunan Galeri Sentra Tenun",
                    "Galeri sentra tenun",
                    "unit",
                    0,
                    1,
                    500,
                    years=(1, 2),
                ),
            ),
            alt="Pengembangan Sentra IKM Kain Tradisional",
        ),
        P(
            2,
            "Peningkatan Kesejahteraan Peternak",
            "distan",
            (
                A(
                    "Asuransi Usaha Ternak Sapi",
                    "Ternak sapi yang diasuransikan",
                    "ekor",
                    500,
                    5000,
                    150,
                    source="APBD+APBN",
                ),
                A(
                    "Pelayanan Kesehatan Hewan Keliling (Puskeswan Keliling)",
                    "Kecamatan yang terlayani puskeswan keliling",
                    "kecamatan",
                    10,
                    24,
                    200,
                ),
            ),
        ),
        P(
            3,
            "Pengelolaan Pendapatan Daerah Berbasis Data",
            "bpkad",
            (
                A(
                    "Integrasi Data Wajib Pajak dengan NIK",
                    "Wajib pajak yang terintegrasi NIK",
                    "%",
                    40,
                    100,
                    80,
                ),
                A(
                    "Pemasangan Alat Perekam Transaksi Pajak Hotel dan Restoran",
                    "Alat perekam transaksi terpasang",
                    "unit",
                    10,
                    80,
                    300,
                ),
            ),
        ),
        P(
            1,
            "Standardisasi dan Metrologi Legal",
            "disperindag",
            (
                A(
                    "Tera dan Tera Ulang Alat Ukur Berbasis Aplikasi",
                    "Alat ukur, takar, timbang yang ditera",
                    "unit",
                    3000,
                    9000,
                    120,
                ),
            ),
        ),
    ],
    "LIV": [
        P(
            1,
            "Pelayanan Kesehatan Primer Terintegrasi",
            "dinkes",
            (
                A(
                    "Implementasi e-Puskesmas Terintegrasi BPJS dan SATUSEHAT",
                    "Puskesmas yang terintegrasi BPJS dan SATUSEHAT",
                    "%",
                    20,
                    100,
                    600,
                    source="APBD+APBN",
                ),
                A(
                    "Pendaftaran dan Antrean Pasien Puskesmas Daring",
                    "Puskesmas dengan antrean daring",
                    "puskesmas",
                    4,
                    26,
                    150,
                ),
            ),
            horizon="short",
        ),
        P(
            1,
            "Percepatan Penurunan Stunting Terintegrasi",
            "dinkes",
            (
                A(
                    "Pemantauan Tumbuh Kembang Balita melalui e-PPGBM",
                    "Balita yang terdata di e-PPGBM",
                    "%",
                    75,
                    98,
                    120,
                ),
                A(
                    "Aksi Konvergensi Percepatan Penurunan Stunting",
                    "Prevalensi stunting",
                    "%",
                    26.5,
                    14,
                    250,
                    source="APBD+APBN",
                    agency="bappeda",
                ),
            ),
        ),
        P(
            1,
            "Sistem Rujukan dan Layanan Kegawatdaruratan",
            "dinkes",
            (
                A(
                    "Pengembangan Public Safety Center (PSC) 119",
                    "Waktu tanggap layanan gawat darurat",
                    "menit",
                    45,
                    15,
                    400,
                ),
                A(
                    "Sistem Informasi Rujukan Terintegrasi (SISRUTE)",
                    "Rujukan yang tercatat daring",
                    "%",
                    50,
                    100,
                    80,
                ),
            ),
        ),
        P(
            1,
            "Rekam Medis Elektronik dan Satu Data Kesehatan",
            "dinkes",
            (
                A(
                    "Penerapan Rekam Medis Elektronik di Fasilitas Kesehatan",
                    "Fasilitas kesehatan dengan rekam medis elektronik",
                    "fasyankes",
                    5,
                    40,
                    350,
                ),
                A(
                    "Dashboard Satu Data Kesehatan Daerah",
                    "Indikator kesehatan yang tersaji di dashboard",
                    "indikator",
                    10,
                    60,
                    100,
                    agency="diskominfo",
                ),
            ),
        ),
        P(
            1,
            "Jaminan Kesehatan Semesta",
            "dinkes",
            (
                A(
                    "Integrasi Data Penerima PBI Jaminan Kesehatan dengan DTKS",
                    "Penduduk yang terdaftar JKN",
                    "%",
                    88,
                    98,
                    50,
                    source="APBD+APBN",
                    agency="dinsos",
                ),
                A(
                    "Layanan Pengaduan Peserta JKN di Puskesmas",
                    "Puskesmas dengan layanan pengaduan JKN",
                    "puskesmas",
                    0,
                    26,
                    30,
                ),
            ),
        ),
        P(
            2,
            "Manajemen dan Rekayasa Lalu Lintas",
            "dishub",
            (
                A(
                    "Pemasangan Lampu Lalu Lintas Terkoneksi (ATCS)",
                    "Simpang yang terkoneksi ATCS",
                    "simpang",
                    0,
                    8,
                    1500,
                    source="APBD+APBN",
                    years=(1, 4),
                ),
                A(
                    "Sistem Informasi Uji Berkala Kendaraan (e-KIR)",
                    "Kendaraan uji berkala yang terdata",
                    "%",
                    40,
                    100,
                    120,
                ),
            ),
            horizon="long",
        ),
        P(
            2,
            "Transportasi Publik dan Angkutan Perdesaan",
            "dishub",
            (
                A(
                    "Informasi Trayek dan Jadwal Angkutan Umum Daring",
                    "Trayek yang jadwalnya tersedia daring",
                    "trayek",
                    0,
                    15,
                    60,
                ),
                A(
                    "Penyediaan Angkutan Perdesaan Bersubsidi",
                    "Trayek angkutan perdesaan bersubsidi",
                    "trayek",
                    2,
                    8,
                    800,
                    source="APBD+APBN",
                ),
            ),
        ),
        P(
            2,
            "Konektivitas Pelabuhan dan Penyeberangan",
            "dishub",
            (
                A(
                    "Informasi Jadwal Penyeberangan Poto Tano dan Pelabuhan Badas secara Daring",
                    "Pelabuhan dengan informasi jadwal daring",
                    "pelabuhan",
                    0,
                    2,
                    50,
                    alt="Informasi Jadwal Angkutan Penyeberangan secara Daring",
                ),
            ),
        ),
        P(
            2,
            "Jalan dan Jembatan Mantap",
            "dpupr",
            (
                A(
                    "Sistem Informasi Kondisi Jalan dan Pengaduan Jalan Rusak",
                    "Jalan kabupaten dalam kondisi mantap",
                    "%",
                    58,
                    80,
                    250,
                ),
                A(
                    "Pemeliharaan Berkala Jalan Kabupaten",
                    "Panjang jalan yang dipelihara",
                    "km",
                    40,
                    200,
                    9000,
                    source="APBD+APBN",
                ),
            ),
            horizon="long",
        ),
        P(
            3,
            "Perumahan dan Permukiman Layak Huni",
            "dpupr",
            (
                A(
                    "Bantuan Stimulan Perumahan Swadaya (Bedah Rumah)",
                    "Rumah tidak layak huni yang diperbaiki",
                    "unit",
                    150,
                    1000,
                    3000,
                    source="APBD+APBN",
                ),
                A(
                    "Pendataan Rumah Tidak Layak Huni Berbasis Geospasial",
                    "Desa/kelurahan yang terdata",
                    "%",
                    30,
                    100,
                    100,
                ),
            ),
        ),
        P(
            3,
            "Air Minum dan Sanitasi Layak",
            "dpupr",
            (
                A(
                    "Perluasan Sambungan Rumah Air Minum",
                    "Sambungan rumah baru",
                    "SR",
                    1000,
                    8000,
                    2500,
                    source="APBD+APBN",
                ),
                A(
                    "Pembangunan IPAL Komunal",
                    "IPAL komunal yang berfungsi",
                    "unit",
                    5,
                    30,
                    1200,
                    source="APBD+APBN",
                ),
            ),
            horizon="long",
        ),
        P(
            3,
            "Penanggulangan Bencana Berbasis Teknologi",
            "bpbd",
            (
                A(
                    "Pemasangan Sistem Peringatan Dini Banjir (EWS)",
                    "Titik sistem peringatan dini",
                    "titik",
                    1,
                    10,
                    600,
                    source="APBD+APBN",
                ),
                A("Pembentukan Desa Tangguh Bencana (Destana)", "Desa tangguh bencana", "desa", 12, 40, 200),
            ),
        ),
        P(
            3,
            "Pengendalian Penyakit Berbasis Lingkungan",
            "dinkes",
            (
                A(
                    "Surveilans Demam Berdarah dan Malaria Berbasis Aplikasi",
                    "Kasus yang dilaporkan dalam 24 jam",
                    "%",
                    60,
                    95,
                    90,
                ),
                A(
                    "Sanitasi Total Berbasis Masyarakat (STBM)",
                    "Desa/kelurahan stop buang air besar sembarangan",
                    "desa/kelurahan",
                    80,
                    165,
                    150,
                ),
            ),
        ),
    ],
    "SOC": [
        P(
            1,
            "Pembinaan Masyarakat Miskin dan Sistem Layanan Terpadu",
            "dinsos",
            (
                A(
                    "Sistem Informasi Pajatu Tau Rara (SiPATARA) untuk Monitoring Penerima Bantuan Sosial",
                    "Penerima bantuan sosial yang terverifikasi",
                    "%",
                    60,
                    100,
                    300,
                    alt="Sistem Informasi Monitoring dan Evaluasi Penerima Bantuan Sosial",
                ),
                A(
                    "Pemutakhiran DTKS melalui SIKS-NG",
                    "Desa/kelurahan yang memutakhirkan DTKS",
                    "%",
                    50,
                    100,
                    100,
                ),
            ),
            horizon="short",
        ),
        P(
            1,
            "Pemberdayaan Keluarga Miskin dan Rentan",
            "dinsos",
            (
                A(
                    "Pendampingan Graduasi Keluarga Penerima Manfaat PKH",
                    "Keluarga penerima manfaat yang graduasi mandiri",
                    "KPM",
                    200,
                    1500,
                    150,
                    source="APBD+APBN",
                ),
                A(
                    "Pusat Kesejahteraan Sosial (Puskesos) di Desa",
                    "Desa dengan Puskesos",
                    "desa",
                    5,
                    50,
                    120,
                ),
            ),
        ),
        P(
            1,
            "Kelompok Informasi Masyarakat dan Literasi Digital",
            "diskominfo",
            (
                A(
                    "Pembentukan dan Pembinaan Kelompok Informasi Masyarakat (KIM)",
                    "KIM yang aktif",
                    "KIM",
                    12,
                    60,
                    100,
                ),
                A(
                    "Gerakan Literasi Digital bersama Relawan TIK",
                    "Peserta literasi digital",
                    "orang",
                    500,
                    5000,
                    80,
                    source="APBD+NON_APBD",
                ),
                A("Pelatihan Jurnalisme Warga dan Cek Fakta", "Peserta pelatihan", "orang", 30, 250, 40),
            ),
        ),
        P(
            2,
            "Pendidikan Berbasis Teknologi Informasi",
            "disdik",
            (
                A(
                    "Penerapan Sekolah Digital dan Rapor Daring",
                    "Sekolah yang menerapkan rapor daring",
                    "sekolah",
                    40,
                    300,
                    400,
                    source="APBD+APBN",
                ),
                A(
                    "Pelatihan Guru melalui Platform Merdeka Mengajar",
                    "Guru yang terlatih",
                    "orang",
                    500,
                    3000,
                    150,
                ),
            ),
        ),
        P(
            2,
            "Perpustakaan Digital dan Budaya Baca",
            "dispusip",
            (
                A(
                    "Pengembangan Perpustakaan Digital iSumbawa",
                    "Koleksi buku elektronik",
                    "judul",
                    1000,
                    8000,
                    200,
                    alt="Pengembangan Perpustakaan Digital {s}",
                ),
                A(
                    "Perpustakaan Keliling ke Desa dan Sekolah",
                    "Desa yang dilayani perpustakaan keliling",
                    "desa",
                    30,
                    120,
                    100,
                ),
            ),
        ),
        P(
            2,
            "Pencegahan Anak Putus Sekolah",
            "disdik",
            (
                A(
                    "Sistem Informasi Anak Tidak Sekolah Berbasis NIK",
                    "Anak tidak sekolah yang kembali bersekolah",
                    "anak",
                    100,
                    800,
                    80,
                ),
                A(
                    "Beasiswa Pendidikan bagi Siswa Kurang Mampu",
                    "Siswa penerima beasiswa daerah",
                    "siswa",
                    300,
                    1500,
                    1500,
                ),
            ),
        ),
        P(
            3,
            "Ketenteraman dan Ketertiban Umum",
            "satpolpp",
            (
                A(
                    "Pemasangan CCTV Terintegrasi Command Center",
                    "Titik CCTV yang terhubung ke command center",
                    "titik",
                    20,
                    150,
                    900,
                    agency="diskominfo",
                ),
                A(
                    "Pelaporan Gangguan Ketenteraman dan Ketertiban Secara Daring",
                    "Laporan gangguan yang tertangani",
                    "%",
                    60,
                    95,
                    100,
                ),
                A(
                    "Pembinaan Satuan Perlindungan Masyarakat Desa",
                    "Anggota Satlinmas terlatih",
                    "orang",
                    300,
                    1500,
                    120,
                ),
            ),
        ),
        P(
            3,
            "Keamanan Informasi dan Persandian",
            "diskominfo",
            (
                A(
                    "Pembentukan Computer Security Incident Response Team (CSIRT) Daerah",
                    "Tim tanggap insiden siber yang teregistrasi",
                    "tim",
                    0,
                    1,
                    100,
                    years=(0, 1),
                ),
                A(
                    "Penerapan Sertifikat Elektronik bagi Pejabat dan ASN",
                    "Pengguna sertifikat elektronik",
                    "orang",
                    150,
                    1200,
                    80,
                    source="APBD+APBN",
                ),
            ),
        ),
    ],
    "ENV": [
        P(
            1,
            "Pengendalian Pencemaran Lingkungan",
            "dlh",
            (
                A(
                    "Pemantauan Kualitas Air Sungai dan Udara secara Daring",
                    "Titik pemantauan kualitas lingkungan",
                    "titik",
                    4,
                    20,
                    250,
                ),
                A(
                    "Pengawasan Persetujuan Lingkungan melalui AMDALNET",
                    "Usaha yang diawasi kepatuhannya",
                    "%",
                    40,
                    90,
                    60,
                ),
            ),
        ),
        P(
            1,
            "Rehabilitasi Hutan dan Lahan",
            "dlh",
            (
                A(
                    "Penanaman Pohon dan Rehabilitasi Daerah Aliran Sungai",
                    "Luas lahan yang direhabilitasi",
                    "ha",
                    50,
                    400,
                    500,
                    source="APBD+NON_APBD",
                ),
                A("Program Kampung Iklim (ProKlim)", "Desa ProKlim", "desa", 3, 25, 120),
            ),
            horizon="long",
        ),
        P(
            1,
            "Keanekaragaman Hayati Daerah",
            "dlh",
            (
                A(
                    "Penyusunan Profil Keanekaragaman Hayati Daerah",
                    "Dokumen profil keanekaragaman hayati",
                    "dokumen",
                    0,
                    1,
                    150,
                    years=(0, 1),
                ),
            ),
        ),
        P(
            1,
            "Pengendalian Kebakaran Hutan dan Lahan",
            "bpbd",
            (
                A(
                    "Sistem Pemantauan Titik Panas dan Patroli Karhutla",
                    "Titik panas yang ditindaklanjuti",
                    "%",
                    50,
                    95,
                    150,
                ),
                A(
                    "Pembentukan Masyarakat Peduli Api",
                    "Kelompok masyarakat peduli api",
                    "kelompok",
                    5,
                    30,
                    90,
                ),
            ),
        ),
        P(
            2,
            "Samawa Bersih Sampah",
            "dlh",
            (
                A(
                    "Sistem Informasi Pengelolaan Sampah (Go-SIPS)",
                    "Sampah yang tertangani",
                    "%",
                    45,
                    80,
                    350,
                    alt="Sistem Informasi Pengelolaan Sampah Daerah",
                ),
                A(
                    "Gerakan 3R (Reduce, Reuse, Recycle) di Sekolah dan Desa",
                    "Sekolah dan desa yang menerapkan 3R",
                    "lokasi",
                    20,
                    150,
                    150,
                ),
            ),
            horizon="short",
            alt="Gerakan {s} Bersih Sampah",
        ),
        P(
            2,
            "Bank Sampah dan Ekonomi Sirkular",
            "dlh",
            (
                A(
                    "Pengembangan Bank Sampah Digital",
                    "Bank sampah yang mencatat transaksi digital",
                    "unit",
                    15,
                    80,
                    200,
                    source="APBD+NON_APBD",
                ),
                A(
                    "Kemitraan Offtaker Sampah Anorganik",
                    "Sampah anorganik yang terserap offtaker",
                    "ton/tahun",
                    50,
                    400,
                    50,
                    source="NON_APBD",
                ),
            ),
        ),
        P(
            2,
            "Pengelolaan Tempat Pemrosesan Akhir Berwawasan Lingkungan",
            "dlh",
            (
                A(
                    "Peningkatan TPA Raberas menjadi Sanitary Landfill",
                    "Progres pembangunan sanitary landfill",
                    "%",
                    20,
                    100,
                    5000,
                    source="APBD+APBN",
                    years=(0, 3),
                    alt="Peningkatan TPA {s} menjadi Sanitary Landfill",
                ),
                A(
                    "Pengolahan Sampah Organik menjadi Kompos dan Maggot",
                    "Sampah organik yang diolah",
                    "ton",
                    100,
                    1200,
                    300,
                ),
            ),
            horizon="long",
        ),
        P(
            2,
            "Sarana Pengangkutan Sampah",
            "dlh",
            (
                A(
                    "Pelacakan GPS Armada Pengangkut Sampah",
                    "Armada yang terpantau GPS",
                    "armada",
                    0,
                    30,
                    150,
                ),
                A(
                    "Pembangunan TPS3R di Kecamatan",
                    "TPS3R yang beroperasi",
                    "unit",
                    4,
                    20,
                    1500,
                    source="APBD+APBN",
                ),
            ),
        ),
        P(
            3,
            "Penerangan Jalan Umum Hemat Energi",
            "dishub",
            (
                A(
                    "Penggantian PJU dengan Lampu LED Tenaga Surya",
                    "Titik PJU tenaga surya",
                    "titik",
                    200,
                    2000,
                    2000,
                ),
                A("Sistem Monitoring PJU Cerdas", "PJU yang termonitor", "%", 0, 60, 300),
            ),
            horizon="long",
        ),
        P(
            3,
            "Energi Baru Terbarukan",
            "dpupr",
            (
                A(
                    "Pembangkit Listrik Tenaga Surya Atap di Gedung Pemerintah",
                    "Kapasitas PLTS atap terpasang",
                    "kWp",
                    0,
                    500,
                    1500,
                    source="APBD+NON_APBD",
                ),
                A(
                    "Pemanfaatan Biogas Kotoran Ternak",
                    "Unit biogas rumah tangga",
                    "unit",
                    20,
                    200,
                    250,
                    agency="distan",
                ),
            ),
            horizon="long",
        ),
        P(
            3,
            "Efisiensi Energi Perkantoran",
            "setda",
            (
                A(
                    "Audit dan Monitoring Konsumsi Listrik Gedung Pemerintah",
                    "Gedung pemerintah yang dimonitor konsumsi listriknya",
                    "gedung",
                    5,
                    40,
                    80,
                ),
            ),
        ),
        P(
            3,
            "Konservasi Air dan Sumber Daya Air",
            "dpupr",
            (
                A(
                    "Pembangunan Embung dan Sumur Resapan",
                    "Embung dan sumur resapan",
                    "unit",
                    10,
                    60,
                    2500,
                    source="APBD+APBN",
                ),
                A(
                    "Sistem Informasi Irigasi dan Sumber Daya Air",
                    "Daerah irigasi yang terpetakan",
                    "daerah irigasi",
                    5,
                    40,
                    120,
                ),
            ),
            horizon="long",
        ),
    ],
}

# More programmes, used only for the generated plans of the other regions.
EXTRA: dict[str, list[P]] = {
    "GOV": [
        P(
            1,
            "Pelayanan Administrasi Terpadu Kecamatan (PATEN)",
            "setda",
            (
                A(
                    "Penerapan Aplikasi PATEN Daring di Kecamatan",
                    "Kecamatan yang melayani PATEN daring",
                    "kecamatan",
                    2,
                    15,
                    120,
                ),
                A(
                    "Tanda Tangan Elektronik pada Layanan Kecamatan",
                    "Layanan kecamatan bertanda tangan elektronik",
                    "%",
                    10,
                    90,
                    40,
                ),
            ),
        ),
        P(
            2,
            "Kearsipan Dinamis Elektronik",
            "dispusip",
            (
                A(
                    "Penerapan Aplikasi SRIKANDI di Seluruh OPD",
                    "OPD yang menggunakan SRIKANDI",
                    "%",
                    30,
                    100,
                    60,
                ),
                A(
                    "Digitalisasi Arsip Statis Daerah",
                    "Berkas arsip statis yang terdigitalisasi",
                    "berkas",
                    2000,
                    20000,
                    150,
                ),
            ),
        ),
    ],
    "BRD": [
        P(
            1,
            "Wisata Budaya dan Kuliner Lokal",
            "dispar",
            (
                A("Peta Digital Kuliner Khas Daerah", "Titik kuliner yang terpetakan", "titik", 20, 150, 80),
                A(
                    "Festival Kuliner Nusantara",
                    "Festival kuliner yang terselenggara",
                    "event",
                    1,
                    5,
                    300,
                    source="APBD+NON_APBD",
                ),
            ),
        ),
        P(
            3,
            "Penataan Kawasan Kota Lama",
            "dpupr",
            (
                A(
                    "Penataan Fasad Bangunan Kawasan Kota Lama",
                    "Bangunan yang fasadnya ditata",
                    "bangunan",
                    0,
                    40,
                    1200,
                ),
                A(
                    "Jalur Pedestrian Ramah Difabel",
                    "Panjang jalur pedestrian",
                    "km",
                    0.5,
                    5,
                    1500,
                    source="APBD+APBN",
                ),
            ),
            horizon="long",
        ),
    ],
    "ECO": [
        P(
            2,
            "Pengembangan Ekonomi Perempuan dan Pemuda",
            "diskopukm",
            (
                A(
                    "Pelatihan Usaha bagi Perempuan Kepala Keluarga",
                    "Peserta pelatihan usaha",
                    "orang",
                    50,
                    400,
                    100,
                ),
                A(
                    "Inkubasi Bisnis Pemuda Kreatif",
                    "Usaha rintisan yang diinkubasi",
                    "usaha rintisan",
                    0,
                    30,
                    250,
                ),
            ),
        ),
        P(
            3,
            "Elektronifikasi Bantuan Sosial Daerah",
            "dinsos",
            (
                A(
                    "Penyaluran Bantuan Sosial Daerah Non-Tunai",
                    "Bantuan sosial daerah yang disalurkan non-tunai",
                    "%",
                    40,
                    100,
                    60,
                ),
            ),
        ),
    ],
    "LIV": [
        P(
            1,
            "Kesehatan Ibu dan Anak",
            "dinkes",
            (
                A(
                    "Aplikasi Pemantauan Ibu Hamil Risiko Tinggi",
                    "Ibu hamil risiko tinggi yang terpantau",
                    "%",
                    55,
                    100,
                    120,
                ),
                A(
                    "Kelas Ibu Hamil dan Balita Daring",
                    "Kelas ibu hamil yang terselenggara",
                    "kelas",
                    20,
                    120,
                    60,
                ),
            ),
        ),
        P(
            2,
            "Parkir Elektronik",
            "dishub",
            (
                A(
                    "Penerapan Parkir Non-Tunai di Ruas Jalan Utama",
                    "Titik parkir non-tunai",
                    "titik",
                    0,
                    40,
                    200,
                    source="APBD+NON_APBD",
                ),
                A(
                    "Sistem Informasi Retribusi Parkir",
                    "Retribusi parkir yang tercatat daring",
                    "%",
                    10,
                    90,
                    80,
                ),
            ),
        ),
    ],
    "SOC": [
        P(
            2,
            "Pendidikan Anak Usia Dini Holistik Integratif",
            "disdik",
            (
                A("Pendataan Lembaga PAUD dalam Dapodik", "Lembaga PAUD yang terdata", "%", 70, 100, 40),
                A("Pelatihan Pendidik PAUD", "Pendidik PAUD yang terlatih", "orang", 80, 600, 120),
            ),
        ),
        P(
            3,
            "Perlindungan Perempuan dan Anak",
            "dinsos",
            (
                A(
                    "Layanan Pengaduan Kekerasan Terpadu Daring",
                    "Kasus kekerasan yang tertangani",
                    "%",
                    70,
                    100,
                    90,
                ),
                A(
                    "Pembentukan Satgas Perlindungan Anak di Desa",
                    "Desa dengan satgas perlindungan anak",
                    "desa",
                    5,
                    60,
                    100,
                ),
            ),
        ),
    ],
    "ENV": [
        P(
            2,
            "Pengurangan Sampah Plastik",
            "dlh",
            (
                A(
                    "Pembatasan Kantong Plastik Sekali Pakai di Ritel Modern",
                    "Ritel modern yang patuh",
                    "%",
                    20,
                    90,
                    50,
                ),
                A("Kampanye Diet Kantong Plastik", "Kegiatan kampanye", "kegiatan", 4, 24, 60),
            ),
        ),
        P(
            3,
            "Kendaraan Listrik Pemerintah Daerah",
            "setda",
            (
                A(
                    "Konversi Kendaraan Dinas ke Kendaraan Listrik",
                    "Kendaraan dinas listrik",
                    "unit",
                    0,
                    30,
                    900,
                ),
                A(
                    "Penyediaan Stasiun Pengisian Kendaraan Listrik Umum",
                    "Stasiun pengisian kendaraan listrik",
                    "unit",
                    0,
                    5,
                    400,
                    source="NON_APBD",
                    agency="dishub",
                ),
            ),
        ),
    ],
}

# ------------------------------------------------------------------ headers, readiness, road map

SUMBAWA_RPJMD_VISION = (
    # The RPJMD 2021-2026 wording is a best reading (est.); the seed names only "Sumbawa Gemilang".
    "Terwujudnya Masyarakat Sumbawa yang Gemilang, yang Berkeadaban dan Berdaya Saing"
)

SUMBAWA_MISSIONS = [
    "Mewujudkan tata kelola pemerintahan yang bersih, efektif dan melayani melalui transformasi digital.",
    "Memperkuat citra Sumbawa sebagai daerah tujuan wisata, investasi dan produk unggulan (Tana Samawa).",
    "Membangun ekonomi kerakyatan berbasis pertanian, peternakan dan UMKM yang terhubung ke pasar digital.",
    "Meningkatkan kualitas hidup masyarakat melalui layanan kesehatan, transportasi dan permukiman yang terintegrasi.",
    "Membangun masyarakat yang literat digital, berdaya, aman dan peduli sesama.",
    "Mewujudkan lingkungan hidup yang bersih, lestari dan hemat energi.",
]

READINESS: dict[str, tuple[int, str, dict[str, list[str]]]] = {
    ReadinessElement.NATURE: (
        4,
        "Wilayah daratan terluas di NTB dengan potensi pertanian, peternakan, kelautan dan pariwisata "
        "(Pulau Moyo, Teluk Saleh) yang besar; sebaran penduduk tidak merata di 24 kecamatan.",
        {
            SwotKind.STRENGTH: [
                "Sentra jagung, sapi dan madu hutan yang dikenal secara nasional.",
                "Destinasi wisata alam kelas dunia (Pulau Moyo, Teluk Saleh).",
            ],
            SwotKind.WEAKNESS: [
                "Wilayah luas dengan jarak layanan yang jauh dari ibu kota kabupaten.",
                "Sebagian desa masih berada di wilayah tanpa sinyal (blank spot).",
            ],
            SwotKind.OPPORTUNITY: [
                "Kawasan Teluk Saleh, Moyo dan Tambora masuk arah pengembangan pariwisata nasional.",
                "Permintaan pasar nasional untuk ternak sapi dan jagung terus tumbuh.",
            ],
            SwotKind.THREAT: [
                "Kekeringan musiman dan banjir di beberapa daerah aliran sungai.",
                "Alih fungsi lahan dan kerusakan hutan di hulu.",
            ],
        },
    ),
    ReadinessElement.STRUCTURE: (
        3,
        "Dewan Smart City dan Tim Pelaksana telah dibentuk dengan SK Bupati; Diskominfotiksan menjadi "
        "sekretariat. Kapasitas SDM TIK di OPD belum merata dan anggaran TIK masih terbatas.",
        {
            SwotKind.STRENGTH: [
                "Komitmen Bupati sebagai Ketua Dewan Smart City.",
                "Pokja per dimensi dengan OPD pengampu yang jelas.",
            ],
            SwotKind.WEAKNESS: [
                "Jumlah pranata komputer dan tenaga TIK di OPD terbatas.",
                "Porsi belanja TIK dalam APBD masih kecil.",
            ],
            SwotKind.OPPORTUNITY: [
                "Dukungan pendampingan dari Kementerian dan perguruan tinggi (Universitas Samawa)."
            ],
            SwotKind.THREAT: ["Rotasi pejabat yang cepat mengganggu keberlanjutan program."],
        },
    ),
    ReadinessElement.INFRASTRUCTURE: (
        2,
        "Jaringan fiber optik baru menjangkau ibu kota kabupaten dan sebagian kecamatan; pusat data "
        "daerah belum memenuhi standar; command center dalam tahap pembangunan.",
        {
            SwotKind.STRENGTH: [
                "Jaringan intra pemerintah menghubungkan kantor-kantor OPD di Sumbawa Besar."
            ],
            SwotKind.WEAKNESS: [
                "Ruang server belum memenuhi standar pusat data.",
                "Banyak desa belum terlayani internet yang stabil.",
            ],
            SwotKind.OPPORTUNITY: [
                "Program BAKTI untuk BTS dan akses internet di daerah 3T.",
                "Pusat Data Nasional untuk layanan bersama.",
            ],
            SwotKind.THREAT: ["Gangguan listrik dan cuaca ekstrem yang memutus jaringan."],
        },
    ),
    ReadinessElement.SUPRASTRUCTURE: (
        3,
        "Sudah ada Perbup SPBE dan Satu Data; regulasi tata kelola aplikasi, keamanan informasi dan "
        "berbagi pakai data masih perlu dilengkapi.",
        {
            SwotKind.STRENGTH: ["RPJMD 2021-2026 memuat transformasi digital sebagai prioritas."],
            SwotKind.WEAKNESS: ["Standar operasional layanan digital belum seragam antar-OPD."],
            SwotKind.OPPORTUNITY: [
                "Perpres 95/2018 tentang SPBE dan Perpres 39/2019 tentang Satu Data Indonesia.",
            ],
            SwotKind.THREAT: [
                "Perubahan regulasi pusat yang cepat menuntut penyesuaian produk hukum daerah."
            ],
        },
    ),
    ReadinessElement.CULTURE: (
        3,
        "Nilai budaya Samawa (saling pedi, saling satingi, saling sakiki) mendukung gotong royong; "
        "literasi digital masyarakat meningkat tetapi belum merata antara kota dan desa.",
        {
            SwotKind.STRENGTH: ["Budaya gotong royong dan kearifan lokal Tau Samawa."],
            SwotKind.WEAKNESS: ["Literasi digital masyarakat perdesaan masih rendah."],
            SwotKind.OPPORTUNITY: [
                "Generasi muda yang aktif di media sosial dan komunitas kreatif.",
                "Kelompok Informasi Masyarakat (KIM) dan Relawan TIK yang tumbuh di desa.",
            ],
            SwotKind.THREAT: ["Hoaks dan penipuan daring yang menurunkan kepercayaan pada layanan digital."],
        },
    ),
}

# Road map: what each dimension reaches in the plan's 1st..5th year.
ROADMAP: dict[str, list[str]] = {
    "GOV": [
        "Quick win {qw} beroperasi; arsitektur SPBE ditetapkan.",
        "Layanan perizinan dan adminduk daring terintegrasi di MPP.",
        "Pusat data dan command center melayani seluruh OPD.",
        "Satu Data daerah menjadi rujukan perencanaan dan penganggaran.",
        "Indeks SPBE kategori Baik; seluruh layanan publik utama dapat diakses daring.",
    ],
    "BRD": [
        "Quick win {qw} diluncurkan; kalender event pariwisata terbit.",
        "Desa wisata dan produk unggulan dipromosikan secara digital.",
        "Merek kolektif produk unggulan terdaftar dan dipasarkan daring.",
        "Ruang publik dan koridor kota tertata dengan identitas budaya lokal.",
        "Kunjungan wisatawan dan investasi meningkat sesuai target RPJMD.",
    ],
    "ECO": [
        "Quick win {qw} digunakan pelaku usaha; data UMKM terpadu tersusun.",
        "Transaksi pembayaran daerah dan pasar rakyat non-tunai meluas.",
        "Hilirisasi komoditas unggulan berjalan melalui kemitraan offtaker.",
        "UMKM dan koperasi terhubung ke pembiayaan dan pasar digital.",
        "Ekosistem ekonomi digital daerah menopang pertumbuhan dan penurunan kemiskinan.",
    ],
    "LIV": [
        "Quick win {qw} berjalan di puskesmas percontohan.",
        "Rekam medis elektronik dan rujukan terintegrasi di seluruh puskesmas.",
        "Layanan gawat darurat 119 dan informasi transportasi tersedia bagi warga.",
        "Permukiman layak huni dan sanitasi meningkat berbasis data spasial.",
        "Prevalensi stunting turun sesuai target nasional.",
    ],
    "SOC": [
        "Quick win {qw} memantau penerima bantuan sosial.",
        "KIM dan Relawan TIK aktif di seluruh kecamatan.",
        "Sekolah menerapkan rapor daring dan perpustakaan digital.",
        "CCTV dan pelaporan ketertiban terhubung ke command center.",
        "Masyarakat literat digital dan terlindungi dari ancaman siber.",
    ],
    "ENV": [
        "Quick win {qw} mencatat layanan persampahan.",
        "Bank sampah digital dan TPS3R beroperasi di kecamatan.",
        "TPA beralih menjadi sanitary landfill.",
        "PJU tenaga surya dan PLTS atap mengurangi konsumsi energi fosil.",
        "Sampah tertangani 80 persen dan kualitas lingkungan terpantau daring.",
    ],
}


@dataclass(frozen=True)
class QW:
    """A quick win (real where a news report names it; see each region's list)."""

    dimension: str
    name: str
    agency: str
    acronym: str = ""
    expansion: str = ""
    description: str = ""
    programme: str = ""  # name of the programme it belongs to (else the dimension's first)


SUMBAWA_QUICK_WINS = [
    QW(
        "GOV",
        "Pelayanan Sistem Informasi Layanan Administrasi Kependudukan Online",
        "disdukcapil",
        "SiLAMO",
        "Sistem Informasi Layanan Administrasi Kependudukan Online",
        "Meningkatkan cakupan kepemilikan dokumen kependudukan dengan layanan administrasi yang lebih mudah "
        "diakses, memperpendek jarak pelayanan serta menjaga validitas data kependudukan.",
        "Pelayanan Administrasi Kependudukan Berbasis Elektronik",
    ),
    QW(
        "BRD",
        "Discover Sumbawa",
        "dispar",
        "Discover Sumbawa",
        "",
        "Inovasi untuk meningkatkan promosi pariwisata daerah: portal, aplikasi dan konten destinasi Sumbawa.",
        "Promosi Pariwisata Digital",
    ),
    QW(
        "ECO",
        "Sistem Informasi Jaringan Peternakan",
        "distan",
        "SiJINAK",
        "Sistem Informasi Jaringan Peternakan",
        "Mempermudah pengeluaran rekomendasi perizinan ternak serta meningkatkan efisiensi dan efektivitas "
        "pengawasan perdagangan ternak.",
        "Pengembangan Kawasan Peternakan Sapi",
    ),
    QW(
        "LIV",
        "Layanan e-Puskesmas",
        "dinkes",
        "e-Puskesmas",
        "Integrasi layanan primer dan satu data sehat",
        "Mewujudkan pelayanan kesehatan terpadu dan unggul yang terintegrasi dengan BPJS Kesehatan dan "
        "SATUSEHAT nasional.",
        "Pelayanan Kesehatan Primer Terintegrasi",
    ),
    QW(
        "SOC",
        "Pembinaan Masyarakat Miskin dan Sistem Layanan Terpadu",
        "dinsos",
        "SiPATARA",
        "Sistem Informasi Pajatu Tau Rara",
        "Monitoring dan evaluasi terhadap penerima bantuan sosial.",
        "Pembinaan Masyarakat Miskin dan Sistem Layanan Terpadu",
    ),
    QW(
        "ENV",
        "Program Samawa Bersih Sampah",
        "dlh",
        "Go-SIPS",
        "Sistem Informasi Pengelolaan Sampah",
        "Layanan persampahan dengan Go-SIPS untuk mengurangi sampah melalui gerakan 3R (reduce, reuse, recycle).",
        "Samawa Bersih Sampah",
    ),
]

# ------------------------------------------------------------------ the other demo regions


@dataclass(frozen=True)
class RegionPlan:
    code: str
    start_year: int
    vision: str
    rpjmd_vision: str
    state: str  # draft, submitted, ratified
    quick_wins: list[QW]
    innovations: list[tuple[str, str, str]] = field(default_factory=list)  # (dimension, name, agency)
    ratification: tuple[str, str, dt.date] | None = None  # kind, number, date
    actor: str = "admin"
    note: str = ""


OTHER_PLANS: list[RegionPlan] = [
    RegionPlan(
        "51.08",
        2023,
        "Buleleng Smart Regency: Melayani, Berbudaya dan Sejahtera",
        "Terwujudnya Masyarakat Buleleng yang Sejahtera, Berbudaya dan Berdaya Saing",  # est.
        "ratified",
        [  # the programmes Ketut Suwarmawan named, 4 November 2024
            QW(
                "GOV",
                "Mal Pelayanan Publik (MPP) Kabupaten Buleleng",
                "dpmptsp",
                "MPP",
                "Mal Pelayanan Publik",
            ),
            QW("BRD", "Pekan Apresiasi Seni", "disdik"),
            QW("ECO", "Pelatihan Kewirausahaan", "diskopukm"),
            QW("LIV", "Layanan Mobil Unit Keluarga Berencana (KB)", "dinkes"),
            QW("SOC", "Sekolah Smart", "disdik"),
            QW(
                "ENV",
                "Buleleng Kelola Sampah Organik",
                "dlh",
                "Bule Kepo",
                "Buleleng Kelola Sampah Organik",
            ),
        ],
        [
            ("SOC", "Posko DO (Drop Out) Pencegahan Anak Putus Sekolah", "disdik"),
            ("GOV", "Operasional Buleleng Command Center (BCC)", "diskominfo"),
        ],
        (RatificationKind.PERBUP, "18 Tahun 2023", dt.date(2023, 3, 20)),
        actor="koordinator.buleleng",
    ),
    RegionPlan(
        "63.03",
        2020,
        "Banjar Cerdas, Maju, Mandiri dan Agamis",
        "Kabupaten Banjar Maju, Mandiri dan Agamis",
        "ratified",
        [  # Banjar 2023: innovations mapped to the dimensions by the six pokja
            QW("GOV", "MPP Barokah", "dpmptsp", "MPP Barokah", "Mal Pelayanan Publik Barokah"),
            QW("BRD", "Destia Borneo", "dispar", "Destia Borneo", "Destinasi Anjang Borneo"),
            QW("ECO", "Batumbang Tani Manis", "distan", "Batumbang Tani Manis"),
            QW(
                "LIV",
                "Aplikasi Kader Peduli Balita BGM dan Stunting",
                "dinkes",
                "Sidelimas",
                "Aplikasi Kader Peduli Balita BGM dan Stunting",
            ),
            QW("SOC", "Wadah Belajar", "disdik", "Wajar", "Wadah Belajar"),
            QW(
                "ENV",
                "Gerakan Sanitasi Keberlanjutan Maju Mandiri Agamis",
                "dlh",
                "Gasak Manis",
                "Gerakan Sanitasi Keberlanjutan Maju Mandiri Agamis",
            ),
        ],
        [
            ("GOV", "Inovasi Simondalev", "bappeda"),
            ("GOV", "Si-Marta (Sistem Informasi Manajemen Aplikasi Tunjangan Sertifikasi)", "disdik"),
            ("BRD", "Tangkap Adik Manis (Datang Konsultasi Pulang Bawa Desain Kemasan Manis)", "disperindag"),
            ("BRD", "SMS Gempita (SMS Gateway Media Informasi Pariwisata)", "dispar"),
            ("ECO", "Inovasi Kurma Manis", "diskopukm"),
            ("LIV", "Gerobak Ketan Kala (Gerakan Olah Raga Bersama dan Cek Kesehatan Berkala)", "dinkes"),
            ("LIV", "Apoteker Emas (Apoteker Edukasi Masyarakat)", "dinkes"),
            ("LIV", "Lepas Pasung Puskesmas Astambul (Pelepasan Pasien Pasung/ODGJ)", "dinkes"),
            (
                "LIV",
                "Apdet Dihati Sendiri (Aplikasi Deteksi Dini Kehamilan Risiko Tinggi secara Mandiri)",
                "dinkes",
            ),
            ("SOC", "Unit Reaksi Cepat (URC)", "bpbd"),
            ("SOC", "Bank Sampah Sekumpul", "dlh"),
            ("SOC", "Rahatan (Radio Sahabat Anak)", "diskominfo"),
            ("ENV", "Lapah Measi 4R (Reduce, Reuse, Recycle, Replace)", "dlh"),
        ],
        (RatificationKind.PERBUP, "9 Tahun 2020", dt.date(2020, 2, 3)),
    ),
    RegionPlan(
        "52.07",
        2023,
        "Sumbawa Barat Cerdas, Maju dan Berdaya Saing",
        "Terwujudnya Kabupaten Sumbawa Barat yang Maju, Sejahtera dan Berdaya Saing",  # est.
        "submitted",  # Bimtek IV closed with the joint commitment; the Perbup is awaited
        [  # invented for the demo: the report does not name them
            QW("GOV", "Layanan Perizinan Terpadu Daring", "dpmptsp"),
            QW("BRD", "Portal Promosi Wisata Sumbawa Barat", "dispar"),
            QW("ECO", "Pasar Daring Produk UMKM", "diskopukm"),
            QW("LIV", "Antrean Puskesmas Daring", "dinkes"),
            QW("SOC", "Kelompok Informasi Masyarakat Digital", "diskominfo"),
            QW("ENV", "Bank Sampah Digital Desa", "dlh"),
        ],
    ),
    RegionPlan(
        "13.73",
        2024,
        "Sawahlunto Kota Wisata Tambang yang Cerdas dan Berbudaya",
        "Sawahlunto Kota Wisata Tambang yang Berbudaya",  # est.
        "draft",  # at Bimtek III: quick wins presented for some dimensions only
        [  # Bimtek III, 7 September 2023 (completion in the description)
            QW(
                "BRD",
                "Digitalisasi Data Warisan Budaya Dunia",
                "disdik",
                "Dada Warsina",
                "Digitalisasi Data Warisan Budaya Dunia",
                "Persentase penyelesaian 70% (Bimtek III). Saran narasumber: masyarakat dapat melaporkan warisan "
                "budaya yang dimiliki atau ditemukan, lalu dikonfirmasi oleh ahli.",
            ),
            QW(
                "ECO",
                "Info Sunto",
                "disperindag",
                "Info Sunto",
                "",
                "Persentase penyelesaian 1% (Bimtek III).",
            ),
            QW(
                "SOC",
                "Jemput Bola Nyasarin KTP Siswa",
                "disdukcapil",
                "Jempol Narsis",
                "Jemput Bola Nyasarin KTP Siswa",
                "Persentase penyelesaian 99% (Bimtek III).",
            ),
        ],
    ),
    RegionPlan(
        "52.71",
        2022,
        "Mataram Kota Cerdas yang Maju, Religius dan Berbudaya",
        "Terwujudnya Kota Mataram yang Maju, Religius dan Berbudaya",
        "ratified",
        [  # invented for the demo
            QW("GOV", "Layanan Adminduk Daring Kelurahan", "disdukcapil"),
            QW("BRD", "Kalender Event Wisata Kota Mataram", "dispar"),
            QW("ECO", "Retribusi Pasar Non-Tunai", "disperindag"),
            QW("LIV", "Layanan Ambulans Gawat Darurat 119", "dinkes"),
            QW("SOC", "CCTV Lingkungan Kelurahan", "satpolpp"),
            QW("ENV", "Jadwal Angkut Sampah Berbasis Aplikasi", "dlh"),
        ],
        ratification=(RatificationKind.PERWALI, "12 Tahun 2022", dt.date(2022, 4, 11)),
    ),
]

# ------------------------------------------------------------------ writing a plan


class Writer:
    """Writes one plan version through the services, with the region's agencies at hand."""

    def __init__(self, *, actor: User, version: PlanVersion, seed: str, budget_scale: float = 1.0) -> None:
        self.actor = actor
        self.version = version
        self.plan = version.plan
        self.region = self.plan.region
        self.agencies = {a.code: a for a in Agency.objects.filter(region=self.region)}
        self.subdimensions = {s.code: s for s in SubDimension.objects.select_related("dimension")}
        self.dimensions = {d.code: d for d in Dimension.objects.all()}
        self.seed = seed
        self.scale = budget_scale
        self.counter: dict[str, int] = {}
        self.programmes: dict[str, Programme] = {}  # by name

    def _years(self, offsets: tuple[int, int]) -> tuple[int, int]:
        start = self.plan.start_year
        return start + offsets[0], min(start + offsets[1], self.plan.end_year)

    def programme(self, dim: str, p: P, *, name: str) -> Programme:
        n = self.counter[dim] = self.counter.get(dim, 0) + 1
        last = 1 if p.horizon == "short" else 4
        start, end = self._years((0, last))
        programme = services.programme_create(
            actor=self.actor,
            version=self.version,
            code=f"{dim}-{n:02d}",
            name=name,
            subdimension=self.subdimensions[f"{dim}-{p.sub}"],
            agency=self.agencies[p.agency],
            start_year=start,
            end_year=end,
            horizon=p.horizon,
            description=p.description,
        )
        self.programmes[name] = programme
        return programme

    def action(self, programme: Programme, a: A, *, name: str, index: int, default_agency: str) -> None:
        rng = random.Random(f"{self.seed}:{programme.code}:{index}")
        if a.years is not None:
            offsets = a.years
        elif programme.horizon == "short":
            offsets = (0, 1)
        else:
            offsets = (0 if index == 1 or rng.random() < 0.6 else 1, 4)
        start, end = self._years(offsets)
        start, end = max(start, programme.start_year), min(end, programme.end_year)
        end = max(end, start)
        years = list(range(start, end + 1))
        services.action_create(
            actor=self.actor,
            programme=programme,
            code=f"{programme.code}.{index:02d}",
            name=name,
            agency=self.agencies[a.agency or default_agency],
            start_year=start,
            end_year=end,
            indicator=a.indicator,
            unit=a.unit,
            baseline=_number(a.baseline, a),
            budgets=_budgets(rng, a, years, self.scale),
            targets=_targets(a, years),
        )

    def quick_win(self, q: QW, *, code: str, target_year: int, programme: Programme | None) -> None:
        services.quick_win_create(
            actor=self.actor,
            version=self.version,
            code=code,
            name=q.name,
            acronym=q.acronym,
            expansion=q.expansion,
            description=q.description,
            dimension=self.dimensions[q.dimension],
            agency=self.agencies[q.agency],
            target_year=target_year,
            programme=programme,
        )

    def header(
        self, *, vision: str, explanation: str, rpjmd_vision: str, alignment: str, missions: list[str]
    ) -> None:
        services.version_update(
            actor=self.actor,
            version=self.version,
            data={
                "vision": vision,
                "vision_explanation": explanation,
                "rpjmd_vision": rpjmd_vision,
                "rpjmd_alignment": alignment,
            },
            expected_version=self.version.row_version,
        )
        services.missions_set(actor=self.actor, version=self.version, texts=missions)

    def readiness(self, table: dict[str, tuple[int, str, dict[str, list[str]]]]) -> None:
        for element, (score, summary, swot) in table.items():
            services.readiness_set(
                actor=self.actor, version=self.version, element=element, score=score, summary=summary
            )
            for kind, texts in swot.items():
                for text in texts:
                    services.swot_item_add(
                        actor=self.actor, version=self.version, element=element, kind=kind, text=text
                    )

    def roadmap(self, quick_wins: dict[str, str], *, years: int = 5) -> None:
        for offset in range(years):
            for dim in DIMENSION_CODES:
                milestone = ROADMAP[dim][offset].format(qw=quick_wins.get(dim, "dimensi ini"))
                services.roadmap_item_add(
                    actor=self.actor,
                    version=self.version,
                    year=self.plan.start_year + offset,
                    dimension=self.dimensions[dim],
                    milestone=milestone,
                )


def _is_decimal(a: A) -> bool:
    return a.unit in {"%", "indeks", "nilai", "ha", "km", "menit"} or any(
        float(v) != int(v) for v in (a.baseline, a.target)
    )


def _number(value: float, a: A) -> Decimal:
    if _is_decimal(a):
        return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
    return Decimal(round(value))


def _targets(a: A, years: Sequence[int]) -> list[tuple[int, Decimal]]:
    """The indicator moves from its baseline to its target over the action's years."""
    n = len(years)
    return [
        (year, _number(a.baseline + (a.target - a.baseline) * (i + 1) / n, a)) for i, year in enumerate(years)
    ]


SPLITS: dict[str, list[tuple[str, float]]] = {
    "APBD": [("APBD", 1.0)],
    "APBN": [("APBN", 1.0)],
    "NON_APBD": [("NON_APBD", 1.0)],
    "APBD+APBN": [("APBD", 0.4), ("APBN", 0.6)],
    "APBD+NON_APBD": [("APBD", 0.7), ("NON_APBD", 0.3)],
}


def _budgets(rng: random.Random, a: A, years: Sequence[int], scale: float) -> list[tuple[int, str, Decimal]]:
    """Yearly amounts (million rupiah, rounded to Rp 5 million), growing a little each year."""
    rows: list[tuple[int, str, Decimal]] = []
    base = a.budget * scale * rng.uniform(0.85, 1.15)
    for i, year in enumerate(years):
        yearly = base * (1 + 0.06 * i) * rng.uniform(0.9, 1.1)
        for source, share in SPLITS[a.source]:
            if source == "APBN" and a.source != "APBN" and i == 0 and len(years) > 2:
                continue  # national co-funding usually starts in the second year
            millions = max(5, round(yearly * share / 5) * 5)
            rows.append((year, source, Decimal(millions * 1_000_000)))
    return rows


def _short(region: Region) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if region.name.startswith(prefix):
            return region.name[len(prefix) :]
    return region.name


def _plan_start(*, actor: User, region: Region, start_year: int) -> PlanVersion:
    plan = services.plan_create(
        actor=actor,
        region=region,
        title=f"Master Plan Smart City {region.name} {start_year}-{start_year + 4}",
        start_year=start_year,
        end_year=start_year + 4,
    )
    version = plan.versions.get()
    version.plan = plan
    return version


def _ratify(actor: User, version: PlanVersion, kind: str, number: str, date: dt.date) -> PlanVersion:
    version = services.version_submit(actor=actor, version=version)
    return services.version_ratify(actor=actor, version=version, kind=kind, number=number, date=date)


# ------------------------------------------------------------------ Sumbawa


def sumbawa_build(*, actor: User) -> MasterPlan:
    """Kabupaten Sumbawa 2024-2028: v1 ratified by Perbup, v2 a draft with a few changes."""
    region = Region.objects.get(code="52.04")
    version = _plan_start(actor=actor, region=region, start_year=2024)
    writer = Writer(actor=actor, version=version, seed="52.04")
    writer.header(
        vision="Sumbawa Gemilang",
        explanation=(
            "Gemilang: gerakan membangun Sumbawa yang cerdas, melayani dan berdaya saing, dengan teknologi "
            "informasi sebagai alat untuk mendekatkan layanan kepada masyarakat di seluruh 24 kecamatan."
        ),
        rpjmd_vision=SUMBAWA_RPJMD_VISION,
        alignment=(
            'Visi smart city "Sumbawa Gemilang" selaras dengan visi pembangunan Kabupaten Sumbawa dalam RPJMD '
            "2021-2026. Setiap program diambil dari RPJMD dan Renstra OPD; keenam quick win mendukung misi "
            "pelayanan publik, ekonomi kerakyatan dan lingkungan yang bersih."
        ),
        missions=SUMBAWA_MISSIONS,
    )
    writer.readiness(READINESS)
    for dim in DIMENSION_CODES:
        for p in SUMBAWA[dim]:
            programme = writer.programme(dim, p, name=p.name)
            for i, a in enumerate(p.actions, start=1):
                writer.action(programme, a, name=a.name, index=i, default_agency=p.agency)
    for q in SUMBAWA_QUICK_WINS:
        writer.quick_win(
            q,
            code=f"QW-{q.dimension}",
            target_year=2024 if q.dimension in {"GOV", "LIV", "SOC"} else 2025,
            programme=writer.programmes[q.programme],
        )
    writer.roadmap({q.dimension: q.acronym or q.name for q in SUMBAWA_QUICK_WINS})
    _ratify(actor, version, RatificationKind.PERBUP, "7 Tahun 2024", dt.date(2024, 2, 12))
    sumbawa_v2(actor=actor, plan=version.plan)
    return version.plan


def sumbawa_v2(*, actor: User, plan: MasterPlan) -> PlanVersion:
    """Version 2 after the 2024 evaluation: assessors asked to refine some programmes."""
    draft = services.version_new_draft(actor=actor, plan=plan)
    draft.plan = plan
    services.version_update(
        actor=actor,
        version=draft,
        data={
            "rpjmd_alignment": (
                'Visi smart city "Sumbawa Gemilang" selaras dengan visi pembangunan Kabupaten Sumbawa dalam '
                "RPJMD 2021-2026 dan arah RPJPD 2025-2045. Masukan asesor Forum Evaluasi Smart City 2024 "
                "(Denpasar, 24-27 Juni 2024) ditindaklanjuti dalam versi ini."
            )
        },
        expected_version=draft.row_version,
    )
    programmes = {p.code: p for p in Programme.objects.filter(version=draft)}
    spbe = programmes["GOV-04"]
    services.programme_update(
        actor=actor,
        programme=spbe,
        data={"name": "Penerapan SPBE dan Transformasi Digital Pemerintah Daerah"},
        expected_version=spbe.row_version,
    )
    actions = {a.code: a for a in draft.actions.select_related("programme", "version")}
    silamo = actions["GOV-01.01"]
    services.action_update(
        actor=actor,
        action=silamo,
        data={},
        expected_version=silamo.row_version,
        budgets=[(b.year, b.source, b.amount * Decimal("1.2")) for b in silamo.budgets.all()],
    )
    tapping = actions["ECO-19.02"]  # the assessors asked to drop it; the tax office runs it instead
    services.action_delete(actor=actor, action=tapping)
    sijinak = programmes["ECO-04"]
    sijinak = services.programme_update(  # the integration runs a year past the programme's end
        actor=actor,
        programme=sijinak,
        data={"end_year": 2026},
        expected_version=sijinak.row_version,
    )
    services.action_create(
        actor=actor,
        programme=sijinak,
        code="ECO-04.03",
        name="Integrasi SiJINAK dengan Sistem Informasi Kesehatan Hewan Nasional (iSIKHNAS)",
        agency=sijinak.agency,
        start_year=2025,
        end_year=2026,
        indicator="Laporan kesehatan hewan yang terkirim otomatis",
        unit="%",
        baseline=Decimal(0),
        budgets=[(2025, "APBD", Decimal(90_000_000)), (2026, "APBD", Decimal(60_000_000))],
        targets=[(2025, Decimal(50)), (2026, Decimal(100))],
    )
    living = services.programme_create(
        actor=actor,
        version=draft,
        code="LIV-14",
        name="Kesehatan Jiwa Berbasis Masyarakat",
        subdimension=SubDimension.objects.get(code="LIV-1"),
        agency=Agency.objects.get(region=plan.region, code="dinkes"),
        start_year=2025,
        end_year=2028,
        description="Masukan asesor: layanan bagi orang dengan gangguan jiwa belum tersentuh.",
    )
    services.action_create(
        actor=actor,
        programme=living,
        code="LIV-14.01",
        name="Pendataan dan Pendampingan ODGJ melalui Puskesmas",
        agency=living.agency,
        start_year=2025,
        end_year=2028,
        indicator="ODGJ berat yang mendapat layanan sesuai standar",
        unit="%",
        baseline=Decimal(62),
        budgets=[(y, "APBD", Decimal(75_000_000)) for y in range(2025, 2029)],
        targets=[(2025, Decimal(75)), (2026, Decimal(85)), (2027, Decimal(95)), (2028, Decimal(100))],
    )
    return draft


# ------------------------------------------------------------------ the other demo regions


def _catalogue(rng: random.Random, *, extra_actions: int = 0) -> list[tuple[str, P]]:
    """60-80 programmes with 120-150 actions (``extra_actions`` included), picked from the
    catalogue (order kept)."""
    chosen: list[tuple[str, P]] = []
    for dim in DIMENSION_CODES:
        pool = SUMBAWA[dim] + EXTRA[dim]
        keep = max(4, round(len(pool) * rng.uniform(0.72, 0.9)))
        picked = set(rng.sample(range(len(pool)), keep))
        chosen += [(dim, p) for i, p in enumerate(pool) if i in picked]
    target = rng.randint(122, 148) - extra_actions
    total = sum(len(p.actions) for _d, p in chosen)
    while total > target:  # trim second and third actions here and there
        i = rng.randrange(len(chosen))
        dim, p = chosen[i]
        if len(p.actions) > 1:
            chosen[i] = (dim, replace(p, actions=p.actions[:-1]))
            total -= 1
    return chosen


def _generic_readiness(
    rng: random.Random, region: Region
) -> dict[str, tuple[int, str, dict[str, list[str]]]]:
    s = _short(region)
    texts = {
        ReadinessElement.NATURE: (
            f"Potensi alam, pariwisata dan komoditas unggulan {s} menjadi modal pembangunan.",
            [f"Potensi wisata dan komoditas unggulan {s}."],
            ["Sebaran penduduk dan layanan belum merata."],
            ["Arah pengembangan pariwisata dan investasi nasional."],
            ["Bencana hidrometeorologi dan perubahan iklim."],
        ),
        ReadinessElement.STRUCTURE: (
            "Dewan Smart City, Tim Pelaksana dan pokja telah dibentuk; kapasitas SDM TIK perlu ditingkatkan.",
            ["Komitmen kepala daerah dan OPD pengampu per dimensi."],
            ["Tenaga TIK di OPD terbatas."],
            ["Pendampingan Kementerian dan perguruan tinggi."],
            ["Rotasi pejabat mengganggu keberlanjutan program."],
        ),
        ReadinessElement.INFRASTRUCTURE: (
            "Jaringan intra pemerintah tersedia di pusat kota; pusat data dan konektivitas desa masih terbatas.",
            ["Jaringan intra pemerintah menghubungkan kantor OPD."],
            ["Pusat data belum memenuhi standar."],
            ["Program BAKTI dan Pusat Data Nasional."],
            ["Gangguan listrik dan jaringan."],
        ),
        ReadinessElement.SUPRASTRUCTURE: (
            "Regulasi SPBE dan Satu Data tersedia sebagian; tata kelola aplikasi perlu dilengkapi.",
            ["RPJMD memuat transformasi digital sebagai prioritas."],
            ["Standar layanan digital belum seragam antar-OPD."],
            ["Regulasi nasional SPBE dan Satu Data Indonesia."],
            ["Perubahan regulasi pusat yang cepat."],
        ),
        ReadinessElement.CULTURE: (
            "Budaya gotong royong kuat; literasi digital masyarakat belum merata.",
            ["Budaya gotong royong dan kearifan lokal."],
            ["Literasi digital perdesaan rendah."],
            ["Komunitas kreatif dan Relawan TIK."],
            ["Hoaks dan penipuan daring."],
        ),
    }
    table: dict[str, tuple[int, str, dict[str, list[str]]]] = {}
    for element, (summary, s_, w_, o_, t_) in texts.items():
        table[element] = (
            rng.randint(2, 4),
            summary,
            {SwotKind.STRENGTH: s_, SwotKind.WEAKNESS: w_, SwotKind.OPPORTUNITY: o_, SwotKind.THREAT: t_},
        )
    return table


def region_plan_build(spec: RegionPlan, *, default_actor: User) -> MasterPlan:
    """A generated plan of realistic size, in the state the region's stage calls for."""
    region = Region.objects.get(code=spec.code)
    actor = User.objects.filter(username=spec.actor).first() or default_actor
    rng = random.Random(f"plan:{spec.code}")
    version = _plan_start(actor=actor, region=region, start_year=spec.start_year)
    scale = 1.3 if region.level == "kota" and spec.code == "52.71" else rng.uniform(0.8, 1.2)
    writer = Writer(actor=actor, version=version, seed=spec.code, budget_scale=scale)
    s, r = _short(region), region.name
    head = "Wali Kota" if region.level == "kota" else "Bupati"
    writer.header(
        vision=spec.vision,
        explanation=f"Visi smart city {r} untuk {spec.start_year}-{spec.start_year + 4}.",
        rpjmd_vision=spec.rpjmd_vision,
        alignment=f"Program smart city diambil dari RPJMD {r} dan Renstra OPD; quick win mendukung misi {head}.",
        missions=[
            f"Mewujudkan tata kelola pemerintahan {s} yang efektif dan melayani berbasis digital.",
            f"Memperkuat daya saing ekonomi dan citra daerah {s}.",
            "Meningkatkan kualitas hidup, literasi digital dan keamanan masyarakat.",
            "Menjaga lingkungan hidup yang bersih dan lestari.",
        ],
    )
    writer.readiness(_generic_readiness(rng, region))
    first: dict[str, Programme] = {}
    innovations = [(q.dimension, q.acronym or q.name, q.agency) for q in spec.quick_wins] + spec.innovations
    for dim, p in _catalogue(rng, extra_actions=len(innovations)):
        programme = writer.programme(dim, p, name=(p.alt or p.name).format(s=s, r=r))
        first.setdefault(dim, programme)
        for i, a in enumerate(p.actions, start=1):
            writer.action(
                programme, a, name=(a.alt or a.name).format(s=s, r=r), index=i, default_agency=p.agency
            )
    for dim, name, agency in innovations:
        programme = first[dim]
        index = programme.actions.count() + 1
        writer.action(
            programme,
            A(
                f"Pengembangan Inovasi {name}",
                "Pengguna atau penerima manfaat inovasi",
                "orang",
                50,
                rng.choice([500, 1000, 2500]),
                rng.choice([50, 75, 100, 150]),
                agency=agency,
            ),
            name=f"Pengembangan Inovasi {name}",
            index=index,
            default_agency=agency,
        )
    for q in spec.quick_wins:
        writer.quick_win(
            q,
            code=f"QW-{q.dimension}",
            target_year=spec.start_year + rng.randint(0, 1),
            programme=first[q.dimension],
        )
    writer.roadmap(
        {q.dimension: q.acronym or q.name for q in spec.quick_wins}, years=5 if spec.state != "draft" else 2
    )
    if spec.state in {"submitted", "ratified"}:
        version = services.version_submit(actor=actor, version=version)
    if spec.state == "ratified" and spec.ratification is not None:
        kind, number, date = spec.ratification
        services.version_ratify(actor=actor, version=version, kind=kind, number=number, date=date)
    return version.plan


def masterplans_build(*, actor: User) -> None:
    """Kabupaten Sumbawa's plan and the generated plans of the other demo regions."""
    coordinator = User.objects.filter(username="koordinator.sumbawa").first() or actor
    sumbawa_build(actor=coordinator)
    for spec in OTHER_PLANS:
        region_plan_build(spec, default_actor=actor)
