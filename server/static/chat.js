// The chat page. Report text is only ever put on the page with textContent (never
// innerHTML), so markup inside a report is shown as text and never runs.
"use strict";

const state = { history: [], key: sessionStorage.getItem("qa-api-key") || "" };
const $ = (id) => document.getElementById(id);

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
    throw new Error(message);
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

function chipLabel(citation) {
  const parts = [citation.label, shortSection(citation.section), citation.grade,
    citation.page ? `p. ${citation.page}` : null];
  return parts.filter(Boolean).join(" · ");
}

// A chip opening item's unit in context; citation (or null) says what to highlight there.
function chip(item, citation) {
  const button = el("button", {
    type: "button", class: "chip", text: chipLabel(item),
    "aria-label": `Open ${chipLabel(item)} in context`,
  });
  button.addEventListener("click", () => openParagraph(item, citation));
  return button;
}

function renderAnswer(answer) {
  const turn = el("article", { class: "turn answer-turn", "aria-label": "Answer" });
  if (answer.interpreted_as) {
    turn.append(el("p", { class: "interpreted", text: `Answered as: ${answer.interpreted_as}` }));
  }
  if (answer.abstained) {
    turn.classList.add("abstained");
    turn.append(el("p", { class: "answer", text: answer.answer }));
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

async function ask(question) {
  const conversation = $("conversation");
  conversation.append(el("div", { class: "turn user", text: question, "aria-label": "You asked" }));
  $("ask").disabled = true;
  setStatus("Looking in the reports…");
  try {
    const answer = await api("/v1/ask", {
      method: "POST",
      body: JSON.stringify({
        question,
        doc: $("doc").value || null,
        history: state.history.map((q) => ({ question: q })),
      }),
    });
    state.history.push(question);
    conversation.append(renderAnswer(answer));
    setStatus(`Answered in ${Math.round(answer.took_ms)} ms.`);
  } catch (error) {
    conversation.append(el("div", { class: "turn error", text: `Sorry: ${error.message}` }));
    setStatus(error.message, true);
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
  $("paragraph-title").textContent = `${p.label} · ${p.doc}`;
  $("paragraph-meta").textContent = [p.part, p.section, p.grade, p.page ? `p. ${p.page}` : null]
    .filter(Boolean).join(" · ");
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

async function loadDocuments() {
  try {
    const docs = await api("/v1/documents");
    for (const doc of docs) {
      $("doc").append(el("option", { value: doc.id, text: doc.title ? `${doc.title} (${doc.id})` : doc.id }));
    }
  } catch (error) {
    setStatus(error.message, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question) return;
    $("question").value = "";
    ask(question);
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
  $("close-dialog").addEventListener("click", () => $("paragraph-dialog").close());
  $("save-key").addEventListener("click", () => {
    state.key = $("api-key").value.trim();
    sessionStorage.setItem("qa-api-key", state.key);
    $("key-panel").hidden = true;
    loadDocuments();
  });
  loadDocuments();
});
