from .cases import LOGIN, Case, expect

CASES = [
    Case("accounts:login", lambda w: "/akun/masuk/", expect(302, anonymous=200)),
    Case("accounts:logout", lambda w: "/akun/keluar/", expect(302), method="post"),
    Case("accounts:password_reset", lambda w: "/akun/lupa-sandi/", expect(200)),
    Case("accounts:password_reset_done", lambda w: "/akun/lupa-sandi/terkirim/", expect(200)),
    Case("accounts:password_reset_confirm", lambda w: "/akun/atur-sandi/MQ/bad-token/", expect(200)),
    Case("accounts:password_reset_complete", lambda w: "/akun/atur-sandi/selesai/", expect(200)),
    Case("accounts:user_list", lambda w: "/akun/orang/", expect(403, ministry_admin=200, anonymous=LOGIN)),
    Case(
        "accounts:user_create",
        lambda w: "/akun/orang/baru/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"username": "baru", "full_name": "Orang Baru", "email": "", "position": ""},
    ),
    Case(
        "accounts:user_detail",
        lambda w: "/akun/orang/koord_b/",
        expect(403, ministry_admin=200, anonymous=LOGIN),
    ),
    Case(
        "accounts:membership_remove",
        lambda w: f"/akun/orang/koord_b/peran/{w.users['coordinator_b'].memberships.get().pk}/hapus/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
    ),
    Case("accounts:password_change", lambda w: "/akun/sandi/", expect(200, anonymous=LOGIN)),
    Case(
        "accounts:user_deactivate",
        lambda w: "/akun/orang/koord_b/nonaktifkan/",
        expect(403, ministry_admin=302, anonymous=LOGIN),
        method="post",
    ),
]

CASES += [
    Case(
        "accounts:agency_options",
        lambda w: "/akun/orang/baru/opd/?region=52.04",
        expect(403, ministry_admin=200, anonymous=LOGIN),
        id="agencies of the chosen region, for the membership form",
    ),
]
