from .cases import Case, expect

CASES = [
    Case("regions:list", lambda w: "/wilayah/", expect(200)),
    Case("site:region", lambda w: "/wilayah/52.04/", expect(200), id="region A home (public part for all)"),
    Case("api:region-list", lambda w: "/api/v1/regions/?province=52", expect(200)),
    Case("api:region-detail", lambda w: "/api/v1/regions/52.04/", expect(200)),
]

CASES += [
    Case(
        "regions:search", lambda w: "/wilayah/cari/?q=Sumbawa", expect(200), id="region search box (public)"
    ),
]
