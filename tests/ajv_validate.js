// A second JSON Schema implementation for the tests: ajv (Draft 2020-12, strict mode,
// with ajv-formats), as editors and other tools would check the published schema.
// Usage: node tests/ajv_validate.js SCHEMA.json DOC.json...  Prints one JSON line per
// document: {"path": ..., "valid": true|false, "errors": [...]}.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaPath, ...docPaths] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true });   // strict mode, as ajv defaults to it
// The schema's keywords beyond JSON Schema: which vocabulary an enum's values come
// from, and the messages editors (yaml-language-server) show. CONTRIBUTING.md documents
// the same registration for anyone checking cases with ajv.
ajv.addVocabulary(["x-vocabulary", "patternErrorMessage", "markdownDescription"]);
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
for (const path of docPaths) {
  const valid = validate(JSON.parse(fs.readFileSync(path, "utf8")));
  const errors = (validate.errors || []).map((e) => `${e.instancePath} ${e.message}`);
  console.log(JSON.stringify({ path, valid, errors }));
}
