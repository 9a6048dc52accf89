// Runs yaml-language-server (the server behind VS Code's YAML extension) over YAML files
// with the project's .vscode/settings.json, as a contributor's editor does, and prints
// {file: [diagnostic, ...]} as JSON.
//   node tests/yaml_ls_check.js ROOT SETTINGS_JSON FILE...
// SETTINGS_JSON is the "yaml.*" settings, already read (comments removed) by the caller.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [root, settingsText, ...files] = process.argv.slice(2);
const flat = JSON.parse(settingsText);
const yamlSettings = {};
for (const [key, value] of Object.entries(flat)) {
  if (key.startsWith("yaml.")) yamlSettings[key.slice(5)] = value;
}
const server = spawn(process.execPath, [require.resolve("yaml-language-server/bin/yaml-language-server"), "--stdio"], {
  stdio: ["pipe", "pipe", "inherit"],
});

let nextId = 1;
const pending = new Map();
function send(message) {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

const uris = new Map(files.map((f) => [pathToFileURL(path.resolve(f)).href, f]));
const diagnostics = new Map();
let lastMessage = Date.now();

let buffer = Buffer.alloc(0);
server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString("utf8"));
    buffer = buffer.slice(end + 4 + length);
    handle(message);
  }
});

function handle(message) {
  lastMessage = Date.now();
  if (message.id !== undefined && message.method) {
    // A request from the server: the settings it asks for, or an empty answer.
    const result =
      message.method === "workspace/configuration"
        ? message.params.items.map((item) => (item.section === "yaml" ? yamlSettings : null))
        : null;
    send({ id: message.id, result });
  } else if (message.id !== undefined) {
    pending.get(message.id)?.(message.result);
  } else if (message.method === "textDocument/publishDiagnostics" && uris.has(message.params.uri)) {
    diagnostics.set(uris.get(message.params.uri), message.params.diagnostics);
  }
}

(async () => {
  const rootUri = pathToFileURL(path.resolve(root)).href;
  await request("initialize", {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: "casebook" }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  send({ method: "initialized", params: {} });
  send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: yamlSettings } } });
  for (const [uri, file] of uris) {
    send({
      method: "textDocument/didOpen",
      params: { textDocument: { uri, languageId: "yaml", version: 1, text: fs.readFileSync(file, "utf8") } },
    });
  }
  // Every file's diagnostics in, then two quiet seconds: the server sends again after
  // it has read a schema, so the last word for each file is the one kept.
  const started = Date.now();
  while (
    (diagnostics.size < uris.size || Date.now() - lastMessage < 2000) &&
    Date.now() - started < 120000
  ) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const out = {};
  for (const file of files) {
    out[file] = diagnostics.has(file)
      ? diagnostics.get(file).map((d) => ({ line: d.range.start.line + 1, message: d.message }))
      : [{ line: 0, message: "no diagnostics received from the server" }];
  }
  process.stdout.write(JSON.stringify(out));
  server.kill();
  process.exit(0);
})();
