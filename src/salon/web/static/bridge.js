/* The host side of MCP Apps (`io.modelcontextprotocol/ui`) in the chat page: one Bridge per view.

   A view lives two frames deep. The page embeds the sandbox proxy (`proxy_url` on the sandbox origin,
   with `?host=<this origin>`); the proxy says `ui/notifications/sandbox-proxy-ready`, the bridge answers
   `ui/notifications/sandbox-resource-ready` {src, sandbox, allow}, and the proxy creates the view's frame
   (an opaque origin under the view's own CSP header) and relays JSON-RPC 2.0 both ways. Only messages
   whose `source` is this view's proxy window and whose origin is the sandbox origin are read.

   Lifecycle: the view asks `ui/initialize` and gets host info, capabilities and `hostContext` (theme and
   the standard CSS variables taken from the page's own theme, display modes, container size, locale,
   time zone, platform, device capabilities, safe-area insets, and Salon's `salon.viewState`). Until the
   view says `ui/notifications/initialized`, everything the host would send is queued and every request
   other than `ui/initialize` and `ping` is refused with an error, forwarding nothing. Then the host sends
   `ui/notifications/tool-input` and `ui/notifications/tool-result` (or `tool-cancelled`). A view opened
   while the model still writes its call (a "preview") first gets `tool-input-partial` for each reading
   of the streamed arguments, then the rest once the call is stored.

   View requests are served through the chat origin's views API (docs/views-contract.md): `tools/call`
   (a 202 puts the host's own confirmation card under the view; the decision's streamed `tool_result`
   becomes the answer), `resources/read`, `ui/update-model-context`, Salon's `ui/salon/set-state`; and in
   the page: `ui/message` (a new user turn), `ui/open-link` (a host dialog shows the full URL unless the
   domain is trusted), `ui/request-display-mode` (inline, fullscreen, pip; only modes the view declared).
   Notifications: `ui/notifications/size-changed` sets the frame's height (clamped); logging goes to
   console.debug. The host sends `ui/notifications/host-context-changed` when the theme, the mode or the
   width changes, and `ui/resource-teardown` before removing a view.

   chat.js supplies what only the page can do through `SalonViews.configure({confirm, sendMessage})`. */
"use strict";

const SalonViews = (() => {
  const { el, request, appTitle, ApiError } = Salon;

  const PROTOCOL_VERSION = "2026-01-26";
  const HOST_VERSION = (() => {
    try { return new URL(document.currentScript.src).searchParams.get("v") || "0"; } catch (_) { return "0"; }
  })();
  const HOST_MODES = ["inline", "fullscreen", "pip"];
  const HEIGHT = { min: 48, inline: 720, pip: 420, initial: 160 };
  const TEARDOWN_WAIT_MS = 1000;
  const PAINT_WAIT_MS = 2000;
  const LOAD_RETRIES_MS = [50, 150, 400, 1000];
  const ERRORS = {
    invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, internal: -32603,
    refused: -32000, notInitialized: -32002,
  };
  const LOG_LEVELS = new Set(["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]);

  /* Bridges by their proxy's WindowProxy: the one lookup every incoming message goes through. */
  const bridges = new Map();
  const hooks = {
    confirm: async () => null,
    sendMessage: () => false,
  };
  /* Performance marks per view (bench/views.py reads them): mount → tool result sent → first size. */
  const metrics = [];

  window.addEventListener("message", (event) => {
    const bridge = event.source ? bridges.get(event.source) : undefined;
    if (bridge) bridge.receive(event);
  });

  class RpcError extends Error {
    constructor(code, message, data) {
      super(message);
      this.code = code;
      this.data = data;
    }
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function validId(id) {
    return (typeof id === "string" && id.length <= 128) || (typeof id === "number" && Number.isFinite(id));
  }

  /* "request" | "notification" | "response" | null, from the shape alone. */
  function kindOf(message) {
    if (!isRecord(message) || message.jsonrpc !== "2.0") return null;
    if (typeof message.method === "string") {
      if (!message.method || message.method.length > 128) return null;
      if ("id" in message) return validId(message.id) ? "request" : null;
      return "notification";
    }
    if (validId(message.id) && ("result" in message) !== ("error" in message)) return "response";
    return null;
  }

  /* ---------- the page's theme as MCP Apps host context ---------- */

  const darkQuery = matchMedia("(prefers-color-scheme: dark)");

  function currentTheme() {
    return darkQuery.matches ? "dark" : "light";
  }

  /* The standard variable names, valued from chat.css's own custom properties so views match the page. */
  function styleVariables() {
    const css = getComputedStyle(document.documentElement);
    const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    const bg = v("--bg", "#f7f7f5"), panel = v("--panel", "#fff"), sunken = v("--sunken", "#efefec");
    const text = v("--text", "#1d1d1b"), muted = v("--muted", "#6b6b66"), border = v("--border", "#deded8");
    const accent = v("--accent", "#3b5bdb"), accentSoft = v("--accent-soft", "#e7ecff");
    const good = v("--good", "#237a3b"), goodSoft = v("--good-soft", "#e3f4e6");
    const warn = v("--warn", "#8a5a00"), warnSoft = v("--warn-soft", "#fff2d6");
    const bad = v("--bad", "#b42318"), badSoft = v("--bad-soft", "#fde8e6");
    const tones = { info: [accent, accentSoft], danger: [bad, badSoft], success: [good, goodSoft], warning: [warn, warnSoft] };
    const vars = {
      "--color-background-primary": panel, "--color-background-secondary": bg,
      "--color-background-tertiary": sunken, "--color-background-inverse": text,
      "--color-background-ghost": "transparent", "--color-background-disabled": sunken,
      "--color-text-primary": text, "--color-text-secondary": muted, "--color-text-tertiary": muted,
      "--color-text-inverse": panel, "--color-text-ghost": muted, "--color-text-disabled": muted,
      "--color-border-primary": border, "--color-border-secondary": border, "--color-border-tertiary": sunken,
      "--color-border-inverse": text, "--color-border-ghost": "transparent", "--color-border-disabled": border,
      "--color-ring-primary": accent, "--color-ring-secondary": muted, "--color-ring-inverse": panel,
      "--font-sans": v("--font", "system-ui, sans-serif"), "--font-mono": v("--mono", "ui-monospace, monospace"),
      "--font-weight-normal": "400", "--font-weight-medium": "500", "--font-weight-semibold": "600", "--font-weight-bold": "700",
      "--border-radius-xs": "4px", "--border-radius-sm": "6px", "--border-radius-md": "8px",
      "--border-radius-lg": v("--radius", "12px"), "--border-radius-xl": "16px", "--border-radius-full": "9999px",
      "--border-width-regular": "1px",
      "--shadow-hairline": `0 0 0 1px ${border}`, "--shadow-sm": "0 1px 2px rgb(0 0 0 / 0.12)",
      "--shadow-md": "0 4px 12px rgb(0 0 0 / 0.14)", "--shadow-lg": "0 12px 32px rgb(0 0 0 / 0.18)",
    };
    for (const [tone, [fg, soft]] of Object.entries(tones)) {
      vars[`--color-background-${tone}`] = soft;
      vars[`--color-text-${tone}`] = fg;
      vars[`--color-border-${tone}`] = fg;
      vars[`--color-ring-${tone}`] = fg;
    }
    const sizes = { xs: ["0.75rem", "1rem"], sm: ["0.875rem", "1.25rem"], md: ["1rem", "1.5rem"], lg: ["1.125rem", "1.75rem"] };
    for (const [size, [font, line]] of Object.entries(sizes)) {
      vars[`--font-text-${size}-size`] = font;
      vars[`--font-text-${size}-line-height`] = line;
    }
    const headings = { xs: "0.875rem", sm: "1rem", md: "1.125rem", lg: "1.25rem", xl: "1.5rem", "2xl": "1.875rem", "3xl": "2.25rem" };
    for (const [size, font] of Object.entries(headings)) {
      vars[`--font-heading-${size}-size`] = font;
      vars[`--font-heading-${size}-line-height`] = "1.3";
    }
    return vars;
  }

  function deviceCapabilities() {
    return { touch: matchMedia("(pointer: coarse)").matches || navigator.maxTouchPoints > 0, hover: matchMedia("(hover: hover)").matches };
  }

  darkQuery.addEventListener("change", () => {
    const change = { theme: currentTheme(), styles: { variables: styleVariables() } };
    for (const bridge of bridges.values()) bridge.contextChanged(change);
  });

  /* ---------- trusted link domains ---------- */

  function trusted(url, domains) {
    const host = url.hostname.toLowerCase();
    return (domains || []).some((entry) => {
      if (typeof entry !== "string" || !entry) return false;
      let domain = entry.trim().toLowerCase();
      if (domain.includes("://")) {
        try { domain = new URL(domain).hostname; } catch (_) { return false; }
      }
      if (domain.startsWith("*.")) return host.endsWith(domain.slice(1));
      return host === domain;
    });
  }

  /* A host dialog (never the view's own UI) with the full URL; resolves true when the person opens it. */
  function confirmLink(url, app) {
    return new Promise((resolve) => {
      const dialog = el("dialog", { class: "link-dialog", "aria-labelledby": "link-dialog-title" },
        el("h2", { id: "link-dialog-title", text: `${appTitle(app)} wants to open a link` }),
        el("p", { class: "muted", text: "It opens in a new tab. Check the address before you continue:" }),
        el("p", { class: "link-url", text: url.href }),
        el("div", { class: "actions" },
          el("button", { type: "button", class: "button", text: "Cancel", value: "cancel", onclick: () => dialog.close("cancel") }),
          el("button", { type: "button", class: "button primary", text: "Open link", value: "open", onclick: () => dialog.close("open") })));
      dialog.addEventListener("close", () => {
        dialog.remove();
        resolve(dialog.returnValue === "open");
      });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  /* ---------- one view ---------- */

  let fullscreenBridge = null;
  let pipBridge = null;
  let nextRequestId = 1;

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
      bridges.set(this.frame.contentWindow, this);
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

    /* ---- wire ---- */

    post(message) {
      if (this.phase === "closed" || !this.frame?.contentWindow) return;
      this.frame.contentWindow.postMessage(message, this.proxyOrigin);
    }

    /* Host → view notifications and requests wait for `initialized`; responses never do. */
    send(message) {
      if (this.phase === "ready") this.post(message);
      else this.outbox.push(message);
    }

    notify(method, params) {
      this.send({ jsonrpc: "2.0", method, params: params || {} });
    }

    requestView(method, params, timeoutMs) {
      const id = `salon-${nextRequestId++}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiting.delete(id);
          reject(new RpcError(ERRORS.internal, `${method} got no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        this.waiting.set(id, { resolve, reject, timer });
        this.send({ jsonrpc: "2.0", id, method, params: params || {} });
      });
    }

    respond(id, result) {
      this.post({ jsonrpc: "2.0", id, result: result || {} });
    }

    fail(id, code, message, data) {
      this.post({ jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } });
    }

    receive(event) {
      if (event.origin !== this.proxyOrigin || this.phase === "closed") return;
      const message = event.data;
      const kind = kindOf(message);
      if (kind === null) {
        if (isRecord(message) && validId(message.id)) this.fail(message.id, ERRORS.invalidRequest, "Not a JSON-RPC 2.0 message.");
        return;
      }
      if (typeof message.method === "string" && message.method.startsWith("ui/notifications/sandbox-")) {
        this.sandboxMessage(message);
        return;
      }
      if (this.phase === "loading") return;
      if (kind === "response") this.response(message);
      else if (kind === "notification") this.notification(message.method, message.params);
      else this.request(message);
    }

    sandboxMessage(message) {
      if (message.method === "ui/notifications/sandbox-proxy-ready" && this.phase === "loading") {
        this.metric.proxyReadyAt = performance.now();
        this.setPhase("resource-sent");
        this.post({
          jsonrpc: "2.0", method: "ui/notifications/sandbox-resource-ready",
          params: { src: this.info.view_url, sandbox: this.info.sandbox, allow: this.info.allow || "" },
        });
      } else if (message.method === "ui/notifications/sandbox-view-navigated") {
        this.slot.append(el("p", { class: "muted view-note", text: "This view tried to leave its frame and was closed." }));
        this.close();
      }
    }

    response(message) {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      clearTimeout(pending.timer);
      if ("error" in message) {
        const error = isRecord(message.error) ? message.error : {};
        pending.reject(new RpcError(error.code, String(error.message || "The view refused.")));
      } else pending.resolve(message.result);
    }

    notification(method, params) {
      if (params !== undefined && !isRecord(params)) return;
      params = params || {};
      switch (method) {
        case "ui/notifications/initialized":
          if (this.phase === "initializing") this.initialized();
          break;
        case "ui/notifications/size-changed":
          this.sizeChanged(params);
          break;
        case "notifications/message":
        case "ui/log":
          console.debug(`[${this.info.app} view] ${LOG_LEVELS.has(params.level) ? params.level : "info"}:`,
            params.logger ? `(${String(params.logger).slice(0, 64)})` : "", params.data);
          break;
        default:
          break;
      }
    }

    async request(message) {
      const { id, method } = message;
      const params = message.params === undefined ? {} : message.params;
      if (!isRecord(params)) {
        this.fail(id, ERRORS.invalidParams, `${method} takes an object of params.`);
        return;
      }
      if (method !== "ui/initialize" && method !== "ping" && this.phase !== "ready") {
        this.fail(id, ERRORS.notInitialized,
          `${method} was sent before the view finished initializing; send ui/initialize, wait for its result, then ui/notifications/initialized.`);
        return;
      }
      const handler = HANDLERS[method];
      if (!handler) {
        this.fail(id, ERRORS.methodNotFound, `Salon does not handle ${method}.`);
        return;
      }
      try {
        this.respond(id, await handler.call(this, params));
      } catch (error) {
        if (error instanceof RpcError) this.fail(id, error.code, error.message, error.data);
        else if (error instanceof ApiError) this.fail(id, ERRORS.refused, error.message, { status: error.status, code: error.code });
        else this.fail(id, ERRORS.internal, String(error && error.message || error));
      }
    }

    /* ---- lifecycle ---- */

    hostContext() {
      return {
        toolInfo: { id: this.callId, tool: { name: this.info.tool } },
        theme: currentTheme(),
        styles: { variables: styleVariables() },
        displayMode: this.mode,
        availableDisplayModes: this.declaredModes,
        containerDimensions: this.dimensions(),
        locale: navigator.language || "en",
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        userAgent: `Salon/${HOST_VERSION}`,
        platform: "web",
        deviceCapabilities: deviceCapabilities(),
        safeAreaInsets: { top: 0, right: 0, bottom: 0, left: 0 },
        salon: { viewState: this.info.state === undefined ? null : this.info.state },
      };
    }

    dimensions() {
      const width = Math.round(this.shell?.clientWidth || 0) || undefined;
      if (this.mode === "fullscreen") return { width, height: Math.round(this.frame.clientHeight) };
      return { width, maxHeight: this.mode === "pip" ? HEIGHT.pip : HEIGHT.inline };
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

    contextChanged(change) {
      if (this.phase === "closed") return;
      this.notify("ui/notifications/host-context-changed", change);
    }

    widthMaybeChanged() {
      const width = Math.round(this.shell.clientWidth);
      if (!width || width === this.lastWidth) return;
      const first = this.lastWidth === undefined;
      this.lastWidth = width;
      if (!first && this.phase === "ready") this.contextChanged({ containerDimensions: this.dimensions() });
    }

    sizeChanged(params) {
      const height = Number(params.height);
      if (!Number.isFinite(height) || height <= 0) return;
      this.contentHeight = Math.max(HEIGHT.min, Math.min(Math.ceil(height), HEIGHT.inline));
      this.applyHeight();
      if (this.paintTimer && this.metric.paintedAt === null) {
        this.metric.paintedAt = performance.now();
        this.painted();
      }
    }

    /* The view shows the result: once, at its first layout after the result, or a while after it
       answered (a view whose size never changes). */
    painted() {
      if (this.paintTimer === null) return;
      clearTimeout(this.paintTimer);
      this.paintTimer = null;
      this.options.onPainted?.(this);
    }

    applyHeight() {
      if (this.mode === "fullscreen") this.frame.style.height = "";
      else this.frame.style.height = Math.min(this.contentHeight, this.mode === "pip" ? HEIGHT.pip : HEIGHT.inline) + "px";
    }

    /* ---- display modes ---- */

    renderModeButtons() {
      const buttons = [];
      if (this.mode !== "inline") {
        buttons.push(el("button", { type: "button", class: "button view-close", text: this.mode === "pip" ? "Restore" : "Exit full screen",
          "aria-label": this.mode === "pip" ? `Restore the ${appTitle(this.info.app)} view` : "Exit full screen",
          onclick: () => this.hostSetMode("inline", this.mode === "pip") }));
      }
      if (this.mode === "pip") {
        buttons.push(el("button", { type: "button", class: "button view-close", text: "×", "aria-label": "Close picture in picture",
          onclick: () => this.hostSetMode("inline", false) }));
      }
      this.modeButtons.replaceChildren(...buttons);
      if (this.mode === "inline") this.placeholder.replaceChildren();
      else {
        this.placeholder.replaceChildren(
          `${appTitle(this.info.app)} is open ${this.mode === "pip" ? "in picture in picture" : "in full screen"}. `,
          el("button", { type: "button", class: "button", text: "Bring it back here", onclick: () => this.hostSetMode("inline", true) }));
      }
    }

    setMode(mode) {
      if (mode === this.mode) return mode;
      if (mode === "fullscreen" && fullscreenBridge && fullscreenBridge !== this) fullscreenBridge.hostSetMode("inline", false);
      if (mode === "pip" && pipBridge && pipBridge !== this) pipBridge.hostSetMode("inline", false);
      if (fullscreenBridge === this) fullscreenBridge = null;
      if (pipBridge === this) pipBridge = null;
      this.mode = mode;
      this.node.dataset.displayMode = mode;
      if (mode === "fullscreen") fullscreenBridge = this;
      if (mode === "pip") pipBridge = this;
      document.body.classList.toggle("view-fullscreen-open", fullscreenBridge !== null);
      this.shell.setAttribute("role", mode === "inline" ? "presentation" : "dialog");
      if (mode === "inline") this.shell.removeAttribute("aria-label");
      else this.shell.setAttribute("aria-label", `${appTitle(this.info.app)} ${mode === "pip" ? "picture in picture" : "full screen"}`);
      if (mode === "fullscreen") this.shell.setAttribute("aria-modal", "true");
      else this.shell.removeAttribute("aria-modal");
      this.applyHeight();
      this.renderModeButtons();
      if (mode !== "inline") this.modeButtons.querySelector("button")?.focus();
      return mode;
    }

    /* A mode change the person made with the host's controls (or Esc): the view hears about it. */
    hostSetMode(mode, reveal) {
      this.setMode(mode);
      this.contextChanged({ displayMode: mode, containerDimensions: this.dimensions() });
      if (reveal) this.node.scrollIntoView({ block: "nearest" });
    }

    close() {
      if (this.phase === "closed") return;
      if (this.mode !== "inline") this.setMode("inline");
      this.setPhase("closed");
      clearTimeout(this.paintTimer);
      for (const pending of this.waiting.values()) clearTimeout(pending.timer);
      this.waiting.clear();
      this.resizeObserver?.disconnect();
      if (this.frame) bridges.delete(this.frame.contentWindow);
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

  /* ---------- view requests ---------- */

  async function postJson(bridge, path, body, method) {
    const response = await request(method || "POST", bridge.api + path, body);
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  }

  function text(value, name, max) {
    if (typeof value !== "string" || !value || value.length > max) throw new RpcError(ERRORS.invalidParams, `${name} must be a non-empty string of at most ${max} characters.`);
    return value;
  }

  function toCallToolResult(event) {
    const result = { content: event.text ? [{ type: "text", text: event.text }] : [], isError: Boolean(event.is_error) };
    if (event.structured !== null && event.structured !== undefined) result.structuredContent = event.structured;
    if (isRecord(event.meta) && Object.keys(event.meta).length) result._meta = event.meta;
    return result;
  }

  const HANDLERS = {
    "ui/initialize"(params) {
      const result = this.initialize(params);
      this.deliverCall();
      return result;
    },

    ping() {
      return {};
    },

    async "tools/call"(params) {
      const name = text(params.name, "name", 128);
      if (params.arguments !== undefined && !isRecord(params.arguments)) throw new RpcError(ERRORS.invalidParams, "arguments must be an object.");
      const { status, body } = await postJson(this, "/tools/call", { name, arguments: params.arguments || {} });
      if (status === 202 && isRecord(body?.confirmation)) {
        const event = await hooks.confirm(body.confirmation, this.confirmations, this);
        if (!event) throw new RpcError(ERRORS.refused, `The person did not let ${name} run.`);
        return toCallToolResult(event);
      }
      if (!isRecord(body?.result)) throw new RpcError(ERRORS.internal, "The host returned no tool result.");
      return body.result;
    },

    async "resources/read"(params) {
      const uri = text(params.uri, "uri", 2048);
      const { body } = await postJson(this, "/resources/read", { uri });
      return { contents: Array.isArray(body?.contents) ? body.contents : [] };
    },

    async "ui/update-model-context"(params) {
      const body = {};
      if (params.content !== undefined) {
        if (!Array.isArray(params.content)) throw new RpcError(ERRORS.invalidParams, "content must be a list of content blocks.");
        body.content = params.content;
      }
      if (params.structuredContent !== undefined) {
        if (!isRecord(params.structuredContent)) throw new RpcError(ERRORS.invalidParams, "structuredContent must be an object.");
        body.structuredContent = params.structuredContent;
      }
      await postJson(this, "/model-context", body);
      return {};
    },

    async "ui/salon/set-state"(params) {
      if (!("state" in params)) throw new RpcError(ERRORS.invalidParams, "ui/salon/set-state takes {state}.");
      await postJson(this, "/state", { state: params.state }, "PUT");
      this.info.state = params.state;
      return {};
    },

    "ui/message"(params) {
      if (params.role !== undefined && params.role !== "user") throw new RpcError(ERRORS.invalidParams, "role must be \"user\".");
      const blocks = Array.isArray(params.content) ? params.content : [params.content];
      const said = blocks.filter((block) => isRecord(block) && block.type === "text" && typeof block.text === "string")
        .map((block) => block.text).join("\n").trim();
      if (!said) throw new RpcError(ERRORS.invalidParams, "ui/message needs content with at least one text block.");
      if (said.length > 32000) throw new RpcError(ERRORS.invalidParams, "The message is longer than 32,000 characters.");
      if (!hooks.sendMessage(said, this)) throw new RpcError(ERRORS.refused, "Salon is answering another message; try again when it is done.");
      return {};
    },

    async "ui/open-link"(params) {
      let url;
      try { url = new URL(text(params.url, "url", 4096)); } catch (error) {
        throw error instanceof RpcError ? error : new RpcError(ERRORS.invalidParams, "url is not a valid absolute URL.");
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new RpcError(ERRORS.refused, "Only http and https links can be opened.");
      const ok = trusted(url, this.info.trusted_link_domains) || await confirmLink(url, this.info.app);
      if (!ok) throw new RpcError(ERRORS.refused, "The person chose not to open the link.");
      window.open(url.href, "_blank", "noopener,noreferrer");
      return {};
    },

    "ui/request-display-mode"(params) {
      const mode = params.mode;
      if (typeof mode !== "string") throw new RpcError(ERRORS.invalidParams, "mode must be inline, fullscreen or pip.");
      if (!this.declaredModes.includes(mode)) return { mode: this.mode };
      const before = this.mode;
      const set = this.setMode(mode);
      if (set !== before) this.contextChanged({ displayMode: set, containerDimensions: this.dimensions() });
      return { mode: set };
    },
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && fullscreenBridge) {
      event.preventDefault();
      fullscreenBridge.hostSetMode("inline", true);
    }
  });

  /* ---------- public surface ---------- */

  const byCall = new Map();

  function configure(given) {
    Object.assign(hooks, given);
  }

  /* Render the view of `callId` into `slot` (once per call id); resolves with its Bridge. */
  function mount(callId, slot, options) {
    const existing = byCall.get(callId);
    if (existing && existing.phase !== "closed") return Promise.resolve(existing);
    const bridge = new Bridge(callId, slot, options);
    byCall.set(callId, bridge);
    bridge.started = bridge.start();
    return bridge.started;
  }

  async function teardownAll(reason) {
    const all = [...byCall.values()];
    byCall.clear();
    await Promise.all(all.map((bridge) => bridge.teardown(reason)));
  }

  /* The streamed arguments of a call whose view opened early. */
  function partial(callId, args) {
    const bridge = byCall.get(callId);
    if (bridge) bridge.toolInputPartial(args);
  }

  /* The turn ended: a view opened for a call that never went ahead (the model's call was refused before
     it was stored) is closed with a note; the others get their call. */
  async function settlePreviews() {
    for (const bridge of [...byCall.values()]) {
      if (!bridge.previewing || bridge.phase === "closed") continue;
      await bridge.started.then(() => bridge.refresh());
      if (bridge.previewing) {
        byCall.delete(bridge.callId);
        await bridge.teardown("call not made");
        bridge.slot.append(el("p", { class: "muted view-note", text: "This call did not go ahead." }));
      }
    }
  }

  /* The call's result or cancellation is now stored: deliver it to its open view, if any. */
  function update(callId) {
    const bridge = byCall.get(callId);
    return bridge ? bridge.started.then(() => bridge.refresh()) : Promise.resolve();
  }

  return { configure, mount, update, partial, settlePreviews, teardownAll, metrics, get: (callId) => byCall.get(callId) || null };
})();
