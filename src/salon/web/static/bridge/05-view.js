/* One view: the Bridge that loads its description, builds its sandbox frame, and takes it through its
   lifecycle (loading → resource-sent → initializing → ready → closed). The wire, the host context and
   the display modes are mixed in from the parts before this one. */
"use strict";

(() => {
  const { PROTOCOL_VERSION, HOST_VERSION, HOST_MODES, HEIGHT, ERRORS, RpcError, isRecord } = SalonBridge;
  const { el, request, appTitle } = Salon;

  const TEARDOWN_WAIT_MS = 1000;
  const PAINT_WAIT_MS = 2000;
  const LOAD_RETRIES_MS = [50, 150, 400, 1000];

  /* Performance marks per view (bench/views.py reads them): mount → tool result sent → first size. */
  const metrics = [];

  class Bridge {
    constructor(callId, slot, options) {
      this.callId = callId;
      this.slot = slot;
      this.options = options || {};
      this.phase = "loading";       // loading → resource-sent → initializing → ready → closed
      this.outbox = [];
      this.waiting = new Map();
      this.mode = "inline";
      this.declaredModes = ["inline"];
      this.contentHeight = HEIGHT.initial;
      /* mountedAt: the bridge got the call's result (the `view` event, or a reload); renderedAt: the view
         answered a `ping` sent right after the result (messages arrive in order, so it has handled the
         result); paintedAt: its first size report after that (a layout of the result). */
      this.metric = {
        callId, mountedAt: performance.now(), proxyReadyAt: null, readyAt: null, resultSentAt: null,
        renderedAt: null, paintedAt: null,
      };
      metrics.push(this.metric);
    }

    get api() {
      return `/api/views/${encodeURIComponent(this.callId)}`;
    }

    /* A call to this view's part of the chat origin's views API. */
    async callApi(path, body, method) {
      const response = await request(method || "POST", this.api + path, body);
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    }

    /* The call's view description. A `view` event can outrun the storing of its call, so a missing call
       or result is asked for again a few times (bounded) before the view gives up. */
    async load() {
      const preview = this.options.preview;
      if (preview) {
        /* A call the model is still writing: open its view now; `refresh` brings the call once stored. */
        this.previewing = true;
        const query = `?app=${encodeURIComponent(preview.app)}&tool=${encodeURIComponent(preview.tool)}`;
        return request("GET", `${this.api}/preview${query}`).then((response) => response.json());
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const info = await request("GET", this.api).then((response) => response.json());
          if (info.tool_result || info.cancelled || info.waiting || attempt >= LOAD_RETRIES_MS.length) return info;
        } catch (error) {
          if (error.status !== 404 || attempt >= LOAD_RETRIES_MS.length) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, LOAD_RETRIES_MS[attempt]));
      }
    }

    async start() {
      let info;
      try {
        info = await this.load();
      } catch (error) {
        this.slot.append(el("p", { class: "muted view-note", text: `The view could not be loaded: ${error.message}` }));
        this.metric.failed = true;
        return this;
      }
      this.info = info;
      let proxy;
      try {
        proxy = new URL(info.proxy_url, location.href);
      } catch (_) {
        this.slot.append(el("p", { class: "muted view-note", text: "The view has no valid sandbox address." }));
        return this;
      }
      proxy.searchParams.set("host", location.origin);
      this.proxyOrigin = proxy.origin;
      this.build(proxy.href);
      SalonBridge.register(this.frame.contentWindow, this);
      return this;
    }

    build(src) {
      const app = appTitle(this.info.app);
      const label = `${app} view`;
      this.frame = el("iframe", {
        class: "view-frame",
        src,
        sandbox: "allow-scripts allow-same-origin allow-forms",
        title: `${app}: ${this.info.tool}`,
        "aria-label": label,
        referrerpolicy: "no-referrer",
        loading: "eager",
      });
      this.frame.style.height = HEIGHT.initial + "px";
      this.modeButtons = el("div", { class: "view-bar-actions" });
      this.bar = el("div", { class: "view-bar" },
        el("span", { class: "view-bar-title", text: app }),
        this.modeButtons);
      this.confirmations = el("div", { class: "view-host" });
      this.shell = el("div", { class: "view-shell" }, this.bar, this.frame, this.confirmations);
      this.placeholder = el("p", { class: "view-placeholder muted" });
      this.node = el("div", {
        class: this.info.prefers_border === false ? "view" : "view bordered",
        role: "region", "aria-label": label, "data-call-id": this.callId, "data-display-mode": "inline",
        "data-view-phase": this.phase,
      }, this.placeholder, this.shell);
      this.slot.append(this.node);
      this.resizeObserver = new ResizeObserver(() => this.widthMaybeChanged());
      this.resizeObserver.observe(this.shell);
    }

    setPhase(phase) {
      this.phase = phase;
      if (this.node) this.node.dataset.viewPhase = phase;
    }

    initialize(params) {
      if (this.phase !== "resource-sent" && this.phase !== "initializing") {
        throw new RpcError(ERRORS.invalidRequest, "ui/initialize was already completed for this view.");
      }
      const declared = params.appCapabilities?.availableDisplayModes;
      this.declaredModes = HOST_MODES.filter((mode) => mode === "inline" || (Array.isArray(declared) && declared.includes(mode)));
      this.setPhase("initializing");
      return {
        protocolVersion: PROTOCOL_VERSION,
        hostInfo: { name: "Salon", version: HOST_VERSION },
        hostCapabilities: {
          openLinks: {},
          serverTools: {},
          serverResources: {},
          logging: {},
          updateModelContext: { text: {}, structuredContent: {} },
          message: { text: {} },
          sandbox: { permissions: this.info.allow || "" },
        },
        hostContext: this.hostContext(),
      };
    }

    initialized() {
      this.setPhase("ready");
      const queued = this.outbox;
      this.outbox = [];
      for (const message of queued) this.post(message);
      this.metric.readyAt = performance.now();
      this.renderModeButtons();
      if (this.info.tool_result) {
        this.metric.resultSentAt = this.metric.readyAt;
        this.requestView("ping", {}, PAINT_WAIT_MS).then(() => {
          this.metric.renderedAt = performance.now();
          this.paintTimer = setTimeout(() => this.painted(), PAINT_WAIT_MS);
        }, () => { /* a view that does not answer ping keeps the host's fallback rendering */ });
      }
    }

    /* The lifecycle notifications, queued now and delivered after `initialized`: the input once, then
       the outcome once it is known (a view opened while the person decides gets it from `refresh`). */
    deliverCall() {
      if (this.previewing) return;
      if (!this.delivered) {
        this.delivered = true;
        this.notify("ui/notifications/tool-input", { arguments: this.info.tool_input || {} });
      }
      this.deliverOutcome();
    }

    deliverOutcome() {
      const info = this.info;
      if (this.outcomeSent || !this.delivered) return;
      if (info.tool_result) {
        this.outcomeSent = true;
        this.notify("ui/notifications/tool-result", info.tool_result);
      } else if (info.cancelled) {
        this.outcomeSent = true;
        this.notify("ui/notifications/tool-cancelled", { reason: String(info.cancelled) });
      }
    }

    /* The call's outcome arrived in the stream: read it (with its `_meta`) and pass it on. */
    async refresh() {
      if (!this.info || this.outcomeSent || this.phase === "closed") return;
      let info;
      try {
        info = await request("GET", this.api).then((response) => response.json());
      } catch (_) {
        return;  /* not stored yet (a streamed call): the next update asks again */
      }
      if (this.previewing) {
        this.previewing = false;
        this.info.tool_input = info.tool_input;
        this.info.state = info.state;
      }
      this.info.tool_result = info.tool_result;
      this.info.cancelled = info.cancelled;
      this.info.waiting = info.waiting;
      this.deliverCall();
    }

    /* The model is still writing the call: what its arguments say so far (never run). */
    toolInputPartial(args) {
      if (!this.previewing || this.phase === "closed") return;
      if (isRecord(args)) this.notify("ui/notifications/tool-input-partial", { arguments: args });
    }

    /* The view shows the result: once, at its first layout after the result, or a while after it
       answered (a view whose size never changes). */
    painted() {
      if (this.paintTimer === null) return;
      clearTimeout(this.paintTimer);
      this.paintTimer = null;
      this.options.onPainted?.(this);
    }

    close() {
      if (this.phase === "closed") return;
      if (this.mode !== "inline") this.setMode("inline");
      this.setPhase("closed");
      clearTimeout(this.paintTimer);
      for (const pending of this.waiting.values()) clearTimeout(pending.timer);
      this.waiting.clear();
      this.resizeObserver?.disconnect();
      if (this.frame) SalonBridge.unregister(this.frame.contentWindow);
      this.shell?.remove();
      this.placeholder?.remove();
    }

    /* Ask the view to wrap up (it may save its state), bounded, then remove it. */
    async teardown(reason) {
      if (this.phase === "ready") {
        try { await this.requestView("ui/resource-teardown", { reason: reason || "closed" }, TEARDOWN_WAIT_MS); } catch (_) { /* removed anyway */ }
      }
      this.close();
      this.node?.remove();
    }
  }

  Object.assign(Bridge.prototype, SalonBridge.channel, SalonBridge.context, SalonBridge.display);

  Object.assign(SalonBridge.handlers, {
    "ui/initialize"(params) {
      const result = this.initialize(params);
      this.deliverCall();
      return result;
    },

    ping() {
      return {};
    },
  });

  Object.assign(SalonBridge, { Bridge, metrics });
})();
