"""The casebook as one immutable value: cases, vocabularies and study content.

Built by ``loader.load_casebook`` from validated files; the views, the exports and
the site read it and never change it. Case data is deep-frozen (mappings become
read-only, lists become tuples) so that no view can alter what another one sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Iterable, Mapping
from urllib.parse import quote

from .schema import EntryList, default, entry_lists

UNCLASSIFIED = "unclassified"


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """The plain JSON-ready form of frozen data."""
    kind = type(value)
    if kind is MappingProxyType or kind is dict:
        return {k: thaw(v) for k, v in value.items()}
    if kind is tuple or kind is list:
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    data: Mapping[str, Any] = field(repr=False)

    @property
    def description(self) -> str | None:
        return self.data.get("description")

    @property
    def caveat(self) -> str | None:
        return self.data.get("caveat")

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    label: str
    description: str
    terms: tuple[Term, ...]
    extra: tuple[Term, ...] = ()  # allowed in case files but not a term of its own, e.g. "unclassified"
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def _by_id(self) -> dict[str, Term]:
        return {t.id: t for t in (*self.terms, *self.extra)}

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def __getitem__(self, term_id: str) -> Term:
        try:
            return self._by_id[term_id]
        except KeyError:
            raise KeyError(f"{term_id!r} is not a term of the {self.name} vocabulary") from None

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._by_id

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)


@dataclass(frozen=True)
class Case:
    id: str
    data: Mapping[str, Any] = field(repr=False)
    source_file: str = ""  # the file as contributors see it, e.g. cases/wigan-council.yaml

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def model(self) -> str:
        return self.data["model"]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def funding(self) -> tuple[str, ...] | None:
        return self.data.get("funding")

    @property
    def partner_types(self) -> tuple[str, ...]:
        """Partner types named on the case, in first-mention order (derived, not stored)."""
        seen: dict[str, None] = {}
        for partner in self.data.get("partners", ()):
            if "type" in partner:
                seen.setdefault(partner["type"], None)
        return tuple(seen)

    @property
    def untyped_partners(self) -> int:
        """How many partners no cited source gives a type: the types above are not the whole list."""
        return sum(1 for partner in self.data.get("partners", ()) if "type" not in partner)

    def source(self, source_id: str) -> Mapping[str, Any]:
        for source in self.data["sources"]:
            if source["id"] == source_id:
                return source
        raise KeyError(f"case {self.id!r} has no source {source_id!r}")


@dataclass(frozen=True)
class Casebook:
    cases: tuple[Case, ...]
    vocabularies: Mapping[str, Vocabulary]
    study: Mapping[str, Any]  # study.yaml
    measurement: Mapping[str, Any]  # measurement.yaml
    case_schema: Mapping[str, Any] = field(default_factory=dict, repr=False)  # enums filled in
    example: Mapping[str, Any] = field(default_factory=dict, repr=False)  # templates/case.yaml
    # The dataset's edition (release.published, for each build): version, date, doi. Cited on every page.
    edition: Mapping[str, Any] = field(default_factory=dict, repr=False)
    # Warnings about valid files (problems.Notice): fields under a former name.
    notices: tuple = ()
    # Former ids (moved.yaml): {"moved": [{id, moved_to, date}], "removed": [{id, name, date, reason}]}.
    former: Mapping[str, Any] = field(default_factory=dict, repr=False)
    # Case id -> when its file last changed (history, via release.published): sitemap and feed dates.
    changed: Mapping[str, str] = field(default_factory=dict, repr=False)

    def vocab(self, name: str) -> Vocabulary:
        return self.vocabularies[name]

    @cached_property
    def former_entries(self) -> dict[str, Mapping[str, Any]]:
        """Former case id -> its moved.yaml entry (``moved_to``, or a removal's reason)."""
        return {e["id"]: e for kind in ("moved", "removed") for e in self.former.get(kind, ())}

    @cached_property
    def _by_id(self) -> dict[str, Case]:
        return {c.id: c for c in self.cases}

    def case(self, case_id: str) -> Case:
        try:
            return self._by_id[case_id]
        except KeyError:
            raise KeyError(f"no case with id {case_id!r}") from None

    def has_case(self, case_id: str) -> bool:
        return case_id in self._by_id

    def cases_where(self, field_name: str, term_id: str) -> tuple[Case, ...]:
        """Cases whose ``field_name`` equals or (for lists) contains ``term_id``."""
        return tuple(c for c in self.cases if _matches(c.get(field_name), term_id))

    @cached_property
    def entry_lists(self) -> dict[str, EntryList]:
        """The case's lists of entries keyed by a vocabulary term, from the schema."""
        return entry_lists(self.case_schema)

    def entries(self, case: Case, field_name: str, term_id: str) -> list[Mapping[str, Any]]:
        """The case's entries in list ``field_name`` about ``term_id``."""
        key = self.entry_lists[field_name].key
        return [e for e in case.get(field_name, ()) if e.get(key) == term_id]

    def cases_with_entry(self, field_name: str, term_id: str) -> tuple[Case, ...]:
        """Cases with an entry in list ``field_name`` about ``term_id``."""
        return tuple(c for c in self.cases if self.entries(c, field_name, term_id))

    @cached_property
    def _applies_default(self) -> bool:
        return default(self.case_schema, "drivers[].applies")

    def label(self, vocabulary: str, term_id: str) -> str:
        return self.vocabularies[vocabulary][term_id].label

    def identifier_url(self, scheme: str, value: str) -> str:
        """The register's page for an identifier."""
        return self.vocabularies["identifier_schemes"][scheme].data["url"].replace("{value}", quote(value, safe=""))

    def applies(self, entry: Mapping[str, Any]) -> bool:
        """Whether a driver entry shows the driver (the schema's default when unsaid)."""
        return entry.get("applies", self._applies_default)

    def driver_status(self, case: Case, driver_id: str) -> str:
        """'recorded', 'not-applicable' or 'not-recorded' for one of the study's drivers."""
        for entry in self.entries(case, "drivers", driver_id):
            return "recorded" if self.applies(entry) else "not-applicable"
        return "not-recorded"

    def drivers_recorded(self, case: Case) -> list[str]:
        """The drivers a source shows for the case, in the case's order."""
        return [e["driver"] for e in case.get("drivers", ()) if self.applies(e)]

    def cases_with_partner_type(self, type_id: str) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if type_id in c.partner_types)


def _matches(value: Any, term_id: str) -> bool:
    if isinstance(value, (tuple, list)):
        return term_id in value
    return value == term_id


def sorted_cases(cases: Iterable[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: c.name.casefold())
