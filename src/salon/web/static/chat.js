/* The chat page: sidebar of conversations, the transcript, the composer. Turns stream as SSE from
   POST /api/conversations/{id}/turns; confirmations are host-rendered cards whose decision streams the
   continuation. Reloading /c/{id} rebuilds everything from GET /api/conversations/{id}. */
"use strict";

(() => {
  const { el, api, stream, humanize, appTitle, renderStructured } = Salon;

  const transcript = document.getElementById("transcript");
  const list = document.getElementById("conversation-list");
  const titleNode = document.getElementById("conversation-title");
  const form = document.getElementById("composer");
  const input = document.getElementById("composer-input");
  const send = document.getElementById("send");
  const emptyState = document.getElementById("empty-state");

  let conversationId = (location.pathname.match(/^\/c\/([^/]+)$/) || [])[1] || null;
  let busy = false;
  /* Tool call sections by call id, across turns, so a continuation lands in the call it continues. */
  const callEntries = new Map();

  function scrollDown() {
    transcript.scrollTop = transcript.scrollHeight;
  }

  function add(node) {
    if (emptyState.isConnected) emptyState.remove();
    transcript.append(node);
    scrollDown();
    return node;
  }

  function setBusy(value) {
    busy = value;
    send.disabled = value;
    transcript.setAttribute("aria-busy", value ? "true" : "false");
  }

  function errorBox(message, app, code) {
    return el("div", { class: "event error", role: "alert" },
      el("strong", { text: app ? `${appTitle(app)} app` : "Something went wrong" }),
      el("span", { text: " — " + message }),
      code ? el("code", { class: "code", text: code }) : null);
  }

  /* One turn being drawn: tool calls keyed by call id, the assistant's current text bubble, spinners. */
  class TurnView {
    constructor() {
      this.calls = callEntries;
      this.bubble = null;
      this.activities = [];
    }

    call(callId, app, tool, args, status) {
      let entry = this.calls.get(callId);
      if (entry) return entry;
      const details = el("details", { class: "tool-args" },
        el("summary", { text: "Arguments" }),
        el("pre", { text: JSON.stringify(args || {}, null, 2) }));
      const body = el("div", { class: "tool-body" }, details);
      const state = el("span", { class: "badge", text: status || "called" });
      const node = el("section", { class: "event tool", "aria-label": `${appTitle(app)} · ${humanize(tool)}` },
        el("header", { class: "tool-head" },
          el("span", { class: "app-chip", text: appTitle(app) }),
          el("span", { class: "tool-name", text: humanize(tool) }),
          state),
        body);
      entry = { node, body, state };
      this.calls.set(callId, entry);
      add(node);
      this.bubble = null;
      return entry;
    }

    result(callId, app, tool, text, structured, isError) {
      const entry = this.call(callId, app, tool, {}, null);
      entry.state.textContent = isError ? "failed" : "done";
      entry.state.classList.toggle("bad", Boolean(isError));
      entry.state.classList.toggle("good", !isError);
      const block = el("div", { class: isError ? "result result-error" : "result" },
        renderStructured(isError ? null : structured),
        text ? el("p", { class: "result-text", text }) : null);
      entry.body.append(block);
      this.stopActivities(app);
      scrollDown();
    }

    activity(label, app) {
      const node = add(el("div", { class: "event activity" },
        el("span", { class: "spinner", "aria-hidden": "true" }), el("span", { text: label })));
      this.activities.push({ node, app });
      this.bubble = null;
    }

    stopActivities(app) {
      this.activities = this.activities.filter((item) => {
        if (app && item.app && item.app !== app) return true;
        item.node.classList.add("finished");
        item.node.querySelector(".spinner")?.remove();
        return false;
      });
    }

    text(piece) {
      if (!this.bubble) {
        this.bubble = add(el("div", { class: "message assistant" }, el("div", { class: "bubble" })));
      }
      this.bubble.firstChild.textContent += piece;
      scrollDown();
    }

    handle(event) {
      switch (event.type) {
        case "user_message":
          userMessage(event.text);
          if (!conversationId) conversationId = event.conversation_id;
          break;
        case "activity":
          this.activity(event.label, event.app);
          break;
        case "tool_call":
          this.call(event.call_id, event.app, event.tool, event.arguments, "called");
          break;
        case "confirmation_required": {
          const entry = this.call(event.call_id, event.app, event.tool, event.arguments, "waiting");
          entry.body.append(confirmationCard(event));
          scrollDown();
          break;
        }
        case "tool_result":
          this.result(event.call_id, event.app, event.tool, event.text, event.structured, event.is_error);
          break;
        case "view": {
          const entry = this.call(event.call_id, event.app, event.tool, event.arguments, "done");
          entry.body.append(el("p", { class: "muted view-note", text: `${appTitle(event.app)} has an interactive view for this result.` }));
          break;
        }
        case "text":
          this.text(event.text);
          break;
        case "error":
          this.stopActivities(event.app);
          add(errorBox(event.message, event.app, event.code));
          this.bubble = null;
          break;
        case "done":
          this.stopActivities(null);
          if (event.waiting) add(el("p", { class: "event waiting", text: "Waiting for your decision above." }));
          refreshList();
          break;
        default:
          break;
      }
    }
  }

  function userMessage(text) {
    add(el("div", { class: "message user" }, el("div", { class: "bubble", text })));
  }

  const OUTCOMES = { approve: "Approved once", always: "Always allowed", deny: "Denied" };

  function confirmationCard(item) {
    const app = appTitle(item.app);
    const title = item.title || humanize(item.tool);
    const heading = el("h3", { text: `${title} — ${app} app wants to make a change` });
    const headingId = "confirm-" + item.confirmation_id;
    heading.id = headingId;
    const args = item.arguments || {};
    const outcome = el("p", { class: "outcome", role: "status" });
    const buttons = [
      ["approve", "Approve", "primary"],
      ["always", "Always allow", ""],
      ["deny", "Deny", "danger"],
    ].map(([decision, label, style]) => el("button", {
      type: "button", class: `button ${style}`, text: label,
      onclick: () => decide(card, item.confirmation_id, decision),
    }));
    const card = el("section", { class: "confirmation", role: "group", "aria-labelledby": headingId },
      heading,
      item.kind === "changed_definition"
        ? el("p", { class: "reason", text: `${app} changed what “${title}” does since you approved it. Review it before it runs.` })
        : item.reason ? el("p", { class: "reason", text: item.reason }) : null,
      Object.keys(args).length ? Salon.keyValues(args) : el("p", { class: "muted", text: "No arguments." }),
      el("div", { class: "actions" }, buttons),
      outcome);
    card.dataset.pending = "true";
    return card;
  }

  function settle(card, text, style) {
    delete card.dataset.pending;
    card.classList.add("decided", style);
    for (const button of card.querySelectorAll("button")) button.disabled = true;
    card.querySelector(".outcome").textContent = text;
  }

  async function decide(card, confirmationId, decision) {
    if (busy) return;
    setBusy(true);
    for (const button of card.querySelectorAll("button")) button.disabled = true;
    const view = new TurnView();
    try {
      await stream(`/api/confirmations/${encodeURIComponent(confirmationId)}`, { decision }, (event) => view.handle(event));
      settle(card, OUTCOMES[decision], decision === "deny" ? "denied" : "approved");
    } catch (error) {
      if (error.code === "already_decided") settle(card, "Already decided.", "denied");
      else {
        for (const button of card.querySelectorAll("button")) button.disabled = false;
        add(errorBox(error.message, error.app, error.code));
      }
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  async function refreshList() {
    let conversations;
    try {
      conversations = (await api("GET", "/api/conversations")).conversations;
    } catch (_) {
      return;
    }
    list.replaceChildren(...conversations.map((item) => el("li", {},
      el("a", {
        href: `/c/${encodeURIComponent(item.id)}`,
        class: item.id === conversationId ? "current" : "",
        "aria-current": item.id === conversationId ? "page" : null,
        text: item.title || "Untitled",
      }))));
    const current = conversations.find((item) => item.id === conversationId);
    if (current) {
      titleNode.textContent = current.title || "Conversation";
      document.title = `${current.title || "Conversation"} · Salon`;
    }
  }

  /* Rebuild a stored conversation: messages in order; assistant tool calls draw their recorded call
     and result; pending confirmations draw live cards. */
  async function loadTranscript(id) {
    let detail;
    try {
      detail = await api("GET", `/api/conversations/${encodeURIComponent(id)}`);
    } catch (error) {
      add(errorBox(error.code === "not_found" ? "This conversation does not exist (anymore). Start a new one." : error.message, null, null));
      conversationId = null;
      return;
    }
    titleNode.textContent = detail.conversation.title || "Conversation";
    const view = new TurnView();
    const records = new Map(detail.tool_calls.map((record) => [record.id, record]));
    const pending = new Map(detail.pending.map((item) => [item.call_id, item]));
    const drawn = new Set();
    const drawRecord = (record) => {
      if (drawn.has(record.id)) return;
      drawn.add(record.id);
      const waiting = pending.get(record.id);
      view.call(record.id, record.app, record.tool, record.arguments, waiting ? "waiting" : record.status);
      if (waiting) {
        view.calls.get(record.id).body.append(confirmationCard({
          confirmation_id: waiting.id, app: waiting.app, tool: waiting.tool, title: waiting.title,
          arguments: waiting.arguments, reason: waiting.reason, kind: waiting.kind,
        }));
      } else if (record.result_text !== null && record.result_text !== undefined) {
        view.result(record.id, record.app, record.tool, record.result_text, record.result_structured, record.is_error);
        view.calls.get(record.id).state.textContent = record.status;
      }
    };
    for (const message of detail.messages) {
      if (message.role === "user") {
        userMessage(message.content);
        view.bubble = null;
      } else if (message.role === "assistant") {
        if (message.content) view.text(message.content);
        for (const call of message.tool_calls || []) {
          const record = records.get(call.id);
          if (record) drawRecord(record);
        }
        view.bubble = null;
      }
    }
    for (const record of detail.tool_calls) drawRecord(record);
    if (detail.pending.length) add(el("p", { class: "event waiting", text: "Waiting for your decision above." }));
    scrollDown();
  }

  async function sendTurn(text) {
    setBusy(true);
    const view = new TurnView();
    try {
      if (!conversationId) {
        const conversation = await api("POST", "/api/conversations", {});
        conversationId = conversation.id;
        history.pushState({}, "", `/c/${encodeURIComponent(conversationId)}`);
      }
      await stream(`/api/conversations/${encodeURIComponent(conversationId)}/turns`, { text }, (event) => view.handle(event));
    } catch (error) {
      view.stopActivities(null);
      add(errorBox(error.message, error.app, error.code));
    } finally {
      setBusy(false);
      refreshList();
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    autosize();
    sendTurn(text);
  });

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 200) + "px";
  }

  input.addEventListener("input", autosize);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById("new-conversation").addEventListener("click", () => {
    conversationId = null;
    history.pushState({}, "", "/");
    transcript.replaceChildren(emptyState);
    callEntries.clear();
    titleNode.textContent = "New conversation";
    document.title = "Salon";
    refreshList();
    input.focus();
  });

  window.addEventListener("popstate", () => location.reload());

  refreshList();
  if (conversationId) loadTranscript(conversationId);
  input.focus();
})();
