/* The chat page: sidebar of conversations, the transcript, the composer. Turns stream as SSE from
   POST /api/conversations/{id}/turns; confirmations are host-rendered cards whose decision streams the
   continuation. A `view` event (or, on reload, a stored call with a `view_uri`) renders the app's view
   in its call's card through the view bridge (static/bridge/); once the view has drawn the result, the
   host's own rendering of it folds into "Result as data". Reloading /c/{id} rebuilds everything from
   GET /api/conversations/{id}. */
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

  /* A stand-alone "Waiting for your decision above." line; removed once a decision is made. */
  let waitingNote = null;

  function showWaiting() {
    if (waitingNote?.isConnected) return;
    waitingNote = add(el("p", { class: "event waiting", role: "status", text: "Waiting for your decision above." }));
  }

  function clearWaiting() {
    waitingNote?.remove();
    waitingNote = null;
  }

  /* One turn being drawn: tool calls keyed by call id, the assistant's current text bubble, spinners.
     An activity ("Searching hotels…") shows in the card of the app's call that is still running; one
     with no such call shows as its own line. Either ends when that app's result or error arrives. */
  class TurnView {
    constructor() {
      this.calls = callEntries;
      this.bubble = null;
      this.activities = [];
    }

    call(callId, app, tool, args, status) {
      let entry = this.calls.get(callId);
      if (entry) return entry;
      const argList = Object.keys(args || {}).length ? Salon.keyValues(args) : el("p", { class: "muted", text: "No arguments." });
      const details = el("details", { class: "tool-args" }, el("summary", { text: "Arguments" }), argList);
      const body = el("div", { class: "tool-body" }, details);
      const state = el("span", { class: "badge", text: STATUS_LABELS[status] || status || "called" });
      const title = toolTitle(app, tool);
      const node = el("section", { class: "event tool", "aria-label": `${appTitle(app)} · ${title}`, "data-call-id": callId },
        el("header", { class: "tool-head" },
          el("span", { class: "app-chip", text: appTitle(app) }),
          el("span", { class: "tool-name", text: title }),
          state),
        body);
      entry = { node, body, state, details, app, finished: false, resultBlock: null, viewShown: false };
      this.calls.set(callId, entry);
      add(node);
      this.bubble = null;
      return entry;
    }

    setState(entry, text, style) {
      if (typeof text === "string") text = STATUS_LABELS[text] || text;
      entry.state.replaceChildren(text);
      entry.state.className = style ? `badge ${style}` : "badge";
    }

    result(callId, app, tool, text, structured, isError, status) {
      const entry = this.call(callId, app, tool, {}, null);
      entry.finished = true;
      const denied = status === "denied";
      this.setState(entry, status || (isError ? "failed" : "done"), denied ? "" : isError ? "bad" : "good");
      const rendered = isError ? null : renderStructured(structured);
      const block = el("div", { class: isError && !denied ? "result result-error" : "result" },
        rendered,
        text && rendered
          ? el("details", { class: "raw" }, el("summary", { text: "Details" }), el("pre", { class: "result-text", text }))
          : text ? el("p", { class: "result-text", text }) : null);
      entry.body.append(block);
      entry.resultBlock = block;
      if (entry.viewShown) foldResult(entry);
      this.stopActivities(app);
      scrollDown();
    }

    activity(label, app) {
      const running = [...this.calls.values()].reverse().find((entry) => !entry.finished && app && entry.app === app);
      if (running) {
        this.setState(running, [el("span", { class: "spinner", "aria-hidden": "true" }), label], "busy");
        this.activities.push({ entry: running, app });
        return;
      }
      const node = add(el("div", { class: "event activity", role: "status" },
        el("span", { class: "spinner", "aria-hidden": "true" }), el("span", { text: label })));
      this.activities.push({ node, app });
      this.bubble = null;
    }

    stopActivities(app) {
      this.activities = this.activities.filter((item) => {
        if (app && item.app && item.app !== app) return true;
        if (item.node) item.node.remove();
        else if (!item.entry.finished) this.setState(item.entry, "stopped", "");
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

    confirmation(item) {
      const entry = this.call(item.call_id, item.app, item.tool, item.arguments, "waiting");
      this.setState(entry, "waiting for you", "warn");
      entry.details.remove();
      entry.body.append(confirmationCard(item));
      return entry;
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
          this.calledApp = true;
          this.call(event.call_id, event.app, event.tool, event.arguments, "called");
          break;
        case "confirmation_required":
          this.confirmation(event);
          scrollDown();
          break;
        case "tool_result":
          this.result(event.call_id, event.app, event.tool, event.text, event.structured, event.is_error,
            event.is_error && pendingDenials.delete(event.call_id) ? "denied" : null);
          /* A view opened while the model wrote the call waits for the `view` event: a read-only call is
             stored only after its result streams. */
          if (!SalonViews.get(event.call_id)?.previewing) SalonViews.update(event.call_id);
          break;
        case "tool_input_partial": {
          /* The model is still writing a call to a tool with a view: open the view now. */
          const entry = this.call(event.call_id, event.app, event.tool, event.arguments, "writing");
          if (!SalonViews.get(event.call_id)) {
            showView(entry, event.call_id, { preview: { app: event.app, tool: event.tool } });
          }
          SalonViews.partial(event.call_id, event.arguments);
          break;
        }
        case "view":
          /* A call that asks first opens its view with the question; the second `view` event, after the
             result, finds it open. */
          if (SalonViews.get(event.call_id)) SalonViews.update(event.call_id);
          else showView(this.call(event.call_id, event.app, event.tool, event.arguments, "done"), event.call_id);
          break;
        case "text":
          this.text(event.text);
          break;
        case "checkout_required":
          /* The host's own card (checkout.js), never the app's view: only its "Pay" completes it. */
          SalonCheckout.show(event, add);
          this.bubble = null;
          break;
        case "order_confirmed":
        case "checkout_refused":
        case "checkout_canceled":
          add(SalonCheckout.outcome(event));
          this.bubble = null;
          break;
        case "error":
          this.stopActivities(event.app);
          add(errorBox(event.message, event.app, event.code));
          this.bubble = null;
          break;
        case "done":
          this.stopActivities(null);
          SalonViews.settlePreviews();
          if (event.waiting) showWaiting();
          refreshList();
          break;
        default:
          break;
      }
    }
  }

  /* The view goes under the call's arguments; the host's table of the same result folds away once the
     view has laid it out (a view that never loads leaves the table in place). */
  function showView(entry, callId, options) {
    SalonViews.mount(callId, entry.body, {
      ...options,
      onPainted: () => {
        entry.viewShown = true;
        foldResult(entry);
      },
    });
  }

  function foldResult(entry) {
    const block = entry.resultBlock;
    if (!block || block.closest(".view-fallback")) return;
    const folded = el("details", { class: "raw view-fallback" }, el("summary", { text: "Result as data" }));
    block.replaceWith(folded);
    folded.append(block);
  }

  /* A tool call a view made that needs the person's decision: the host's card, under the view. Resolves
     with the call's `tool_result` event once decided (null when nothing came back). */
  function confirmForView(item, slot) {
    return new Promise((resolve) => {
      let outcome = null;
      const card = confirmationCard(item, null, {
        onEvent: (event) => {
          if (event.type === "tool_result" && event.call_id === item.call_id) outcome = event;
          else if (event.type === "error") slot.append(errorBox(event.message, event.app, event.code));
        },
        onDone: () => resolve(outcome),
      });
      slot.append(card);
      card.scrollIntoView({ block: "nearest" });
      card.querySelector("button[data-decision=approve]")?.focus();
    });
  }

  SalonViews.configure({
    confirm: confirmForView,
    sendMessage: (text) => {
      if (busy) return false;
      sendTurn(text);
      return true;
    },
  });

  function userMessage(text) {
    add(el("div", { class: "message user" }, el("div", { class: "bubble", text })));
  }

  /* Stored call statuses, in the words the live stream uses. */
  const STATUS_LABELS = { succeeded: "done", running: "running", pending: "waiting for you" };
  const OUTCOMES = { approve: "Approved once", always: "Always allowed", deny: "Denied" };
  /* Calls whose confirmation was denied here, so their error result reads "denied", not "failed". */
  const pendingDenials = new Set();

  /* Tool titles from GET /api/apps, for redrawing stored calls whose records carry only the name. */
  const toolTitles = new Map();
  const askFirst = new Set();

  async function loadToolTitles() {
    try {
      for (const app of (await api("GET", "/api/apps")).apps) {
        for (const tool of app.tools) {
          if (tool.title) toolTitles.set(`${app.name}/${tool.name}`, tool.title);
          if (tool.needs_confirmation) askFirst.add(`${app.name}/${tool.name}`);
        }
      }
    } catch (_) { /* titles fall back to the tool's name */ }
  }

  function toolTitle(app, tool, given) {
    return given || toolTitles.get(`${app}/${tool}`) || humanize(tool);
  }

  function confirmationCard(item, decided, sink) {
    const app = appTitle(item.app);
    const title = toolTitle(item.app, item.tool, item.title);
    const headingId = "confirm-" + (item.confirmation_id || item.call_id);
    const args = item.arguments || {};
    const outcome = el("p", { class: "outcome", role: "status" });
    const buttons = [
      ["approve", "Approve", "primary"],
      ["always", "Always allow", ""],
      ["deny", "Deny", "danger"],
    ].map(([decision, label, style]) => el("button", {
      type: "button", class: `button ${style}`, text: label, "data-decision": decision,
      onclick: () => decide(card, item, decision, sink),
    }));
    const reason = item.kind === "changed_definition"
      ? `${app} changed what “${title}” does since you approved it. Review it before it runs.`
      : item.reason || `${app} asks before this runs because it changes something outside Salon.`;
    const card = el("section", { class: "confirmation", role: "group", "aria-labelledby": headingId },
      el("h3", { id: headingId }, el("span", { class: "confirm-title", text: title }),
        el("span", { class: "confirm-app", text: ` — ${app} wants to make a change` })),
      el("p", { class: "reason", text: reason }),
      Object.keys(args).length ? Salon.keyValues(args) : el("p", { class: "muted", text: "No arguments." }),
      el("div", { class: "actions" }, buttons),
      outcome);
    if (decided) settle(card, decided === "deny" ? "Denied" : "Approved", decided === "deny" ? "denied" : "approved");
    else card.dataset.pending = "true";
    return card;
  }

  function settle(card, text, style) {
    delete card.dataset.pending;
    card.classList.add("decided", style);
    for (const button of card.querySelectorAll("button")) button.disabled = true;
    card.querySelector(".outcome").textContent = text;
  }

  /* Stream the decision's continuation into the transcript, or into `sink` for a view's own call. */
  async function decide(card, item, decision, sink) {
    if (busy) return;
    setBusy(true);
    for (const button of card.querySelectorAll("button")) button.disabled = true;
    clearWaiting();
    if (decision === "deny" && !sink) pendingDenials.add(item.call_id);
    const view = sink ? null : new TurnView();
    try {
      await stream(`/api/confirmations/${encodeURIComponent(item.confirmation_id)}`, { decision },
        (event) => (sink ? sink.onEvent(event) : view.handle(event)));
      settle(card, OUTCOMES[decision], decision === "deny" ? "denied" : "approved");
      sink?.onDone();
    } catch (error) {
      pendingDenials.delete(item.call_id);
      if (error.code === "already_decided") {
        settle(card, "Already decided.", "denied");
        sink?.onDone();
      } else {
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
        title: item.title || "Untitled",
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
    await loadToolTitles();
    const view = new TurnView();
    const records = new Map(detail.tool_calls.map((record) => [record.id, record]));
    const pending = new Map(detail.pending.map((item) => [item.call_id, item]));
    const drawn = new Set();
    const drawRecord = (record) => {
      if (drawn.has(record.id)) return;
      drawn.add(record.id);
      const waiting = pending.get(record.id);
      if (waiting) {
        const entry = view.confirmation({
          confirmation_id: waiting.id, call_id: record.id, app: waiting.app, tool: waiting.tool, title: waiting.title,
          arguments: waiting.arguments, reason: waiting.reason, kind: waiting.kind,
        });
        if (record.view_uri) showView(entry, record.id);
        return;
      }
      const entry = view.call(record.id, record.app, record.tool, record.arguments, record.status);
      /* The record keeps no decision; a denied call, or a finished call of a tool that asks first, was
         answered through a card, so redraw that card as decided. */
      const asked = record.status === "denied" || askFirst.has(`${record.app}/${record.tool}`);
      if (asked && record.status !== "running") {
        entry.details.remove();
        entry.body.append(confirmationCard({ call_id: record.id, app: record.app, tool: record.tool, arguments: record.arguments },
          record.status === "denied" ? "deny" : "approve"));
      }
      if (record.result_text !== null && record.result_text !== undefined) {
        view.result(record.id, record.app, record.tool, record.result_text, record.result_structured, record.is_error,
          record.status === "denied" ? "denied" : null);
        if (record.status !== "denied") view.setState(entry, record.status, record.is_error ? "bad" : "good");
      }
      /* A declined call keeps the view it opened with its question, showing the cancellation. */
      if (record.view_uri && (!record.is_error || record.status === "denied")) showView(entry, record.id);
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
    await SalonCheckout.restore(id, add);
    if (detail.pending.length) showWaiting();
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
        SalonCheckout.watch(conversationId, add, null);
      }
      await stream(`/api/conversations/${encodeURIComponent(conversationId)}/turns`, { text }, (event) => view.handle(event));
      /* No installed app answered: the directory may know one that fits (suggest.js asks, never installs). */
      if (!view.calledApp) SalonSuggest.offer(text, add);
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

  document.getElementById("new-conversation").addEventListener("click", async () => {
    await SalonViews.teardownAll("conversation closed");
    SalonCheckout.watch(null);
    conversationId = null;
    history.pushState({}, "", "/");
    transcript.replaceChildren(emptyState);
    callEntries.clear();
    clearWaiting();
    titleNode.textContent = "New conversation";
    document.title = "Salon";
    refreshList();
    input.focus();
  });

  const sidebar = document.querySelector(".sidebar");
  const sidebarToggle = document.getElementById("sidebar-toggle");
  sidebarToggle?.addEventListener("click", () => {
    const open = sidebar.classList.toggle("open");
    sidebarToggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  window.addEventListener("popstate", () => location.reload());

  refreshList();
  if (conversationId) loadTranscript(conversationId);
  else loadToolTitles();
  input.focus();
})();
