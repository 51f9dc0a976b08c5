// The chat page. Report text is only ever put on the page with textContent (never
// innerHTML), so markup inside a report is shown as text and never runs.
"use strict";

const state = {
  history: [],
  key: sessionStorage.getItem("qa-api-key") || "",
  docs: new Map(), // report id -> its /v1/documents summary
  names: new Map(), // report id -> the name the page shows ("Barnet 2024")
  choices: new Map(), // the picker's option values -> report id
  waiting: false, // polling /readyz while the index loads
};
const $ = (id) => document.getElementById(id);
const ALL_REPORTS = "All reports";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (options.body) headers["Content-Type"] = "application/json";
  if (state.key) headers["X-API-Key"] = state.key;
  const response = await fetch(path, { ...options, headers });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (response.status === 401) $("key-panel").hidden = false;
  if (!response.ok) {
    const message = body?.error?.message || `request failed (${response.status})`;
    throw Object.assign(new Error(message), { status: response.status });
  }
  return body;
}

function setStatus(message, isError = false) {
  $("status").textContent = message;
  $("status").classList.toggle("error", isError);
}

// "Text with text[start:end] highlighted": three text nodes, the middle one in <mark>.
function marked(text, start, end) {
  const container = el("span");
  if (start === null || start < 0 || end <= start || end > text.length) {
    container.textContent = text;
    return container;
  }
  container.append(document.createTextNode(text.slice(0, start)));
  container.append(el("mark", { text: text.slice(start, end) }));
  container.append(document.createTextNode(text.slice(end)));
  return container;
}

// The first occurrence of span highlighted (for the answer span, which has no offsets).
function highlighted(text, span) {
  const at = span ? text.indexOf(span) : -1;
  return at < 0 ? marked(text, null, null) : marked(text, at, at + span.length);
}

// A citation's quote inside its unit's text: by the server's offsets when it sent them
// (exact, even when the quote occurs twice), else by searching for the quote. The offsets
// count code points (Python's str); JavaScript strings index UTF-16 units, so they are
// converted (the two differ only after a character outside the Basic Multilingual Plane).
function quoted(text, citation) {
  if (!citation) return marked(text, null, null);
  const { char_start: start, char_end: end } = citation;
  if (Number.isInteger(start) && Number.isInteger(end)) {
    const points = Array.from(text);
    const from = points.slice(0, start).join("").length;
    const to = from + points.slice(start, end).join("").length;
    if (text.slice(from, to) === citation.quote) return marked(text, from, to);
  }
  return highlighted(text, citation.quote);
}

function shortSection(section) {
  return section ? section.split(" > ").pop() : null;
}

// -- Reports and their names ----------------------------------------------------------

// The year of a report: the front page's, else the last year its inspection dates (or
// its publication date) name.
function yearOf(doc) {
  if (!doc) return null;
  if (doc.year) return doc.year;
  for (const text of [doc.inspection_dates, doc.published]) {
    const years = String(text || "").match(/\b(?:19|20)\d{2}\b/g);
    if (years) return Number(years[years.length - 1]);
  }
  return null;
}

// The council of a report: the front page's, else the place that ends an Ofsted title
// ("Inspection of safeguarding and looked after children services Lancashire").
function councilOf(doc) {
  if (!doc) return null;
  if (doc.council) return doc.council;
  const match = /\bservices(?:\s+(?:in|for|of))?\s+([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,4})\s*$/
    .exec(doc.title || "");
  return match ? match[1] : null;
}

function shortened(text, most = 40) {
  return text.length <= most ? text : `${text.slice(0, most - 1).trimEnd()}…`;
}

// "Barnet 2024"; a report without a council is named by its title, then by its id.
function baseName(doc) {
  const council = councilOf(doc);
  const year = yearOf(doc);
  if (council) return year ? `${council} ${year}` : council;
  if (doc.title) return year && !doc.title.includes(String(year)) ? `${shortened(doc.title)} ${year}` : shortened(doc.title);
  return doc.id;
}

// Names for every report, made unique (two reports of one council in one year are told
// apart by their inspection type, else by their id).
function nameReports(docs) {
  const names = new Map(docs.map((doc) => [doc.id, baseName(doc)]));
  const counts = new Map();
  for (const name of names.values()) counts.set(name, (counts.get(name) || 0) + 1);
  for (const doc of docs) {
    const name = names.get(doc.id);
    if (counts.get(name) > 1) names.set(doc.id, `${name} (${doc.inspection_type || doc.id})`);
  }
  for (const doc of docs) { // an inspection type shared too: the id settles it
    const name = names.get(doc.id);
    if ([...names.values()].filter((n) => n === name).length > 1) names.set(doc.id, `${baseName(doc)} (${doc.id})`);
  }
  return names;
}

function docName(id) {
  return state.names.get(id) || id;
}

// -- Citations ------------------------------------------------------------------------

function chipLabel(item) {
  const parts = [docName(item.doc), item.label, shortSection(item.section), item.grade,
    item.page ? `p. ${item.page}` : null];
  return parts.filter(Boolean).join(" · ");
}

// A chip opening item's unit in context; citation (or null) says what to highlight there.
function chip(item, citation) {
  const button = el("button", {
    type: "button", class: "chip", text: chipLabel(item),
    "aria-label": `Open ${chipLabel(item)} in context`,
  });
  const title = state.docs.get(item.doc)?.title;
  if (title) button.title = title;
  button.addEventListener("click", () => openParagraph(item, citation));
  return button;
}

function possessive(name) {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}

function listed(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

// "From Barnet’s 2024 report": which reports answered, when the question named a
// council (or the picker chose a report). A council without a report: the server's
// message, unless the answer already is that message.
function routeLine(answer) {
  const route = answer.route;
  if (!route) return null;
  let text = null;
  if (route.missing) {
    if (route.missing.trim() !== answer.answer.trim()) text = route.missing;
  } else if (route.council && route.docs.length) {
    const years = [...new Set(route.docs.map((id) => yearOf(state.docs.get(id))).filter(Boolean))];
    const reports = route.docs.length > 1 ? "reports" : "report";
    text = `From ${possessive(route.council)} ${years.length ? `${listed(years.map(String))} ` : ""}${reports}`;
  } else if (route.docs.length === 1) {
    text = `From ${docName(route.docs[0])}`;
  }
  return text ? el("p", { class: "route", text }) : null;
}

function renderAnswer(answer) {
  const turn = el("article", { class: "turn answer-turn", "aria-label": "Answer" });
  if (answer.interpreted_as) {
    turn.append(el("p", { class: "interpreted", text: `Answered as: ${answer.interpreted_as}` }));
  }
  if (answer.abstained) {
    turn.classList.add("abstained");
    turn.append(el("p", { class: "answer", text: answer.answer }));
    turn.append(routeLine(answer) || "");
    if (answer.passages.length) {
      turn.append(el("p", { class: "meta", text: "The closest paragraphs, to read for yourself:" }));
      const chips = el("div", { class: "chips" });
      for (const passage of answer.passages.slice(0, 3)) chips.append(chip(passage, null));
      turn.append(chips);
    }
  } else {
    const text = el("p", { class: "answer" });
    text.append(highlighted(answer.answer, answer.answer_span));
    turn.append(text);
    turn.append(routeLine(answer) || "");
    turn.append(el("p", { class: "confidence", text: `Confidence ${answer.confidence.toFixed(2)}` }));
    const chips = el("div", { class: "chips", "aria-label": "Citations" });
    for (const citation of answer.citations) chips.append(chip(citation, citation));
    turn.append(chips);
  }
  turn.append(feedbackControls(answer));
  return turn;
}

function feedbackControls(answer) {
  const box = el("div", { class: "feedback" });
  const helpful = el("button", { type: "button", text: "Helpful" });
  const wrong = el("button", { type: "button", text: "Wrong" });
  box.append(el("span", { text: "Was this right?" }), helpful, wrong);
  const send = async (isHelpful, rightParagraph) => {
    await api("/v1/feedback", {
      method: "POST",
      body: JSON.stringify({
        question: answer.question, answer: answer.answer, answer_span: answer.answer_span,
        abstained: answer.abstained, helpful: isHelpful,
        doc: answer.citations[0]?.doc ?? null,
        cited: answer.citations.map((c) => c.paragraph).filter((p) => p !== null),
        right_paragraph: rightParagraph,
      }),
    });
    box.replaceChildren(el("span", { text: "Thank you: your feedback was saved." }));
  };
  helpful.addEventListener("click", () => send(true, null).catch((e) => setStatus(e.message, true)));
  wrong.addEventListener("click", () => {
    const id = `right-${Math.random().toString(36).slice(2)}`;
    const input = el("input", { id, type: "number", min: "1", inputmode: "numeric" });
    const submit = el("button", { type: "button", text: "Send" });
    box.replaceChildren(el("label", { for: id, text: "Right paragraph (optional)" }), input, submit);
    input.focus();
    submit.addEventListener("click", () => {
      const value = input.value.trim() ? Number(input.value) : null;
      send(false, value).catch((e) => setStatus(e.message, true));
    });
  });
  return box;
}

async function ask(question, doc) {
  const conversation = $("conversation");
  conversation.append(el("div", { class: "turn user", text: question, "aria-label": "You asked" }));
  $("ask").disabled = true;
  setStatus("Looking in the reports…");
  try {
    const body = { question, history: state.history.map((q) => ({ question: q })) };
    if (doc) body.doc = doc; // "All reports" sends none: the server routes by council
    const answer = await api("/v1/ask", { method: "POST", body: JSON.stringify(body) });
    state.history.push(question);
    conversation.append(renderAnswer(answer));
    setStatus(`Answered in ${Math.round(answer.took_ms)} ms.`);
  } catch (error) {
    conversation.append(el("div", { class: "turn error", text: `Sorry: ${error.message}` }));
    setStatus(error.message, true);
    if (error.status === 503) waitUntilReady();
  } finally {
    $("ask").disabled = false;
    conversation.lastElementChild?.scrollIntoView({ block: "nearest" });
  }
}

function docPath(doc) {
  return doc.split("/").map(encodeURIComponent).join("/");
}

async function openParagraph(item, citation) {
  // By unit id ("p48", "b3", "frontmatter"): unambiguous, even where paragraph numbers
  // were generated for a document without its own numbering.
  const n = item.unit;
  let data;
  try {
    data = await api(`/v1/documents/${docPath(item.doc)}/paragraphs/${encodeURIComponent(n)}`);
  } catch (error) {
    setStatus(error.message, true);
    return;
  }
  const p = data.paragraph;
  $("paragraph-title").textContent = `${docName(p.doc)} · ${p.label}`;
  $("paragraph-meta").textContent = [state.docs.get(p.doc)?.title || p.doc, p.part, p.section,
    p.grade, p.page ? `p. ${p.page}` : null].filter(Boolean).join(" · ");
  const neighbour = (target, unit, word) => {
    target.replaceChildren();
    if (unit) target.append(el("span", { class: "label", text: `${word} ${unit.label}: ` }), unit.text);
  };
  neighbour($("paragraph-previous"), data.previous, "Before,");
  neighbour($("paragraph-next"), data.next, "After,");
  $("paragraph-text").replaceChildren(quoted(p.text, citation));
  const dialog = $("paragraph-dialog");
  if (!dialog.open) dialog.showModal();
  $("close-dialog").focus();
}

// -- The report picker ----------------------------------------------------------------

async function loadDocuments() {
  const chosen = resolvePick().doc; // kept across a reload of the list
  let docs;
  try {
    docs = await api("/v1/documents");
  } catch (error) {
    if (error.status === 503) waitUntilReady();
    else setStatus(error.message, true);
    return;
  }
  state.docs = new Map(docs.map((doc) => [doc.id, doc]));
  state.names = nameReports(docs);
  state.choices = new Map([...state.names].map(([id, name]) => [name, id]));
  const byName = [...docs].sort((a, b) =>
    (councilOf(a) || a.title || a.id).localeCompare(councilOf(b) || b.title || b.id)
    || (yearOf(b) || 0) - (yearOf(a) || 0));
  const options = byName.map((doc) => el("option", {
    value: state.names.get(doc.id),
    label: [doc.title, doc.inspection_dates].filter(Boolean).join(" · ") || doc.id,
  }));
  $("doc-options").replaceChildren(el("option", { value: ALL_REPORTS }), ...options);
  if (chosen && state.names.has(chosen)) $("doc").value = state.names.get(chosen);
  showPick();
}

// While the index loads the API answers 503: poll /readyz, then load the list again.
async function waitUntilReady() {
  if (state.waiting) return;
  state.waiting = true;
  setStatus("The reports are still loading; the page will be ready in a moment.");
  try {
    for (;;) {
      await sleep(2000);
      const response = await fetch("/readyz").catch(() => null);
      if (response?.ok) break;
      const body = await response?.json().catch(() => null);
      if (body?.status === "error") {
        setStatus(body.message || "The reports could not be loaded.", true);
        return;
      }
    }
    setStatus("The reports are loaded.");
  } finally {
    state.waiting = false;
  }
  await loadDocuments();
}

// The report the picker's text names: {doc: id} (null for all reports) or {error}. Typed
// words ("barnet 2024", "2012") pick the one report they all occur in.
function resolvePick() {
  const text = $("doc").value.trim();
  if (!text || text.toLowerCase() === ALL_REPORTS.toLowerCase()) return { doc: null };
  if (state.choices.has(text)) return { doc: state.choices.get(text) };
  if (state.docs.has(text)) return { doc: text };
  if (!state.docs.size) return { error: "The list of reports has not loaded yet." };
  const words = text.toLowerCase().split(/[\s,·]+/).filter(Boolean);
  const hits = [...state.docs.values()].filter((doc) => {
    const about = [docName(doc.id), doc.title, doc.id, doc.council, yearOf(doc), doc.inspection_type]
      .filter(Boolean).join(" ").toLowerCase();
    return words.every((word) => about.includes(word));
  });
  if (hits.length === 1) return { doc: hits[0].id };
  if (hits.length) return { error: `“${text}” matches ${hits.length} reports: choose one from the list.` };
  return { error: `No report matches “${text}”: choose one from the list, or All reports.` };
}

// Says under the picker what will be asked, or what is wrong with the text typed.
function showPick(final = false) {
  const input = $("doc");
  const pick = resolvePick();
  const help = $("doc-help");
  if (pick.error && final) {
    input.setCustomValidity(pick.error);
    input.setAttribute("aria-invalid", "true");
    help.textContent = pick.error;
    help.classList.add("error");
    return pick;
  }
  input.setCustomValidity("");
  input.removeAttribute("aria-invalid");
  help.classList.remove("error");
  if (pick.doc) {
    if (final) input.value = docName(pick.doc);
    const doc = state.docs.get(pick.doc);
    const about = [doc?.title, doc?.published ? `published ${doc.published}` : null].filter(Boolean).join(", ");
    help.textContent = `Questions go to ${docName(pick.doc)} only${about ? ` (${about})` : ""}.`;
  } else if (!pick.error) {
    help.textContent = "All reports: name a council in your question to pick its report, or "
      + "type a council or a year here (“Barnet”, “2024”) and choose one.";
  }
  return pick;
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question) return;
    const pick = showPick(true);
    if (pick.error) {
      $("doc").reportValidity();
      $("doc").focus();
      return;
    }
    $("question").value = "";
    ask(question, pick.doc);
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("new-conversation").addEventListener("click", () => {
    state.history = [];
    $("conversation").replaceChildren();
    setStatus("New conversation.");
    $("question").focus();
  });
  $("doc").addEventListener("input", () => showPick());
  $("doc").addEventListener("change", () => showPick(true));
  $("close-dialog").addEventListener("click", () => $("paragraph-dialog").close());
  $("save-key").addEventListener("click", () => {
    state.key = $("api-key").value.trim();
    sessionStorage.setItem("qa-api-key", state.key);
    $("key-panel").hidden = true;
    loadDocuments();
  });
  loadDocuments();
});
