/* The postMessage channel between the page and each view's sandbox proxy.

   One `message` listener serves every view: a message is handed to the Bridge registered for its
   `source` (the proxy's WindowProxy), and that Bridge reads it only when its origin is the sandbox
   origin and its shape is JSON-RPC 2.0. Host → view notifications and requests are queued until the view
   is initialized; responses never wait. Requests go to `SalonBridge.handlers` by method. */
"use strict";

(() => {
  const { ERRORS, LOG_LEVELS, RpcError, isRecord, validId, kindOf } = SalonBridge;
  const { el, ApiError } = Salon;

  /* Bridges by their proxy's WindowProxy: the one lookup every incoming message goes through. */
  const bridges = new Map();
  let nextRequestId = 1;

  window.addEventListener("message", (event) => {
    const bridge = event.source ? bridges.get(event.source) : undefined;
    if (bridge) bridge.receive(event);
  });

  /* Bridge methods (05-view.js mixes them in). */
  const channel = {
    post(message) {
      if (this.phase === "closed" || !this.frame?.contentWindow) return;
      this.frame.contentWindow.postMessage(message, this.proxyOrigin);
    },

    /* Host → view notifications and requests wait for `initialized`; responses never do. */
    send(message) {
      if (this.phase === "ready") this.post(message);
      else this.outbox.push(message);
    },

    notify(method, params) {
      this.send({ jsonrpc: "2.0", method, params: params || {} });
    },

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
    },

    respond(id, result) {
      this.post({ jsonrpc: "2.0", id, result: result || {} });
    },

    fail(id, code, message, data) {
      this.post({ jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } });
    },

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
    },

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
    },

    response(message) {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      clearTimeout(pending.timer);
      if ("error" in message) {
        const error = isRecord(message.error) ? message.error : {};
        pending.reject(new RpcError(error.code, String(error.message || "The view refused.")));
      } else pending.resolve(message.result);
    },

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
    },

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
      const handler = Object.hasOwn(SalonBridge.handlers, method) ? SalonBridge.handlers[method] : null;
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
    },
  };

  Object.assign(SalonBridge, {
    channel,
    /* A view's proxy frame is read from once it is registered, and never after. */
    register(proxyWindow, bridge) { bridges.set(proxyWindow, bridge); },
    unregister(proxyWindow) { bridges.delete(proxyWindow); },
    openBridges() { return bridges.values(); },
  });
})();
