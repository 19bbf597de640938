"""Controlled vocabularies shared by the schemas and the extractors.

Country codes come from pycountry (ISO 3166-1 alpha-3); IGO and territory codes
from ``data/igos.csv``. PLOVER types and modes follow PLOVER v0.8.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

FACTUALITY: tuple[str, ...] = ("asserted", "alleged", "denied", "planned", "hypothetical")
DATE_PRECISION: tuple[str, ...] = ("day", "month", "season", "quarter", "year", "decade", "century")
DATE_SOURCE: tuple[str, ...] = ("sentence", "context", "none")
PUBLISHED_DATE_SOURCE: tuple[str, ...] = ("header", "byline", "dateline", "body", "none")


@dataclass(frozen=True)
class Igo:
    code: str
    name: str
    aliases: tuple[str, ...]
    kind: str


@cache
def igos() -> tuple[Igo, ...]:
    text = resources.files("bilateral").joinpath("data/igos.csv").read_text(encoding="utf-8")
    return tuple(
        Igo(row["code"], row["name"], tuple(a for a in row["aliases"].split("|") if a), row["kind"])
        for row in csv.DictReader(text.splitlines())
    )


@cache
def country_codes() -> frozenset[str]:
    """Every code allowed in a country column: ISO 3166-1 alpha-3 plus the declared IGO list."""
    return frozenset(c.alpha_3 for c in pycountry.countries) | {i.code for i in igos()}
