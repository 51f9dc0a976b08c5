// The chat page. Report text is only ever put on the page with textContent (never
// innerHTML), so markup inside a report is shown as text and never runs.
//
// The conversation is a list of turns, each a question paired with its answer (or the
// error that stopped it); it is rendered from that list and kept in localStorage, so a
// reload or a second Enter never loses or detaches a question. One question is in
// flight at a time: while it is, another Enter is ignored and the question stays in the
// box until its answer arrives.
"use strict";

const STORE = "qa-conversation-v1";
const state = {
  turns: [], // {id, question, doc, status: "pending" | "answered" | "failed", answer, error, feedback}
  busy: false, // a question is in flight
  key: sessionStorage.getItem("qa-api-key") || "",
  docs: new Map(), // report id -> its /v1/documents summary
  names: new Map(), // report id -> the name the page shows ("Barnet 2024")
  choices: new Map(), // the picker's option values -> report id
  waiting: false, // polling /readyz while the index loads
  viewing: null, // the paragraph the dialog shows: {doc, unit, citation}
};
const $ = (id) => document.getElementById(id);
const ALL_REPORTS = "All reports";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Answers at or above this calibrated probability of being right read "Confident"; below
// it (but above the abstention threshold of qa/answering/calibration.json, 0.33), staff
// are asked to check the cited paragraph. 0.7 is a round cut chosen for the page, not
// fitted to the gold set: it has not been measured how often answers above it are right.
const CONFIDENT = 0.7;

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

// A failed request, in words staff can act on; `status` is the HTTP status (0: no answer
// from the server at all).
class RequestError extends Error {
  constructor(message, status, detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (options.body) headers["Content-Type"] = "application/json";
  const sentKey = Boolean(state.key);
  if (state.key) headers["X-API-Key"] = state.key;
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch {
    throw new RequestError("The server could not be reached. Check the connection, then retry.", 0);
  }
  if (options.raw && response.ok) return response;
  const body = response.headers.get("content-type")?.includes("json")
    ? await response.json().catch(() => null) : null;
  if (response.status === 401 || response.status === 403) askForKey(response.status, sentKey);
  if (!response.ok) {
    const detail = body?.error?.message || "";
    throw new RequestError(plainError(response.status, detail, sentKey), response.status, detail);
  }
  return body;
}

// The server's developer message turned into plain words ("the question is 167 tokens
// long; the limit is 128" -> "This question is too long ...").
function plainError(status, detail, sentKey) {
  const tokens = /is (\d+) tokens long; the limit is (\d+)/.exec(detail);
  if (tokens) {
    return `This question is too long for the search (${tokens[1]} word pieces; at most `
      + `${tokens[2]}). Shorten it, then ask again.`;
  }
  if (status === 401 && !sentKey) return "An API key is needed. Enter it in the box below, then retry.";
  if (status === 401 || status === 403) return "The API key was not accepted. Check it in the box below, then retry.";
  if (status === 413) return "This question is too long. Shorten it, then ask again.";
  if (status === 503) return "The reports are still loading. Retry in a moment.";
  if (status === 404 && detail) return `Not found: ${detail}.`;
  if (status === 422 && detail) return `The server could not take this question: ${detail}.`;
  return `The server could not answer (error ${status}). Retry; if it keeps failing, tell the team.`;
}

// The key prompt: a missing key (401 without one) and a refused one (403, or 401 with one
// sent) are told apart, since staff act differently on each.
function askForKey(status, sentKey) {
  const missing = status === 401 && !sentKey;
  $("key-message").textContent = missing
    ? "This server asks for an API key. Enter the key your team gave you."
    : "That API key was not accepted: it may be mistyped, expired, or not allowed to do this. "
      + "Enter it again.";
  $("key-form").dataset.reason = missing ? "missing" : "refused";
  $("key-form").hidden = false;
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
  } else if ((route.councils || []).length > 1 && route.docs.length) {
    // Several councils named: "From the reports of Enfield (2024) and Haringey (2026)".
    text = `From the reports of ${listed(route.docs.map(docName))}`;
  } else if (route.council && route.docs.length) {
    const years = [...new Set(route.docs.map((id) => yearOf(state.docs.get(id))).filter(Boolean))];
    const reports = route.docs.length > 1 ? "reports" : "report";
    text = `From ${possessive(route.council)} ${years.length ? `${listed(years.map(String))} ` : ""}${reports}`;
  } else if (route.docs.length === 1) {
    text = `From ${docName(route.docs[0])}`;
  }
  return text ? el("p", { class: "route", text }) : null;
}

// -- The conversation: turns, kept in localStorage ------------------------------------

function save() {
  try {
    localStorage.setItem(STORE, JSON.stringify({ turns: state.turns }));
  } catch {
    // Storage full or disabled: the conversation still works, it is only not kept.
  }
}

function restore() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(STORE) || "null");
  } catch {
    saved = null;
  }
  state.turns = Array.isArray(saved?.turns) ? saved.turns : [];
  for (const turn of state.turns) {
    if (turn.status === "pending") { // the page was closed before its answer came
      turn.status = "failed";
      turn.error = { message: "The page was reloaded before the answer came. Retry to ask again.", status: 0 };
    }
  }
  renderConversation();
}

// What is kept of an answer: everything the page shows and exports, the passages' text
// cut to what a chip needs (the dialog reads paragraphs from the server).
function slim(answer) {
  return {
    ...answer,
    passages: answer.passages.slice(0, 5).map(({ text, ...rest }) => ({ ...rest })),
    timings: undefined,
  };
}

function newId() {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function renderConversation() {
  $("conversation").replaceChildren(...state.turns.map(renderTurn));
  const empty = state.turns.length === 0;
  $("welcome").hidden = !empty;
  $("conversation-tools").hidden = empty;
}

function replaceTurn(turn) {
  const old = $("conversation").querySelector(`[data-turn="${turn.id}"]`);
  const node = renderTurn(turn);
  if (old) old.replaceWith(node);
  else $("conversation").append(node);
  $("welcome").hidden = true;
  $("conversation-tools").hidden = false;
  return node;
}

function renderTurn(turn) {
  const box = el("div", { class: "exchange", "data-turn": turn.id });
  const asked = el("div", { class: "turn user", "aria-label": "You asked" });
  asked.append(el("span", { text: turn.question }));
  if (turn.doc) asked.append(el("span", { class: "asked-in", text: ` · in ${docName(turn.doc)}` }));
  box.append(asked);
  if (turn.status === "pending") {
    box.append(el("div", {
      class: "turn pending", role: "status", "aria-busy": "true", text: "Looking in the reports…",
    }));
  } else if (turn.status === "failed") {
    const failed = el("div", { class: "turn error", role: "alert" });
    failed.append(el("p", { text: turn.error?.message || "This question was not answered." }));
    const retry = el("button", { type: "button", class: "retry", text: "Retry" });
    retry.addEventListener("click", () => send(turn));
    failed.append(retry);
    box.append(failed);
  } else {
    box.append(renderAnswer(turn));
  }
  return box;
}

// -- Asking ---------------------------------------------------------------------------

function submitQuestion() {
  const question = $("question").value.trim();
  if (!question) return;
  if (state.busy) { // a second Enter while the first question is answered: sent once
    $("question-help").textContent = "Wait for the answer to your last question, then ask this one.";
    return;
  }
  const pick = showPick(true);
  if (pick.error) {
    $("doc").reportValidity();
    $("doc").focus();
    return;
  }
  const turn = { id: newId(), question, doc: pick.doc, status: "pending" };
  state.turns.push(turn);
  send(turn);
}

async function send(turn) {
  if (state.busy) return;
  state.busy = true;
  $("ask").setAttribute("aria-busy", "true");
  turn.status = "pending";
  turn.error = null;
  save();
  replaceTurn(turn).scrollIntoView({ block: "end" });
  try {
    // The questions answered before this one, in order: a follow-up borrows their subject.
    const earlier = state.turns.slice(0, state.turns.indexOf(turn))
      .filter((t) => t.status === "answered").slice(-20).map((t) => ({ question: t.question }));
    const body = { question: turn.question, history: earlier };
    if (turn.doc) body.doc = turn.doc; // "All reports" sends none: the server routes by council
    const answer = await api("/v1/ask", { method: "POST", body: JSON.stringify(body) });
    turn.status = "answered";
    turn.answer = slim(answer);
    // The question leaves the box only now that it is answered (unless it was changed).
    if ($("question").value.trim() === turn.question) $("question").value = "";
    resetQuestionHelp();
  } catch (error) {
    turn.status = "failed";
    turn.error = { message: error.message, status: error.status ?? 0 };
    if (error.status === 503) waitUntilReady();
  } finally {
    state.busy = false;
    $("ask").removeAttribute("aria-busy");
    save();
    replaceTurn(turn).scrollIntoView({ block: "end" });
  }
}

function resetQuestionHelp() {
  $("question-help").textContent = "Enter to ask, Shift+Enter for a new line. Follow-ups such as "
    + "“and for looked after children?” use your previous question.";
}

// -- Answers --------------------------------------------------------------------------

function chipLabel(item) {
  const parts = [docName(item.doc), item.label, shortSection(item.section), item.grade,
    item.page ? `p. ${item.page}` : null];
  return parts.filter(Boolean).join(" · ");
}

// A chip opening item's unit in context; citation (or null) says what to highlight there.
function chip(item, citation) {
  const button = el("button", {
    type: "button", class: "chip", text: chipLabel(item), "data-doc": item.doc, "data-unit": item.unit,
    "aria-label": `Open ${chipLabel(item)} in context`,
  });
  const title = state.docs.get(item.doc)?.title;
  if (title) button.title = title;
  button.addEventListener("click", () => openParagraph(item.doc, item.unit, citation));
  return button;
}

// The answer's confidence in words: "Confident", or "Check the cited paragraph" with
// what made the evidence weak (the calibrated model's features, qa/answering/calibration.py).
function doubt(answer) {
  const evidence = answer.evidence || {};
  if ("structure_match" in evidence) {
    return { confident: true, text: "Confident: read from the report’s own tables or headings." };
  }
  if (answer.confidence >= CONFIDENT) return { confident: true, text: "Confident." };
  const reasons = [];
  if ((evidence.unmet_constraint ?? 0) > 0) reasons.push("the year or amount you asked about is not in it");
  if ((evidence.type_match ?? 1) === 0) reasons.push(`it holds no ${answer.kind} of the kind you asked for`);
  if ((evidence.sentence_coverage ?? 1) < 0.5) reasons.push("it shares few of your question’s words");
  if ((evidence.unseen_terms ?? 0) > 0.2) reasons.push("some of your words never occur in the reports");
  if ((evidence.dense_top ?? 1) < 0.5) reasons.push("even the closest paragraph is only loosely related");
  const why = reasons.length ? listed(reasons) : "the evidence for this sentence is weak";
  return { confident: false, text: `Check the cited paragraph: ${why}.` };
}

// "… (Ofsted, Lancashire 2012, paragraph 48, page 16)": the answer as staff paste it.
function citedText(answer) {
  const sources = [];
  for (const c of answer.citations) {
    const where = [docName(c.doc), c.paragraph !== null ? `paragraph ${c.paragraph}` : c.label || c.unit,
      c.page ? `page ${c.page}` : null].filter(Boolean).join(", ");
    if (!sources.includes(where)) sources.push(where);
  }
  return sources.length ? `${answer.answer} (Ofsted, ${sources.join("; ")})` : answer.answer;
}

function renderAnswer(turn) {
  const answer = turn.answer;
  const article = el("article", { class: "turn answer-turn", "aria-label": "Answer" });
  if (answer.interpreted_as) {
    article.append(el("p", { class: "interpreted", text: `Answered as: “${answer.interpreted_as}”` }));
  }
  if (answer.limit) {
    // Asked for a summary, a comparison or a reason: the tool only quotes, and says so.
    article.classList.add("limited");
    article.append(el("p", { class: "answer", text: answer.answer }));
    article.append(routeLine(answer) || "");
    const chips = el("div", { class: "chips", "aria-label": "The most relevant paragraphs" });
    for (const passage of answer.passages.slice(0, 5)) chips.append(chip(passage, null));
    article.append(chips);
  } else if (answer.abstained) {
    article.classList.add("abstained");
    article.append(el("p", { class: "answer", text: answer.answer }));
    article.append(routeLine(answer) || "");
    if (answer.passages.length) {
      article.append(el("p", { class: "meta", text: "The closest paragraphs, to read for yourself:" }));
      const chips = el("div", { class: "chips" });
      for (const passage of answer.passages.slice(0, 3)) chips.append(chip(passage, null));
      article.append(chips);
    }
  } else {
    const words = doubt(answer);
    if (!words.confident) article.classList.add("doubtful");
    const text = el("p", { class: "answer" });
    text.append(highlighted(answer.answer, answer.answer_span));
    article.append(text);
    article.append(routeLine(answer) || "");
    article.append(el("p", {
      class: `confidence ${words.confident ? "sure" : "unsure"}`, text: words.text,
      title: `Calibrated probability of being right: ${answer.confidence.toFixed(2)}`,
    }));
    const chips = el("div", { class: "chips", "aria-label": "Citations" });
    for (const citation of answer.citations) chips.append(chip(citation, citation));
    article.append(chips);
    article.append(copyControl(answer));
  }
  article.append(feedbackControls(turn));
  return article;
}

function copyControl(answer) {
  const box = el("div", { class: "copy" });
  const button = el("button", { type: "button", text: "Copy answer with citation" });
  const note = el("span", { class: "note", role: "status" });
  button.addEventListener("click", async () => {
    const text = citedText(answer);
    try {
      await navigator.clipboard.writeText(text);
      note.textContent = "Copied.";
    } catch { // no clipboard permission: show the text to copy by hand
      const field = el("input", { type: "text", readonly: "", "aria-label": "Answer with citation" });
      field.value = text;
      note.replaceChildren("Copy this: ", field);
      field.select();
    }
  });
  box.append(button, note);
  return box;
}

// -- Feedback -------------------------------------------------------------------------

// The report a "right paragraph" belongs to: the cited one, else the one answered from.
function answeredDoc(turn) {
  const answer = turn.answer;
  return answer.citations[0]?.doc ?? answer.route?.docs?.[0] ?? turn.doc ?? answer.passages[0]?.doc ?? null;
}

function feedbackControls(turn) {
  const box = el("div", { class: "feedback" });
  if (turn.feedback?.saved) {
    box.append(el("span", { text: `Thank you: your feedback was saved (${turn.feedback.helpful ? "helpful" : "wrong"}).` }));
    return box;
  }
  const helpful = el("button", { type: "button", text: "Helpful" });
  const wrong = el("button", { type: "button", text: "Wrong" });
  box.append(el("span", { text: "Was this right?" }), helpful, wrong);
  helpful.addEventListener("click", () => box.replaceChildren(feedbackForm(turn, true)));
  wrong.addEventListener("click", () => box.replaceChildren(feedbackForm(turn, false)));
  return box;
}

function feedbackForm(turn, isHelpful) {
  const form = el("form", { class: "feedback-form", "aria-label": isHelpful ? "Helpful: comment" : "Wrong: tell us more" });
  const id = `${turn.id}-${isHelpful ? "h" : "w"}`;
  const doc = answeredDoc(turn);
  let input = null;
  if (!isHelpful) {
    input = el("input", { id: `${id}-right`, type: "number", min: "1", inputmode: "numeric" });
    const label = `Right paragraph (optional)${doc ? `, a paragraph number of ${docName(doc)}` : ""}`;
    form.append(el("div", { class: "field" }, el("label", { for: `${id}-right`, text: label }), input));
  }
  const comment = el("textarea", { id: `${id}-comment`, rows: "2", maxlength: "2000" });
  form.append(el("div", { class: "field" }, el("label", { for: `${id}-comment`, text: "Comment (optional)" }), comment));
  const problem = el("p", { class: "error", role: "alert" });
  const sendButton = el("button", { type: "submit", text: "Send" });
  const cancel = el("button", { type: "button", text: "Cancel" });
  cancel.addEventListener("click", () => form.parentElement.replaceWith(feedbackControls(turn)));
  form.append(problem, el("div", { class: "row" }, sendButton, cancel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problem.textContent = "";
    input?.removeAttribute("aria-invalid");
    const right = input?.value.trim() ? Number(input.value) : null;
    sendButton.disabled = true;
    try {
      if (right !== null && doc) {
        // The paragraph is checked against the report before it is stored.
        try {
          await api(`/v1/documents/${docPath(doc)}/paragraphs/${right}`);
        } catch (error) {
          if (error.status === 404) {
            input.setAttribute("aria-invalid", "true");
            throw new RequestError(`${docName(doc)} has no paragraph ${right}. Check the number.`, 404);
          }
          throw error;
        }
      }
      const answer = turn.answer;
      await api("/v1/feedback", {
        method: "POST",
        body: JSON.stringify({
          question: answer.question, answer: answer.answer, answer_span: answer.answer_span,
          abstained: answer.abstained, helpful: isHelpful, doc,
          cited: answer.citations.map((c) => c.paragraph).filter((p) => p !== null),
          right_paragraph: right, comment: comment.value.trim() || null,
        }),
      });
      turn.feedback = { helpful: isHelpful, right_paragraph: right, comment: comment.value.trim() || null, saved: true };
      save();
      form.parentElement.replaceWith(feedbackControls(turn));
    } catch (error) {
      problem.textContent = `Your feedback was not saved: ${error.message}`;
      sendButton.textContent = "Retry";
    } finally {
      sendButton.disabled = false;
    }
  });
  queueMicrotask(() => (input || comment).focus());
  return form;
}

// -- Export ---------------------------------------------------------------------------

function markdown() {
  const lines = ["# Questions to the inspection reports", "", `Exported ${new Date().toLocaleString("en-GB")}.`, ""];
  state.turns.forEach((turn, i) => {
    lines.push(`## ${i + 1}. ${turn.question}`, "");
    if (turn.doc) lines.push(`Asked of: ${docName(turn.doc)}`, "");
    if (turn.status !== "answered") {
      lines.push(`*Not answered: ${turn.error?.message || "no answer yet"}*`, "");
      return;
    }
    const answer = turn.answer;
    if (answer.interpreted_as) lines.push(`Answered as: “${answer.interpreted_as}”`, "");
    lines.push(...answer.answer.split("\n").map((line) => `> ${line}`), "");
    if (!answer.abstained) lines.push(doubt(answer).text, "");
    const cited = answer.citations.length ? answer.citations : answer.passages.slice(0, answer.limit ? 5 : 3);
    if (cited.length) {
      lines.push(answer.citations.length ? "Citations:" : "Paragraphs to read:");
      for (const c of cited) {
        const where = [c.section, c.grade, c.page ? `page ${c.page}` : null].filter(Boolean).join(", ");
        const quote = c.quote ? `: “${c.quote.replace(/\s+/g, " ")}”` : "";
        lines.push(`- ${docName(c.doc)}, ${c.label || c.unit}${where ? ` (${where})` : ""}${quote}`);
      }
      lines.push("");
    }
    if (turn.feedback?.saved) {
      const f = turn.feedback;
      const parts = [f.helpful ? "helpful" : "wrong"];
      if (f.right_paragraph !== null) parts.push(`right paragraph ${f.right_paragraph}`);
      if (f.comment) parts.push(`comment: “${f.comment}”`);
      lines.push(`Feedback: ${parts.join("; ")}`, "");
    }
  });
  return lines.join("\n");
}

function exportConversation() {
  const blob = new Blob([markdown()], { type: "text/markdown;charset=utf-8" });
  const link = el("a", { href: URL.createObjectURL(blob), download: `report-questions-${new Date().toISOString().slice(0, 10)}.md` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// -- The citation viewer --------------------------------------------------------------

function docPath(doc) {
  return doc.split("/").map(encodeURIComponent).join("/");
}

// "Inspection of … Lancashire · Lancashire · inspected 2–13 January 2012 · published …"
function reportLine(doc) {
  const info = state.docs.get(doc);
  if (!info) return doc;
  return [info.title || doc, councilOf(info),
    info.inspection_dates ? `inspected ${info.inspection_dates}` : null,
    info.published ? `published ${info.published}` : (yearOf(info) ? String(yearOf(info)) : null)]
    .filter(Boolean).join(" · ");
}

async function openParagraph(doc, unit, citation) {
  const dialog = $("paragraph-dialog");
  let data;
  try {
    // By unit id ("p48", "b3", "frontmatter"): unambiguous, even where paragraph numbers
    // were generated for a document without its own numbering.
    data = await api(`/v1/documents/${docPath(doc)}/paragraphs/${encodeURIComponent(unit)}`);
  } catch (error) {
    if (dialog.open) {
      $("paragraph-error").textContent = `This paragraph could not be opened: ${error.message}`;
      $("paragraph-error").hidden = false;
    } else {
      chipError(doc, unit, error);
    }
    return;
  }
  state.viewing = { doc, unit, citation, data };
  const p = data.paragraph;
  $("paragraph-error").hidden = true;
  $("paragraph-title").textContent = `${docName(p.doc)} · ${p.label}`;
  $("paragraph-report").textContent = reportLine(p.doc);
  $("paragraph-meta").textContent = [p.part, p.section, p.grade, p.page ? `p. ${p.page}` : null]
    .filter(Boolean).join(" · ");
  const neighbour = (target, other, word) => {
    target.replaceChildren();
    if (other) target.append(el("span", { class: "label", text: `${word} ${other.label}: ` }), other.text);
  };
  neighbour($("paragraph-previous"), data.previous, "Before,");
  neighbour($("paragraph-next"), data.next, "After,");
  $("paragraph-text").replaceChildren(quoted(p.text, citation));
  $("previous-paragraph").disabled = !data.previous;
  $("next-paragraph").disabled = !data.next;
  const pdf = p.page_source === "pdf" && p.page && state.docs.get(p.doc)?.format !== "text";
  $("open-original").hidden = !pdf;
  if (pdf) $("open-original").textContent = `Open the original at page ${p.page}`;
  $("page-view").hidden = true;
  if (!dialog.open) dialog.showModal();
  dialog.scrollTop = 0; // the dialog opens at its top, whatever was shown before
  $("close-dialog").focus();
}

// An error opening a chip, shown beside the chips it came from.
function chipError(doc, unit, error) {
  const button = [...document.querySelectorAll(".chip")].find((c) => c.dataset.unit === unit && c.dataset.doc === doc);
  const where = button?.parentElement;
  if (!where) return;
  where.querySelector(".chip-error")?.remove();
  const note = el("p", { class: "chip-error error", role: "alert", text: `This paragraph could not be opened: ${error.message} ` });
  const retry = el("button", { type: "button", text: "Retry" });
  retry.addEventListener("click", () => { note.remove(); openParagraph(doc, unit, null); });
  note.append(retry);
  where.after(note);
}

// The PDF page, rendered by the server (GET /v1/documents/{id}/pages/{n}), with the
// paragraph's recorded box (bbox, PDF points from the top-left) drawn over it. The image
// is fetched with the API key and shown as a data: URL, which the CSP's img-src allows.
async function openOriginal() {
  const viewing = state.viewing;
  if (!viewing) return;
  const p = viewing.data.paragraph;
  const caption = $("page-caption");
  $("page-view").hidden = false;
  caption.textContent = `Loading page ${p.page}…`;
  try {
    const response = await api(`/v1/documents/${docPath(p.doc)}/pages/${p.page}`, { raw: true });
    const width = Number(response.headers.get("X-Page-Width"));
    const height = Number(response.headers.get("X-Page-Height"));
    const blob = await response.blob();
    const url = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    if (state.viewing !== viewing) return; // another paragraph was opened meanwhile
    const image = $("page-image");
    image.alt = `Page ${p.page} of ${reportLine(p.doc)}`;
    await new Promise((resolve) => { image.onload = resolve; image.src = url; });
    const mark = $("page-highlight");
    mark.hidden = !p.bbox;
    if (p.bbox && width && height) {
      const [x0, top, x1, bottom] = p.bbox;
      const pad = 3; // points around the text, so the box does not cut the glyphs
      mark.style.left = `${((x0 - pad) / width) * 100}%`;
      mark.style.top = `${((top - pad) / height) * 100}%`;
      mark.style.width = `${((x1 - x0 + 2 * pad) / width) * 100}%`;
      mark.style.height = `${((bottom - top + 2 * pad) / height) * 100}%`;
    }
    caption.textContent = `Page ${p.page} of the original report, ${p.label} highlighted`
      + (p.page_end && p.page_end !== p.page ? ` (it goes on to page ${p.page_end}).` : ".");
    mark.scrollIntoView({ block: "center" });
  } catch (error) {
    caption.textContent = `The original page could not be shown: ${error.message}`;
  }
}

// -- The reports: picker, list and example questions ----------------------------------

async function loadDocuments() {
  const chosen = resolvePick().doc; // kept across a reload of the list
  let docs;
  try {
    docs = await api("/v1/documents");
  } catch (error) {
    if (error.status === 503) waitUntilReady();
    else $("reports-summary").textContent = `The list of reports could not be loaded: ${error.message}`;
    return;
  }
  $("index-state").hidden = true;
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
  showReports(byName);
  showExamples(docs);
  renderConversation(); // chips and names now read "Barnet 2024", not ids
}

function showReports(docs) {
  $("reports-summary").textContent = docs.length === 1 ? "1 report loaded" : `${docs.length} reports loaded`;
  $("reports").open = docs.length <= 6;
  $("report-list").replaceChildren(...docs.map((doc) => {
    const item = el("li");
    item.append(el("strong", { text: docName(doc.id) }), ` ${reportLine(doc.id)}`);
    return item;
  }));
}

// Four or five questions drawn from the reports loaded (their councils, judgement areas
// and grades), so each one can be answered here. The newest reports come first.
function exampleQuestions(docs) {
  const newest = [...docs].sort((a, b) => (yearOf(b) || 0) - (yearOf(a) || 0));
  const named = newest.filter((doc) => councilOf(doc));
  const place = (doc) => councilOf(doc) || docName(doc.id);
  const questions = [];
  const first = named[0] || newest[0];
  if (!first) return questions;
  questions.push(`Who was the lead inspector for ${place(first)}?`);
  const graded = newest.filter((doc) => doc.findings?.some((f) => f.grade && !/overall/i.test(f.area)));
  const areaDoc = graded[1 % Math.max(graded.length, 1)] || graded[0];
  if (areaDoc) {
    const finding = areaDoc.findings.find((f) => f.grade && !/overall/i.test(f.area));
    questions.push(`What grade did ${place(areaDoc)} get for ${finding.area.replace(/^The /, "the ").toLowerCase()}?`);
    // The grade most of its areas got, so the question has an answer.
    const counts = new Map();
    for (const f of areaDoc.findings) if (f.grade) counts.set(f.grade, (counts.get(f.grade) || 0) + 1);
    const grade = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (grade) questions.push(`Which areas were judged ${grade.toLowerCase()} in ${place(areaDoc)}?`);
  }
  const third = named[2] || named[1] || first;
  questions.push(`How many children were looked after in ${place(third)}?`);
  questions.push(`What does ${place(named[3] || first)} need to improve?`);
  return [...new Set(questions)].slice(0, 5);
}

function showExamples(docs) {
  const buttons = exampleQuestions(docs).map((question) => {
    const button = el("button", { type: "button", class: "example", text: question });
    button.addEventListener("click", () => {
      $("question").value = question;
      submitQuestion();
    });
    return button;
  });
  $("examples").replaceChildren(...buttons);
}

// While the index loads the API answers 503: show it, poll /readyz, then load the list.
async function waitUntilReady() {
  if (state.waiting) return;
  state.waiting = true;
  const started = Date.now();
  $("index-state").hidden = false;
  $("index-state").classList.remove("error");
  $("index-state-text").textContent = "Loading the index: the reports will be ready in a moment.";
  try {
    for (;;) {
      await sleep(1000);
      const response = await fetch("/readyz").catch(() => null);
      if (response?.ok) break;
      const body = await response?.json().catch(() => null);
      if (body?.status === "error") {
        $("index-state").classList.add("error");
        $("index-state-text").textContent = `The reports could not be loaded: ${body.message || "see the server log"}.`;
        $("index-progress").hidden = true;
        return;
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      const progress = body?.progress;
      if (progress) {
        // The server's own stages (qa/pipeline.py QAService.load), shown as a bar.
        $("index-progress").max = progress.steps;
        $("index-progress").value = progress.step - 0.5;
      }
      $("index-state-text").textContent = !response
        ? `The server cannot be reached (${seconds} s); trying again.`
        : progress
          ? `Loading the index: ${progress.stage} (step ${progress.step} of ${progress.steps}, ${seconds} s so far).`
          : `Loading the index (${seconds} s so far): the reports will be ready in a moment.`;
    }
  } finally {
    state.waiting = false;
  }
  await loadDocuments();
}

// -- The report picker ----------------------------------------------------------------

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

// -- Wiring ---------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuestion();
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("new-conversation").addEventListener("click", () => {
    $("confirm-clear").hidden = false;
    $("confirm-clear-no").focus();
  });
  $("confirm-clear-no").addEventListener("click", () => {
    $("confirm-clear").hidden = true;
    $("new-conversation").focus();
  });
  $("confirm-clear-yes").addEventListener("click", () => {
    state.turns = state.turns.filter((t) => t.status === "pending"); // an answer on its way stays
    $("confirm-clear").hidden = true;
    save();
    renderConversation();
    $("question").focus();
  });
  $("export").addEventListener("click", exportConversation);
  $("doc").addEventListener("input", () => showPick());
  $("doc").addEventListener("change", () => showPick(true));
  $("close-dialog").addEventListener("click", () => $("paragraph-dialog").close());
  $("previous-paragraph").addEventListener("click", () => {
    const previous = state.viewing?.data.previous;
    if (previous) openParagraph(previous.doc, previous.unit, null);
  });
  $("next-paragraph").addEventListener("click", () => {
    const next = state.viewing?.data.next;
    if (next) openParagraph(next.doc, next.unit, null);
  });
  $("open-original").addEventListener("click", openOriginal);
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.key = $("api-key").value.trim();
    sessionStorage.setItem("qa-api-key", state.key);
    $("key-form").hidden = true;
    loadDocuments();
    // Questions refused for the key are asked again with the new one, oldest first.
    const refused = state.turns.find((t) => t.status === "failed" && [401, 403].includes(t.error?.status));
    if (refused) send(refused);
  });
  restore();
  loadDocuments();
});
