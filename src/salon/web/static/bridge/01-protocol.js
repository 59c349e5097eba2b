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

   The bridge is several scripts, one concern each, loaded in file-name order (chat.html) and sharing one
   namespace, `SalonBridge`, frozen once the last part is in:

     01-protocol.js          this overview; JSON-RPC 2.0 shapes, error codes, the namespace itself
     02-channel.js           the postMessage channel: which messages are read, queueing, request dispatch
     03-host-context.js      what a view is told about the host: theme, CSS variables, capabilities
     04-display.js           display modes, the frame's size, and `ui/request-display-mode`
     05-view.js              the Bridge: loading a view, its frame, its lifecycle; `ui/initialize`, `ping`
     06-app-requests.js      requests answered by the view's app: `tools/call`, `resources/read`
     07-context-requests.js  what a view keeps or shares: `ui/update-model-context`, `ui/salon/set-state`
     08-page-requests.js     what a view asks of the page: `ui/message`, `ui/open-link`
     09-views.js             `SalonViews`, the page's only entry point (chat.js, bench/views.py)

   chat.js supplies what only the page can do through `SalonViews.configure({confirm, sendMessage})`. */
"use strict";

const SalonBridge = (() => {
  const ERRORS = {
    invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, internal: -32603,
    refused: -32000, notInitialized: -32002,
  };

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

  /* A request's string parameter, refused when missing, empty or longer than `max`. */
  function textParam(value, name, max) {
    if (typeof value !== "string" || !value || value.length > max) throw new RpcError(ERRORS.invalidParams, `${name} must be a non-empty string of at most ${max} characters.`);
    return value;
  }

  return {
    PROTOCOL_VERSION: "2026-01-26",
    HOST_VERSION: (() => {
      try { return new URL(document.currentScript.src).searchParams.get("v") || "0"; } catch (_) { return "0"; }
    })(),
    ERRORS,
    LOG_LEVELS: new Set(["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]),
    RpcError,
    isRecord,
    validId,
    kindOf,
    textParam,
    /* View requests by method, each `(params) => result` called with its Bridge as `this`; the parts
       below add their families. No prototype: a request named `toString` or `__proto__` finds nothing. */
    handlers: Object.create(null),
    /* What only the page can do; `SalonViews.configure` replaces them. */
    hooks: {
      confirm: async () => null,
      sendMessage: () => false,
    },
  };
})();
