"""Synthetic cases for benchmarks and scale tests, never for the real casebook.

``synthetic_cases(casebook, count, seed)`` returns (id, YAML text) pairs: valid,
varied cases that use every model, funding type, driver and partner type, with text
of realistic length. Ids start with ``synthetic-``, which no real case may use (the
CLI refuses to write into the project's own cases/ folder).
"""

from __future__ import annotations

import datetime as dt
import random

import yaml

from .model import Casebook

PREFIX = "synthetic-"
_WORDS = (
    "partnership council community voluntary sector residents outcomes services local "
    "place funding trust leadership data learning families children health care housing "
    "youth network programme alliance commissioning evidence support review board "
    "neighbourhood wellbeing prevention early action shared purpose co-production"
).split()
_PLACES = (
    "Northam",
    "Eastbury",
    "Westford",
    "Southwick",
    "Midholme",
    "Ashcombe",
    "Brookfield",
    "Clayworth",
    "Dunmere",
    "Fairhaven",
    "Glenmoor",
    "Harrowfield",
    "Kingsmead",
    "Longbridge",
)
_KINDS = ("Partnership", "Alliance", "Council", "Foundation", "Zone", "Network", "Collaborative", "Trust")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(low, high)))


def synthetic_case(casebook: Casebook, number: int, rng: random.Random) -> dict:
    vocab = casebook.vocab
    case_id = f"{PREFIX}{number:05d}"
    sources = [
        {
            "id": f"source-{i}",
            "title": _sentence(rng, rng.randint(4, 9))[:-1],
            "publisher": f"{rng.choice(_PLACES)} {rng.choice(_KINDS)}",
            "year": rng.randint(2010, 2026),
            "url": f"https://example.org/{case_id}/source-{i}",
        }
        for i in range(1, rng.randint(3, 8) + 1)
    ]
    refs = lambda: sorted(rng.sample([s["id"] for s in sources], rng.randint(1, min(2, len(sources)))))
    region = rng.choice(vocab("regions").terms)
    models = [*vocab("models").ids]
    funding_ids = [t.id for t in vocab("funding_types") if t.id != "none"]
    case: dict = {
        "id": case_id,
        "name": f"{rng.choice(_PLACES)} {rng.choice(_KINDS)} {number}",
        "summary": _text(rng, 1, 3),
        "organisation_type": rng.choice(vocab("organisation_types").ids),
        "website": f"https://example.org/{case_id}/",
        "place": {
            "areas": [f"{rng.choice(_PLACES)} District" for _ in range(rng.randint(1, 3))],
            "region": region.id,
            "nation": region["nation"],
            "sources": refs(),
        },
        "scope": _sentence(rng, rng.randint(3, 7))[:-1],
        "model": models[number % len(models)],
        "funding": ["none"] if number % 7 == 0 else sorted(rng.sample(funding_ids, rng.randint(1, 3))),
        "classification_sources": refs(),
        "partners": [
            {
                "name": f"{rng.choice(_PLACES)} {rng.choice(_KINDS)}",
                "type": rng.choice(vocab("partner_types").ids),
                "role": _sentence(rng, rng.randint(4, 10)),
                "sources": refs(),
            }
            for _ in range(rng.randint(2, 8))
        ],
        "drivers": [
            {
                "driver": d,
                "basis": "editors",
                "applies": rng.random() > 0.1,
                "note": _text(rng, 1, 2),
                "sources": refs(),
            }
            for d in rng.sample(vocab("drivers").ids, rng.randint(0, 5))
        ],
        "enablers": [
            {"enabler": e, "basis": "editors", "text": _text(rng, 1, 2), "sources": refs()}
            for e in rng.sample(vocab("enablers").ids, rng.randint(0, 2))
        ],
        "accountability": [
            {"point": p, "basis": "editors", "text": _text(rng, 1, 2), "sources": refs()}
            for p in rng.sample(vocab("accountability").ids, rng.randint(0, 2))
        ],
        "learning": [
            {"question": q, "basis": "editors", "text": _text(rng, 1, 2), "sources": refs()}
            for q in rng.sample(vocab("learning_questions").ids, rng.randint(0, 2))
        ],
        "facts": [
            {"topic": rng.choice(vocab("fact_topics").ids), "text": _text(rng, 1, 3), "sources": refs()}
            for _ in range(rng.randint(3, 10))
        ],
        "sources": sources,
        "last_reviewed": (dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))).isoformat(),
    }
    if rng.random() < 0.5:
        case["measurement"] = {
            "approach": rng.choice(vocab("measurement_approaches").ids),
            "basis": "editors",
            "highlights": [{"text": _sentence(rng, 8), "sources": refs()}],
            "sources": refs(),
        }
    if rng.random() < 0.3:
        case["quotes"] = [
            {
                "text": _text(rng, 1, 2)[:-1],
                "attribution": f"A director, {rng.choice(_PLACES)} Council",
                "sources": refs(),
            }
        ]
    return {k: v for k, v in case.items() if v != []}


def synthetic_cases(casebook: Casebook, count: int, seed: int = 0) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for number in range(1, count + 1):
        case = synthetic_case(casebook, number, rng)
        text = "# yaml-language-server: $schema=../schema/case.schema.json\n" + yaml.safe_dump(
            case, allow_unicode=True, sort_keys=False, width=100
        )
        out.append((case["id"], text))
    return out
