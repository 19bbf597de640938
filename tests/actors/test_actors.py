"""Actor resolver: one test per rule of the dictionaries (names, adjectives, seats, IGOs, people, blocks)."""
from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

import pytest

from bilateral import vocab
from bilateral.actors import find_mentions, person_code, with_surnames, without_national_bodies


def codes(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.code) for m in find_mentions(text) if not m.blocked]


@pytest.mark.parametrize(("text", "expected"), [
    ("Talks between Chile and Argentina", [("Chile", "CHL"), ("Argentina", "ARG")]),
    ("Türkiye and Turkey are one state", [("Türkiye", "TUR"), ("Turkey", "TUR")]),
    ("the Islamic Republic of Iran", [("Islamic Republic of Iran", "IRN")]),
    ("South Korea, not North Korea", [("South Korea", "KOR"), ("North Korea", "PRK")]),
    ("U.S. and UK officials", [("U.S.", "USA"), ("UK", "GBR")]),
])
def test_country_names_resolve(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("an Azerbaijani delegation", "AZE"),
    ("Pakistani troops", "PAK"),
    ("Turkish officials", "TUR"),
    ("British diplomats", "GBR"),
    ("Kazakhs voted", "KAZ"),
])
def test_adjectives_and_demonyms_resolve(text, code):
    assert [c for _, c in codes(text)] == [code]


@pytest.mark.parametrize(("text", "code"), [
    ("Islamabad said", "PAK"), ("Baku replied", "AZE"), ("Ankara warned", "TUR"),
    ("New Delhi protested", "IND"), ("Washington imposed", "USA"), ("the Kremlin said", "RUS"),
])
def test_seats_of_government_stand_for_the_state(text, code):
    assert [c for _, c in codes(text)] == [code]


@pytest.mark.parametrize(("text", "code"), [
    ("the UN Security Council met", "UNO"), ("the OIC Contact Group", "OIC"), ("NATO allies", "NATO"),
    ("the European Union said", "EU"), ("the ECO summit", "ECO"), ("the SCO members", "SCO"),
])
def test_international_organisations_use_declared_codes(text, code):
    assert [c for _, c in codes(text)] == [code]
    assert code in vocab.country_codes()


@pytest.mark.parametrize("text", [
    "Officials in Tirana met",  # Tirana holds "Iran"
    "a senator from Indiana",  # Indiana holds "India"
    "the governor of New Mexico",  # blocked phrase, not Mexico
    "ships in the Indian Ocean",  # blocked phrase, not India
    "let us talk",  # lower-case "us" is no country
])
def test_no_country_inside_other_words(text):
    assert all(code not in ("IRN", "IND", "MEX", "USA") for _, code in codes(text))


def test_tirana_is_albania_not_iran():
    assert codes("Officials in Tirana met") == [("Tirana", "ALB")]


def test_person_resolves_by_tenure():
    [guterres] = [m for m in find_mentions("Antonio Guterres spoke") if m.kind == "person"]
    assert person_code(guterres.tenures, dt.date(2000, 6, 1), None) == "PRT"  # Portugal's prime minister then
    assert person_code(guterres.tenures, dt.date(2020, 6, 1), None) == "UNO"  # Secretary-General then


def test_person_without_date_uses_publication_then_unique_mapping():
    [guterres] = [m for m in find_mentions("Guterres spoke") if m.kind == "person"]
    assert person_code(guterres.tenures, None, dt.date(2021, 1, 1)) == "UNO"
    assert person_code(guterres.tenures, None, None) is None  # two countries and nothing to choose by
    [aliyev] = [m for m in find_mentions("President Ilham Aliyev said") if m.kind == "person"]
    assert person_code(aliyev.tenures, None, None) == "AZE"  # one country whatever the date


def test_surname_alone_resolves():
    [erdogan] = [m for m in find_mentions("Erdogan said") if m.kind == "person"]
    assert person_code(erdogan.tenures, dt.date(2021, 1, 1), None) == "TUR"


def _surnames(text: str) -> list[tuple[str, str | None]]:
    found = with_surnames(text, find_mentions(text))
    return [(m.text, person_code(m.tenures, None, dt.date(2024, 11, 12))) for m in found if m.kind == "person"]


def test_a_surname_after_the_full_name_is_that_person():
    assert _surnames("Shehbaz Sharif visited Baku. Sharif met Aliyev. Prime Minister Sharif's office said so.") == [
        ("Shehbaz Sharif", "PAK"), ("Sharif", "PAK"), ("Aliyev", "AZE"), ("Sharif", "PAK")]
    # Not before the full name, not inside another name, not when two persons named share it.
    assert _surnames("Sharif spoke. Shehbaz Sharif visited Baku. The Sharif Trust and Nadia Sharif met.") == [
        ("Shehbaz Sharif", "PAK")]
    assert _surnames("Shehbaz Sharif met Nawaz Sharif. Sharif said so.") == [
        ("Shehbaz Sharif", "PAK"), ("Nawaz Sharif", "PAK")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Armenia's Security Council Secretary spoke.", [("Armenia", "ARM")]),  # a state's own body
    ("Pakistan's UN envoy spoke.", [("Pakistan", "PAK")]),
    ("Turkey's NATO\nallies spoke.", [("Turkey", "TUR"), ("NATO", "NATO")]),  # the other members
    ("Armenia and the UN Security Council spoke.", [("Armenia", "ARM"), ("UN Security Council", "UNO")]),
])
def test_an_organisation_name_a_state_owns_is_that_states_body(text, expected):
    found = without_national_bodies(text, find_mentions(text))
    assert [(m.text, m.code) for m in found] == expected


def _rows(path: str) -> list[dict]:
    text = resources.files("bilateral").joinpath(f"data/{path}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.mark.parametrize("path", ["actors/countries.csv", "actors/persons.csv", "igos.csv"])
def test_every_dictionary_code_is_allowed_in_the_tables(path):
    allowed = vocab.country_codes()
    assert {row["code"] for row in _rows(path)} <= allowed


def test_igos_file_keeps_its_columns():
    assert list(_rows("igos.csv")[0]) == ["code", "name", "aliases", "kind"]


def test_tenures_are_ordered():
    for row in _rows("actors/persons.csv"):
        if row["start"] and row["end"]:
            assert row["start"] <= row["end"], row["name"]


@pytest.mark.parametrize("path", ["actors/roles.yaml", "triggers/words.yaml", "triggers/irregular_verbs.yaml"])
def test_word_lists_have_no_duplicate_keys(path):
    import yaml  # noqa: PLC0415

    class StrictLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        assert len(keys) == len(set(keys)), f"{path}: a key is given twice"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    text = resources.files("bilateral").joinpath(f"data/{path}").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=StrictLoader)  # noqa: S506  (a SafeLoader subclass)
    assert all(isinstance(v, (list, dict)) for v in data.values())


@pytest.mark.parametrize(("text", "code"), [
    ("the UNHCR said", "UNO"), ("the World Food Programme delivered", "UNO"), ("UNMOGIP observers", "UNO"),
    ("the International Labour Organization", "UNO"),
])
def test_un_agencies_act_for_the_un(text, code):
    assert [c for _, c in codes(text)] == [code]


@pytest.mark.parametrize(("name", "day", "code"), [
    ("Amir Khan Muttaqi", dt.date(2023, 5, 6), "AFG"),
    ("Artur Rasizade", dt.date(2010, 1, 1), "AZE"),
    ("Hina Rabbani Khar", dt.date(2012, 3, 1), "PAK"),
    ("Mikhail Mishustin", dt.date(2022, 1, 1), "RUS"),
    ("Zohrab Mnatsakanyan", dt.date(2019, 1, 1), "ARM"),
    ("Rashid Meredov", dt.date(2015, 1, 1), "TKM"),
    ("Irakli Kobakhidze", dt.date(2024, 6, 1), "GEO"),
])
def test_regional_office_holders_resolve(name, day, code):
    [mention] = [m for m in find_mentions(f"{name} said") if not m.blocked]
    assert person_code(mention.tenures, day, None) == code
