"""The "Propose a case" page: the form (macros/views/form.py) and what its script needs to
check a case as `python -m macros validate` does and to hand the file to GitHub."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from . import form
from ..model import Casebook, thaw
from ..schema import entry_lists
from .render import part

# The site's addresses the script reads (from the page's depth) and the repository's files.
_PATHS = {"schema": "schema/case.schema.json", "index": "api/index.json", "cases": "api/cases/"}


def propose_context(casebook: Casebook, repo_url: str, template: str) -> dict:
    """What propose.js needs beside the schema: the validator's context (the study's
    address, the regions' nations, the lists with one entry per term, the vocabularies'
    names), the template's comments, and where the repository takes a file and an issue."""
    schema = thaw(casebook.case_schema)
    return {
        "study_url": casebook.study["url"],
        "region_nations": {t.id: t["nation"] for t in casebook.vocab("regions")},
        "unique_lists": [[e.field, e.key] for e in entry_lists(schema).values() if e.unique],
        "labels": {name: v.label for name, v in casebook.vocabularies.items()},
        "order": list(schema.get("properties", {})),
        "comments": form.template_comments(template),
        "repo": repo_url.rstrip("/"),
        "branch": "main",
        "issue_templates": {"propose": "propose-a-case.yml", "report": "report-an-error.yml"},
    }


def propose_form(casebook: Casebook, base: str, repo_url: str, template: str) -> str:
    # The fields templates/case.yaml starts a case with come first; the ones it leaves
    # as comments (dates, identifiers, the study's categories, quotes) behind "More fields".
    written = set(form.template_comments(template)) | set(casebook.case_schema.get("required", ()))
    fields = form.form_fields(thaw(casebook.case_schema), casebook.label)
    first = [f for f in fields if f.key in written]
    more = [f for f in fields if f.key not in written]
    context = json.dumps(propose_context(casebook, repo_url, template), ensure_ascii=False, separators=(",", ":"))
    repo = repo_url.rstrip("/")
    urls = {name: base + path for name, path in _PATHS.items()} | {
        "scripts": base + "javascripts/",
        "issue": f"{repo}/issues/new?" + urlencode({"template": "propose-a-case.yml"}),
        "template": f"{repo}/blob/main/templates/case.yaml",
    }
    return part("propose.html", "form", first, more, context, urls)
