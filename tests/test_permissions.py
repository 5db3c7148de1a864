import pytest

from kotacerdas.core.permissions import PERMISSIONS, ROLE_GRANTS, actor_for, can, readable_region_ids


def test_every_grant_is_a_known_permission():
    for perms in ROLE_GRANTS.values():
        assert perms <= set(PERMISSIONS)


def test_unknown_permission_is_a_programming_error(world):
    with pytest.raises(ValueError):
        can(world.users["ministry_admin"], "masterplan.fly")


def test_scopes(world):
    a, b = world.region_a.pk, world.region_b.pk
    u = world.users
    assert can(u["ministry_admin"], "masterplan.change", region_id=b)
    assert can(u["coordinator_a"], "masterplan.change", region_id=a)
    assert not can(u["coordinator_a"], "masterplan.change", region_id=b)
    assert can(u["officer_a"], "region.view_private", region_id=a)
    assert not can(u["officer_a"], "masterplan.change", region_id=a)
    assert can(u["officer_a"], "masterplan.change_own", agency_id=world.agency_a.pk)
    assert not can(u["officer_a"], "masterplan.change_own", agency_id=world.agency_a2.pk)
    assert can(u["pendamping"], "participation.change", region_id=a)
    assert not can(u["pendamping"], "participation.change", region_id=b)
    assert not can(u["assessor"], "region.view_private", region_id=a)
    assert not can(None, "region.view_private", region_id=a)


def test_readable_regions(world):
    u = world.users
    assert readable_region_ids(u["ministry_admin"]) is None
    assert readable_region_ids(u["coordinator_a"]) == {world.region_a.pk}
    assert readable_region_ids(u["officer_a"]) == {world.region_a.pk}
    assert readable_region_ids(u["assessor"]) == frozenset()


def test_actor_is_computed_once_per_user_object(world, django_assert_num_queries):
    user = world.users["coordinator_a"]
    actor_for(user)
    with django_assert_num_queries(0):
        actor_for(user)
        can(user, "masterplan.view", region_id=world.region_a.pk)
