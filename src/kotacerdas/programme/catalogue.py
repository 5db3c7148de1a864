"""The seeded catalogue of smart dimensions and their sub-dimensions (DOMAIN.md §3).

The catalogue is data: administrators may rename or extend it. This list only seeds it.
Sub-dimensions of economy and living are a best reading of incomplete sources (est.).
"""

DIMENSIONS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "GOV",
        "Smart Governance",
        "Smart Governance",
        [
            ("Pelayanan Publik", "Public service"),
            ("Manajemen Birokrasi", "Bureaucracy"),
            ("Kebijakan Publik", "Public policy"),
        ],
    ),
    (
        "BRD",
        "Smart Branding",
        "Smart Branding",
        [("Pariwisata", "Tourism"), ("Bisnis", "Business"), ("Wajah Kota", "City appearance")],
    ),
    (
        "ECO",
        "Smart Economy",
        "Smart Economy",
        [
            ("Industri", "Industry"),
            ("Kesejahteraan Rakyat", "Welfare"),
            ("Ekosistem Transaksi Keuangan", "Financial-transaction ecosystem"),
        ],
    ),
    (
        "LIV",
        "Smart Living",
        "Smart Living",
        [
            ("Kesehatan", "Health"),
            ("Transportasi", "Transport"),
            ("Lingkungan yang Harmonis", "Harmonised environment"),
        ],
    ),
    (
        "SOC",
        "Smart Society",
        "Smart Society",
        [
            ("Komunitas Masyarakat", "Community"),
            ("Ekosistem Belajar", "Learning ecosystem"),
            ("Keamanan", "Security"),
        ],
    ),
    (
        "ENV",
        "Smart Environment",
        "Smart Environment",
        [
            ("Proteksi Lingkungan", "Protection"),
            ("Pengelolaan Sampah", "Waste"),
            ("Pengelolaan Energi", "Energy"),
        ],
    ),
]
