"""Load the actor dictionaries once: country names, adjectives, capitals, IGOs, office holders.

Sources (formats in ``data/README.md``):
- pycountry: every ISO 3166-1 country's ``name``, ``common_name`` and
  ``official_name`` (names holding a comma, like "Korea, Republic of", are
  inverted forms nobody writes and are skipped);
- ``data/actors/countries.csv``: common names, adjectives, plural demonyms and
  seats of government (capitals and metonyms such as "Kremlin");
- ``data/igos.csv``: international organisations and their aliases;
- ``data/actors/persons.csv``: office holders with their country and tenure;
- ``data/actors/not_actors.txt``: phrases that contain a name but are no actor
  ("New Mexico", "Indian Ocean"); they win as longer matches and resolve to nothing.
Matching is case-sensitive: proper names are capitalised in news, and "us" is not the US.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
import yaml

from bilateral import vocab
from bilateral.triepattern import compile_phrases

KINDS = ("name", "adjective", "demonym", "capital", "igo", "person", "blocked")


@dataclass(frozen=True)
class Tenure:
    """One person holding one office for one state (or IGO) between two dates."""

    name: str
    code: str
    office: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """What an alias means: a code (None for blocked phrases) and the kind of name it is."""

    code: str | None
    kind: str
    tenures: tuple[Tenure, ...] = ()


# libyaml's parser when it is installed: the same data, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str):
    return yaml.load(text, Loader=_YAML_LOADER)


def _data_text(path: str) -> str:
    return resources.files("bilateral").joinpath(f"data/{path}").read_text(encoding="utf-8")


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


@cache
def roles() -> dict[str, frozenset[str]]:
    """The word lists of ``data/actors/roles.yaml`` as lower-case sets."""
    raw = read_yaml(_data_text("actors/roles.yaml"))
    return {key: frozenset(str(v).lower() for v in values) for key, values in raw.items()}


@cache
def referable_offices() -> frozenset[str]:
    """What "the ..." refers back to like a pronoun: office holders' titles and state bodies."""
    return roles()["titles"] | roles()["bodies"]


def _country_entries(add) -> None:
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                add(name.removeprefix("the "), Entry(country.alpha_3, "name"))
    for row in csv.DictReader(_data_text("actors/countries.csv").splitlines()):
        code = row["code"]
        for kind, column in (("name", "names"), ("adjective", "adjectives"),
                             ("demonym", "demonyms"), ("capital", "capitals")):
            for alias in _split(row[column]):
                add(alias, Entry(code, kind))


def _igo_entries(add) -> None:
    for igo in vocab.igos():
        kind = "igo" if igo.kind == "igo" else "name"
        for alias in (igo.name, *igo.aliases):
            add(alias, Entry(igo.code, kind))


@cache
def tenures() -> tuple[Tenure, ...]:
    rows = csv.DictReader(_data_text("actors/persons.csv").splitlines())
    return tuple(Tenure(r["name"], r["code"], r["office"], _date(r["start"]), _date(r["end"])) for r in rows)


def _person_entries(add) -> None:
    by_alias: dict[str, list[Tenure]] = {}
    rows = csv.DictReader(_data_text("actors/persons.csv").splitlines())
    for row, tenure in zip(rows, tenures(), strict=True):
        for alias in (row["name"], *_split(row["aliases"])):
            by_alias.setdefault(alias, []).append(tenure)
    for alias, found in by_alias.items():
        add(alias, Entry(None, "person", tuple(found)))


@cache
def entries() -> dict[str, Entry]:
    """alias -> Entry. Earlier sources win on a clash except that a longer, more specific source never
    loses to pycountry: curated rows come after pycountry and overwrite it."""
    table: dict[str, Entry] = {}

    def add(alias: str, entry: Entry) -> None:
        alias = alias.strip()
        old = table.get(alias)
        # "US" is both a name and an adjective of one state: keep it a name (it may then stand as a place).
        if alias and not (old and old.code == entry.code and old.kind == "name"):
            table[alias] = entry

    _country_entries(add)
    _igo_entries(add)
    _person_entries(add)
    for line in _data_text("actors/not_actors.txt").splitlines():
        if line.strip() and not line.startswith("#"):
            add(line.strip(), Entry(None, "blocked"))
    return table


@cache
def actor_regex() -> re.Pattern:
    return compile_phrases(entries())


@cache
def capital_codes() -> dict[str, str]:
    """Seat of government (as written) -> country code, for reading places as states."""
    return {alias: e.code for alias, e in entries().items() if e.kind == "capital" and e.code}


@cache
def country_names() -> dict[str, str]:
    """Every country name alias -> code (no adjectives): what may stand as a place."""
    return {alias: e.code for alias, e in entries().items() if e.kind == "name" and e.code}
