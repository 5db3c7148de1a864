import pytest

from kotacerdas.regions.models import Region
from kotacerdas.regions.services import format_code, level_for_code, regions_load


def test_format_and_level_rules():
    assert format_code("5204") == "52.04"
    assert format_code("52") == "52"
    assert level_for_code("52.04") == "kabupaten"
    assert level_for_code("52.71") == "kota"
    assert level_for_code("52") == "province"


@pytest.mark.django_db
def test_load_regions_counts_and_is_idempotent():
    first = regions_load()
    assert first.created > 0
    assert Region.objects.current().provinces().count() == 38
    assert Region.objects.current().kabupaten_kota().count() == 514
    sumbawa = Region.objects.get(code="52.04")
    assert (sumbawa.name, sumbawa.level, sumbawa.province.code) == ("Kabupaten Sumbawa", "kabupaten", "52")
    assert Region.objects.get(code="13.73").name == "Kota Sawahlunto"
    assert Region.objects.get(code="52.71").level == "kota"
    assert Region.objects.current().filter(province__code="52").count() == 10
    total = Region.objects.count()
    again = regions_load()
    assert again.created == 0 and again.updated == 0
    assert Region.objects.count() == total


@pytest.mark.django_db
def test_split_history_survives():
    regions_load()
    papua_selatan = Region.objects.get(code="93")
    assert papua_selatan.split_from.code == "91"
    merauke_old = Region.objects.get(code="91.01")
    assert not merauke_old.is_current
    assert merauke_old.replaced_by.code == "93.01"
    assert merauke_old not in Region.objects.current()
    # the retired code is still findable, so records made under it keep their region
    assert Region.objects.filter(code="91.01", valid_until__isnull=False).exists()
