"""Places: gazetteer look-up with the curated list first and ambiguity left unresolved."""
from __future__ import annotations

from bilateral.places import locate


def test_capital_resolves_with_coordinates():
    place = locate("Baku")
    assert place.country == "AZE"
    assert 40 < place.latitude < 41 and 49 < place.longitude < 50


def test_city_from_the_gazetteer():
    assert locate("Peshawar").country == "PAK"


def test_curated_venue_below_the_gazetteer_cut_off():
    assert locate("Davos").country == "CHE"


def test_disputed_region_has_no_country():
    place = locate("Kashmir")
    assert place is not None and place.country is None


def test_country_name_is_a_place_without_coordinates():
    place = locate("Pakistan")
    assert place.country == "PAK" and place.latitude is None


def test_ambiguous_name_takes_the_hinted_country():
    assert locate("Hyderabad").country is None  # India and Pakistan both have one of similar size
    assert locate("Hyderabad", ["PAK"]).country == "PAK"


def test_unknown_name_is_none():
    assert locate("Xqzville") is None
