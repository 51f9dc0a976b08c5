// The admin page: list the reports, upload one, follow its indexing, remove one. Text
// from the server goes on the page with textContent only (never innerHTML).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem("qa-admin-key") || "" };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function setStatus(message, isError = false) {
  $("status").textContent = message;
  $("status").classList.toggle("error", isError);
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (state.key) headers["X-API-Key"] = state.key;
  const response = await fetch(path, { ...options, headers });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    throw new Error(body?.error?.message || `request failed (${response.status})`);
  }
  return body;
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  return td;
}

async function listDocuments() {
  const docs = await api("/v1/documents");
  const rows = docs.map((doc) => {
    const tr = document.createElement("tr");
    tr.dataset.doc = doc.id;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${doc.id}`);
    remove.addEventListener("click", () => removeDocument(doc.id));
    const actions = document.createElement("td");
    actions.append(remove);
    tr.append(cell(doc.id), cell(doc.council), cell(doc.year), cell(doc.paragraphs), actions);
    return tr;
  });
  $("documents").tBodies[0].replaceChildren(...rows);
}

function showBuild(build) {
  let item = document.querySelector(`#builds li[data-build="${build.id}"]`);
  if (!item) {
    item = document.createElement("li");
    item.dataset.build = build.id;
    $("builds").prepend(item);
  }
  item.className = build.state;
  const verb = build.action === "delete" ? "Removing" : "Adding";
  const why = build.message ? `: ${build.message}` : "";
  item.textContent = `${verb} ${build.file}: ${build.state} (${build.stage})${why}`;
}

// Polls the build until it is done or failed, then refreshes the list.
async function follow(build) {
  showBuild(build);
  while (build.state === "queued" || build.state === "running") {
    await sleep(500);
    build = await api(`/v1/builds/${encodeURIComponent(build.id)}`);
    showBuild(build);
  }
  setStatus(build.state === "done" ? `${build.file}: indexed` : `${build.file}: ${build.message}`,
    build.state !== "done");
  await listDocuments();
}

async function upload(event) {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("file", file);
  setStatus(`Uploading ${file.name}…`);
  try {
    const change = await api("/v1/documents", { method: "POST", body: form });
    setStatus(`${file.name}: stored as ${change.document.id}; indexing…`);
    $("upload-form").reset();
    await follow(change.build);
  } catch (error) {
    setStatus(error.message, true);
  }
}

async function removeDocument(doc) {
  if (!window.confirm(`Remove ${doc} from the reports?`)) return;
  try {
    const change = await api(`/v1/documents/${encodeURIComponent(doc)}`, { method: "DELETE" });
    setStatus(`${doc}: removing…`);
    await follow(change.build);
  } catch (error) {
    setStatus(error.message, true);
  }
}

async function start() {
  $("key").value = state.key;
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.key = $("key").value.trim();
    sessionStorage.setItem("qa-admin-key", state.key);
    start().catch((error) => setStatus(error.message, true));
  });
  $("upload-form").addEventListener("submit", upload);
  try {
    await listDocuments();
    const builds = await api("/v1/builds");
    $("builds").replaceChildren();
    for (const build of builds.reverse()) showBuild(build);
    setStatus("");
  } catch (error) {
    setStatus(error.message, true);
  }
}

start();
