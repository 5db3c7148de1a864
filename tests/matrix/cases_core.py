from .cases import LOGIN, Case, expect


def _job(world):
    from kotacerdas.core.models import Job

    return Job.objects.create(kind="test", created_by=world.users["coordinator_a"])


CASES = [
    Case("site:home", lambda w: "/", expect(200, coordinator_a=302, officer_a=302, coordinator_b=302)),
    Case("core:health", lambda w: "/health/", expect(200)),
    Case(
        "core:audit_list",
        lambda w: "/jejak-audit/",
        expect(200, anonymous=LOGIN),
    ),
    Case(
        "core:job_detail",
        lambda w: f"/tugas/{_job(w).code}/",
        expect(404, ministry_admin=200, coordinator_a=200, anonymous=LOGIN),
    ),
    Case("api:schema", lambda w: "/api/v1/schema/", expect(200)),
    Case("api:docs", lambda w: "/api/v1/docs/", expect(200)),
    Case("api:api-root", lambda w: "/api/v1/", expect(200)),
    Case(
        "api:token",
        lambda w: "/api/v1/auth/token/",
        expect(400),
        method="post",
        data=lambda w: {"username": "nobody", "password": "wrong"},
    ),
]
