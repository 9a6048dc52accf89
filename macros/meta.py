"""What a page tells machines about itself, in its <head>: Open Graph and Twitter card
tags on every page, the Atom feed's address, Google Scholar's ``citation_*`` tags and
a schema.org description (JSON-LD) on each case page, and the schema.org ``Dataset``
on the Data page. This module gathers the values; html/head.html writes them,
escaped."""

from __future__ import annotations

from typing import Any

from . import urls
from .page_head import Head
from .dataset import AUTHOR, LICENCE, study_credit
from .model import Casebook
from .views.render import finished_part

SITE_NAME = "Collaboration Casebook"
FEED = "feed.xml"
# The downloads the Dataset lists: (path below the site, encoding format, name).
DOWNLOADS = (
    ("data/cases.json", "application/json", "All cases (JSON)"),
    ("data/cases.csv", "text/csv", "All cases (CSV)"),
    ("data/links.csv", "text/csv", "Links between cases and the study's categories (CSV)"),
    ("data/facts.csv", "text/csv", "Public facts of the cases (CSV)"),
    ("data/partners.csv", "text/csv", "Partners of the cases (CSV)"),
    ("data/identifiers.csv", "text/csv", "Official identifiers of the cases, their areas and partners (CSV)"),
    ("data/datapackage.json", "application/json", "Frictionless Data Package"),
)


def _flat(value: Any) -> str:
    return " ".join(str(value).split())


def head_tags(casebook: Casebook, site_url: str, path: str, head: Head) -> str:
    """The tags for the page at ``path`` ('cases/wigan-council/'), from its own title
    and description (``head``, as the page's <head> gives them) and, for a case page or
    the Data page, from the data."""
    if not path.endswith("/") and path != "":
        return ""  # the 404 page, served at any missing address: nothing to describe
    site_url = site_url.rstrip("/") + "/"
    title = head.title if head.title is not None else SITE_NAME
    description = head.description or ""
    url = site_url + path
    case_id = path[len("cases/") : -1] if path.startswith("cases/") and path.count("/") == 2 else None
    is_case = case_id is not None and casebook.has_case(case_id)
    # The feed's link says "alternate feed", not "alternate" alone: the theme fetches
    # the sitemap for every link[rel=alternate] (it takes them for translations).
    properties = [
        ("og:site_name", SITE_NAME),
        ("og:title", title),
        ("og:type", "article" if is_case else "website"),
        ("og:url", url),
        ("og:locale", "en_GB"),
    ]
    names = [("twitter:card", "summary"), ("twitter:title", title)]
    if description:
        properties.append(("og:description", description))
        names.append(("twitter:description", description))
    records = []
    if is_case:
        case_names, case_properties, record = _case_tags(casebook, site_url, case_id, url)
        names += case_names
        properties += case_properties
        records.append(record)
    elif path == "data/":
        records.append(dataset(casebook, site_url))
    refresh = None
    former = casebook.former_entries
    if case_id in former:
        # A former address: kept out of search engines; a renamed case's sends the
        # reader on at once (an instant redirect, WCAG technique G110).
        names.append(("robots", "noindex"))
        if "moved_to" in former[case_id]:
            refresh = "0; url=" + urls.case_url(urls.base_for(path), former[case_id]["moved_to"])
            now = urls.case_url(site_url, former[case_id]["moved_to"])
            properties = [(k, now if k == "og:url" else v) for k, v in properties]
    return finished_part(
        "head.html",
        "tags",
        urls.base_for(path) + FEED,
        [(k, _flat(v)) for k, v in properties],
        [(k, _flat(v)) for k, v in names],
        records,
        refresh,
    )


def _case_tags(casebook: Casebook, site_url: str, case_id: str, url: str):
    """(citation_* names, article properties, schema.org record) of a case page."""
    case = casebook.case(case_id)
    edition = casebook.edition or {}
    reviewed = case["last_reviewed"]
    names = [
        ("citation_title", case.name),
        # "Family, Given" with no given name: Zotero's and Google Scholar's readers take a
        # name without a comma as "Given Family" and would file the group as a person
        # surnamed "contributors"; before the comma, the whole name is one family name.
        ("citation_author", AUTHOR + ","),
        ("citation_publication_date", reviewed.replace("-", "/")),
        ("citation_online_date", reviewed.replace("-", "/")),
        ("citation_publisher", SITE_NAME),
        ("citation_public_url", url),
        ("citation_abstract", case["summary"]),
        ("citation_language", "en"),
    ]
    if edition.get("doi"):
        names.append(("citation_doi", edition["doi"]))
    properties = [("article:modified_time", casebook.changed.get(case_id, reviewed))]
    about = {"@type": "Organization", "name": case.name, "areaServed": list(case["place"]["areas"])}
    if case.get("website"):
        about["url"] = case["website"]
    record = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": case.name,
        "description": _flat(case["summary"]),
        "url": url,
        "dateModified": casebook.changed.get(case_id, reviewed),
        "author": {"@type": "Organization", "name": AUTHOR},
        "publisher": {"@type": "Organization", "name": SITE_NAME, "url": site_url},
        "license": LICENCE["path"],
        "about": about,
        "isPartOf": {"@type": "Dataset", "name": SITE_NAME, "url": site_url + "data/"},
        "citation": [s["url"] for s in case["sources"]],
    }
    if case.get("engagement"):
        # A study case's page carries the study's findings and quotations: whose they are.
        record.update(_study_rights(casebook))
    if edition.get("version"):
        record["version"] = edition["version"]
    return names, properties, record


def _study_rights(casebook: Casebook) -> dict[str, Any]:
    """The schema.org fields that say a record holds the study's text, which CC BY 4.0
    does not cover: the study it is based on, both holders, the credit to give."""
    credit = study_credit(casebook.study)
    return {
        "isBasedOn": {
            "@type": "Report",
            "name": credit["title"],
            "url": credit["url"],
            "author": [{"@type": "Person", "name": n} for n in credit["authors"]],
            "publisher": {"@type": "Organization", "name": credit["holder"]},
            "datePublished": credit["year"],
        },
        "copyrightHolder": [
            {"@type": "Organization", "name": AUTHOR},
            {"@type": "Organization", "name": credit["holder"]},
        ],
        "creditText": f"{AUTHOR}, CC BY 4.0; the study's findings and quotations: {credit['text']}",
    }


def dataset(casebook: Casebook, site_url: str) -> dict[str, Any]:
    """The schema.org Dataset (Google Dataset Search reads it from the Data page)."""
    study = casebook.study
    edition = casebook.edition or {}
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": SITE_NAME,
        "description": (
            "Structured case studies of collaborative working between local government and the voluntary "
            f"sector in the UK: {len(casebook.cases)} cases, each fact with its source. It starts from the "
            f"collaborations in the study “{study['title']}” ({study['publisher']}) and grows by contribution."
        ),
        "url": site_url + "data/",
        "license": LICENCE["path"],
        "creator": {"@type": "Organization", "name": AUTHOR, "url": site_url},
        "isAccessibleForFree": True,
        "inLanguage": "en-GB",
        "spatialCoverage": {"@type": "Place", "name": "United Kingdom"},
        **_study_rights(casebook),  # the dataset holds the study's text
        "distribution": [
            {"@type": "DataDownload", "name": name, "encodingFormat": kind, "contentUrl": site_url + path}
            for path, kind, name in DOWNLOADS
        ],
    }
    if edition.get("version"):
        record["version"] = edition["version"]
    if edition.get("date"):
        record["datePublished"] = edition["date"]
    if edition.get("doi"):
        record["identifier"] = f"https://doi.org/{edition['doi']}"
    return record
