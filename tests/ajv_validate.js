// A second JSON Schema implementation: ajv (Draft 2020-12, in its default strict mode,
// with ajv-formats), as editors and other tools check the published schema.
// Usage: node tests/ajv_validate.js SCHEMA.json DOC.json...
// Prints one JSON line per document, {"path", "valid", "errors"}, and exits 1 when any
// document is invalid. A pattern error reads as the schema's patternErrorMessage.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaPath, ...docPaths] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, verbose: true });
// The schema's keywords beyond JSON Schema: which vocabulary an enum's values come
// from, which key makes a list's entries unique, the schema's version and its renamed
// fields, and the messages editors
// (yaml-language-server) show. CONTRIBUTING.md documents the same registration.
ajv.addVocabulary(["x-vocabulary", "x-unique-key", "x-version", "x-renamed", "patternErrorMessage", "markdownDescription"]);
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let invalid = 0;
for (const path of docPaths) {
  const valid = validate(JSON.parse(fs.readFileSync(path, "utf8")));
  const errors = (validate.errors || []).map((e) =>
    `${e.instancePath || "/"}: ${(e.keyword === "pattern" && e.parentSchema.patternErrorMessage) || e.message}`);
  if (!valid) invalid += 1;
  console.log(JSON.stringify({ path, valid, errors }));
}
process.exitCode = invalid ? 1 : 0;
