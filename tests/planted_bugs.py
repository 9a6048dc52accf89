"""The planted bugs of the issue-28 review (and their equivalents after its changes),
each with the test that must catch it: tests/README.md lists them.

    .venv/bin/python tests/planted_bugs.py [WORDS ...]

plants each bug (or those whose label has one of WORDS) in this checkout, runs its
tests, and puts the file back; it prints "caught" or "MISSED" for each, and exits 1 if
any was missed. It refuses a file with uncommitted changes, so that nothing is lost.
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLANTS = [
    # (label, file, old, new, tests)
    (
        "finder.js writes values with innerHTML",
        "docs/javascripts/finder.js",
        "      else if (value) td.textContent = value;",
        "      else if (value) td.innerHTML = value;",
        ["tests/test_hardening.py::test_hostile_text_reaches_the_finder_and_search_results_as_text"],
    ),
    (
        "finder.js el() writes text as HTML",
        "docs/javascripts/finder.js",
        "    if (text !== undefined && text !== null) node.textContent = text;",
        "    if (text !== undefined && text !== null) node.innerHTML = text;",
        ["tests/test_hardening.py::test_hostile_text_reaches_the_finder_and_search_results_as_text"],
    ),
    (
        "search.js el() writes text as HTML",
        "docs/javascripts/search.js",
        "      if (text !== undefined) node.textContent = text;",
        "      if (text !== undefined) node.innerHTML = text;",
        ["tests/test_hardening.py::test_hostile_text_reaches_the_finder_and_search_results_as_text"],
    ),
    (
        "search weights flattened",
        "docs/javascripts/search.js",
        "return sum + (w.balanced_score || 0);",
        "return sum + 0 * (w.balanced_score || 0);",
        ["tests/test_browser.py::test_a_results_sections_are_those_where_pagefind_weighs_the_words_most"],
    ),
    (
        "search index leaves out list items (the last words of a page: every list item, facts among them)",
        "macros/search.py",
        '".cb-boilerplate, .cb-refs,',
        '"ul li, .cb-boilerplate, .cb-refs,',
        ["tests/test_site.py::test_what_search_indexes_is_the_text_a_reader_sees"],
    ),
    (
        "related cases capped at 6",
        "macros/views/related.py",
        "MAX_RELATED = 5",
        "MAX_RELATED = 6",
        ["tests/test_views.py::test_related_cases_and_neighbours_follow_the_rule_written_in_the_test"],
    ),
    (
        "same-model weight of related cases 0",
        "macros/views/related.py",
        "score = 4 * same",
        "score = 0 * same",
        ["tests/test_views.py::test_related_cases_and_neighbours_follow_the_rule_written_in_the_test"],
    ),
    (
        "year_started and year_ended swapped in cases.csv",
        "macros/dataset.py",
        'Column("year_started", "started.year", type="integer"),\n'
        '    Column("year_ended", "ended.year", type="integer"),',
        'Column("year_started", "ended.year", type="integer"),\n'
        '    Column("year_ended", "started.year", type="integer"),',
        ["tests/test_export.py::test_the_csv_and_json_hold_each_case_files_values"],
    ),
    (
        "a wrong path in the CSV column table",
        "macros/dataset.py",
        'Column("successor", "successor.name"),',
        'Column("successor", "successor.text"),',
        ["tests/test_export.py::test_the_csv_and_json_hold_each_case_files_values"],
    ),
    (
        "a wrong year in the RIS record",
        "macros/citation.py",
        'f"PY  - {reviewed[:4]}",',
        'f"PY  - {int(reviewed[:4]) - 1}",',
        ["tests/test_discovery.py::test_every_case_page_carries_citation_and_open_graph_tags_and_an_ris_file"],
    ),
    (
        "a wrong year in the BibTeX",
        "macros/views/cite.py",
        'f"  year = {{{reviewed[:4]}}},",',
        'f"  year = {{{int(reviewed[:4]) - 1}}},",',
        ["tests/test_discovery.py::test_every_case_page_carries_citation_and_open_graph_tags_and_an_ris_file"],
    ),
    (
        "the study's region-to-nation check removed",
        "macros/loader.py",
        '        refer(docs["regions"], ("terms", index, "nation"), term["nation"], "nations")',
        "        pass",
        ["tests/test_casebook.py::test_a_region_in_no_nation_of_the_vocabulary_is_refused"],
    ),
    (
        "autoescaping off in the views' templates",
        "macros/views/render.py",
        "autoescape=True,",
        "autoescape=False,",
        ["tests/test_views.py::test_case_text_is_escaped_never_markup"],
    ),
    (
        "the CSV formula guard removed",
        "macros/dataset.py",
        """    return "'" + text if text.startswith(FORMULA_START) else text""",
        "    return text",
        ["tests/test_export.py::test_csv_guards_formulas_and_lists_cannot_hold_the_joiner"],
    ),
    (
        "the preview's HTML escaping removed",
        "macros/views/preview.py",
        'text.replace("&", "&amp;").replace("<", "&lt;"))',
        "text)",
        ["tests/test_preview.py::test_hostile_text_stays_text_in_its_table"],
    ),
    (
        "the feed's XML guard removed",
        "macros/characters.py",
        """    return _NOT_XML.sub("\\ufffd", text)""",
        "    return text",
        ["tests/test_feed.py"],
    ),
    (
        "JSON-LD written without tojson's escaping",
        "macros/html/head.html",
        "{{ record|tojson }}",
        "{{ record|tojson|replace('\\\\u003c', '<')|safe }}",
        ["tests/test_hardening.py::test_hostile_text_is_inert_on_its_page"],
    ),
    (
        "the basis labels swapped (whose reading a link is)",
        "macros/views/cases.py",
        'return {"id": entry["basis"], "label": casebook.vocab("bases")[entry["basis"]].label}',
        'return {"id": entry["basis"], "label": '
        '[t.label for t in casebook.vocab("bases") if t.id != entry["basis"]][0]}',
        ["tests/test_site.py::test_each_link_to_a_study_category_says_whose_reading_it_is"],
    ),
    (
        "the CSP allows any inline script",
        "macros/security.py",
        """        scripts = " ".join(["script-src 'self'", *wasm, *inline_script_hashes(html)])""",
        """        scripts = " ".join(["script-src 'self' 'unsafe-inline'", *wasm])""",
        ["tests/test_hardening.py::test_every_page_carries_a_csp_that_allows_only_its_own_scripts"],
    ),
    # Found after the review: by the mutation run, and by a reader's trial of search.
    (
        "a search of several words drops a word no page has",
        "docs/javascripts/search.js",
        "      return pagefind.search(missing.length ? missing[0] : query, options);",
        "      return pagefind.search(query, options);",
        ["tests/test_search.py::test_a_word_no_page_has_leaves_a_search_of_several_words_empty[10-cases]"],
    ),
    (
        "the reason a related case gives starts in lower case",
        "macros/views/related.py",
        "    return why[:1].upper() + why[1:]",
        "    return why[:1].lower() + why[1:]",
        ["tests/test_views.py::test_related_cases_and_neighbours_follow_the_rule_written_in_the_test"],
    ),
    (
        "the feed's link to itself without its type",
        "macros/export.py",
        'add(feed, "link", rel="self", type="application/atom+xml", href=f"{site_url}feed.xml")',
        'add(feed, "link", rel="self", href=f"{site_url}feed.xml")',
        ["tests/test_feed.py::test_the_feed_has_what_atom_requires_with_each_case_files_values"],
    ),
    (
        "a list of numbers the schema adds typed as a number in the Table Schema",
        "macros/dataset.py",
        'joiner="; " if items is not None else "", type="string" if items else kind,',
        'joiner="; " if items is not None else "", type=kind,',
        ["tests/test_export.py::test_fields_the_schema_adds_reach_the_csv_and_its_table_schema_from_the_schema"],
    ),
]
only = sys.argv[1:]
missed = 0
for label, rel, old, new, tests in PLANTS:
    if only and not any(o in label for o in only):
        continue
    path = ROOT / rel
    dirty = subprocess.run(["git", "status", "--porcelain", "--", rel], cwd=ROOT, capture_output=True, text=True)
    if dirty.stdout.strip():
        sys.exit(f"{rel} has uncommitted changes: commit or stash them first")
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (label, text.count(old))
    try:
        path.write_text(text.replace(old, new), encoding="utf-8")
        r = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        path.write_text(text, encoding="utf-8")
    last = (r.stdout.strip().splitlines() or ["?"])[-1]
    caught = r.returncode == 1 and " failed" in last
    missed += not caught
    print("caught" if caught else "MISSED", "|", label, "|", last, flush=True)
sys.exit(1 if missed else 0)
