"""Official identifiers: the study's areas carry their GSS codes, with sources, and each
identifier on a page links to its register."""

from __future__ import annotations

import pytest

from conftest import ROOT, read_yaml
from site_build import article, page

# The GSS codes of the areas the study's cases name, as mySociety's "UK Local Authority
# Names and Codes" and David Kane's geo-lookups (both built from ONS releases) give them.
# An oracle written down here, independent of the case files.
GSS = {
    "Metropolitan Borough of Wigan": "E08000010",
    "Metropolitan Borough of Oldham": "E08000004",
    "Metropolitan Borough of Wirral": "E08000015",
    "City of Plymouth": "E06000026",
    "City of Bristol": "E06000023",
    "Coventry": "E08000026",
    "Renfrewshire": "S12000038",
    "Somerset": "E06000066",
    "Barnet": "E09000003",
    "Brent": "E09000005",
    "Camden": "E09000007",
    "Ealing": "E09000009",
    "Hammersmith & Fulham": "E09000013",
    "Harrow": "E09000015",
    "Kensington & Chelsea": "E09000020",
    "City of London": "E09000001",
    "City of Westminster": "E09000033",
    "Westminster": "E09000033",
}
SCHEMES = {t["id"]: t for t in read_yaml(ROOT / "study" / "identifier_schemes.yaml")["terms"]}


def _study_cases():
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        data = read_yaml(path)
        if "engagement" in data:  # the study engaged with it
            yield data


def test_every_area_of_the_study_cases_carries_its_gss_code_with_a_source():
    cases = list(_study_cases())
    assert cases
    for data in cases:
        sources = {s["id"]: s for s in data["sources"]}
        in_force = {i["of"]: i for i in data.get("identifiers", []) if i["scheme"] == "gss" and "until" not in i}
        for area in data["place"]["areas"]:
            assert area in in_force, (data["id"], area)
            assert in_force[area]["value"] == GSS[area], (data["id"], area)
            assert all(sources[s]["url"].startswith("https://") for s in in_force[area]["sources"])


def test_somerset_keeps_the_code_its_county_had_before_2023():
    somerset = read_yaml(ROOT / "cases" / "somerset-richmond-group.yaml")
    former = [i for i in somerset["identifiers"] if i.get("until")]
    assert [(i["of"], i["value"], i["until"]) for i in former] == [("Somerset", "E10000027", "2023-04-01")]


@pytest.mark.site
def test_each_identifier_on_a_case_page_links_to_its_register(site, raw_cases):
    seen = 0
    for case_id, data in raw_cases.items():
        body = article(page(site, f"cases/{case_id}"))
        links = {a.get("href"): a.get_text() for a in body.find_all("a")}
        owners = [data, *data.get("partners", [])]
        for i in (i for owner in owners for i in owner.get("identifiers", [])):
            url = SCHEMES[i["scheme"]]["url"].replace("{value}", i["value"])
            assert links.get(url) == i["value"], (case_id, i)
            seen += 1
    assert seen >= 18
