// Runs the "Propose a case" form's checks and file writer (docs/javascripts/case-schema.js
// and case-rules.js) in node, as the page runs them, for tests/test_propose.py.
// stdin: [{"data": case, "ctx": context} | {"data": case, "comments": {...}, "yaml": true}]
// stdout: for each job, its problems [{field, code, message}] or its YAML text.
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const root = path.resolve(__dirname, "..");
const sandbox = {};
sandbox.self = sandbox;
vm.createContext(sandbox);
for (const name of ["case-schema.js", "case-rules.js"]) {
  const file = path.join(root, "docs", "javascripts", name);
  vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
}
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema", "case.schema.json"), "utf8"));
const rules = sandbox.casebookRules;
const jobs = JSON.parse(fs.readFileSync(0, "utf8"));
const out = jobs.map((job) =>
  job.yaml
    ? rules.toYaml(job.data, job.comments || {})
    : rules.problems(job.data, sandbox.casebookSchemaValidate, schema, job.ctx).map((p) => ({
        field: p.field,
        code: p.code,
        message: p.message,
      })),
);
process.stdout.write(JSON.stringify(out));
