/* The sandbox proxy: the page between the chat page and one view, served from the sandbox origin.

   It runs no app code. It announces itself to the chat page (`ui/notifications/sandbox-proxy-ready`),
   creates the view's frame from the page's `ui/notifications/sandbox-resource-ready` {src, sandbox,
   allow} (src must be this origin's `/views/...`; sandbox tokens come from a fixed list that never
   includes allow-same-origin or top navigation), then relays JSON-RPC messages verbatim:
   parent → view only when the sender is the parent window at the origin named by `?host=`, and
   view → parent only when the sender is the view's frame. The reserved `ui/notifications/sandbox-*`
   methods are never relayed. A view that navigates its frame away (a second `load`) is removed, and the
   page is told with `ui/notifications/sandbox-view-navigated`. */
"use strict";

(() => {
  const SANDBOX_TOKENS = new Set(["allow-scripts", "allow-forms", "allow-popups", "allow-popups-to-escape-sandbox", "allow-modals", "allow-downloads"]);
  const PERMISSIONS = new Set(["camera", "microphone", "geolocation", "clipboard-write", "clipboard-read", "fullscreen", "autoplay"]);
  const RESERVED = "ui/notifications/sandbox-";

  let hostOrigin = null;
  try {
    const given = new URLSearchParams(location.search).get("host") || "";
    const origin = new URL(given).origin;
    if (origin !== "null" && origin === given.replace(/\/$/, "")) hostOrigin = origin;
  } catch (_) { /* no valid host: stay inert */ }
  /* Chromium tells a frame who embeds it; a proxy embedded by another page than `host` stays inert. */
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length && ancestors[0] !== hostOrigin) hostOrigin = null;
  if (!hostOrigin || window.parent === window) return;

  let inner = null;

  function isMessage(data) {
    return data !== null && typeof data === "object" && !Array.isArray(data) && data.jsonrpc === "2.0";
  }

  function reserved(data) {
    return typeof data.method === "string" && data.method.startsWith(RESERVED);
  }

  function viewSource(src) {
    if (typeof src !== "string") return null;
    let url;
    try { url = new URL(src, location.href); } catch (_) { return null; }
    if (url.origin !== location.origin || !url.pathname.startsWith("/views/")) return null;
    return url.href;
  }

  function sandboxTokens(value) {
    const tokens = String(value || "allow-scripts").split(/\s+/).filter((token) => SANDBOX_TOKENS.has(token));
    return [...new Set(tokens)].join(" ");
  }

  /* `allow` entries such as "camera; clipboard-write": known features only, with no origin lists. */
  function allowList(value) {
    return String(value || "").split(";").map((entry) => entry.trim().split(/\s+/)[0])
      .filter((feature) => PERMISSIONS.has(feature)).join("; ");
  }

  function createInner(params) {
    const src = viewSource(params && params.src);
    if (!src) return;
    inner = document.createElement("iframe");
    inner.setAttribute("sandbox", sandboxTokens(params.sandbox));
    const allow = allowList(params.allow);
    if (allow) inner.setAttribute("allow", allow);
    inner.setAttribute("title", document.title || "App view");
    Object.assign(inner.style, { border: "0", width: "100%", height: "100%", display: "block" });
    let loads = 0;
    inner.addEventListener("load", () => {
      loads += 1;
      if (loads > 1) {
        inner.remove();
        inner = null;
        window.parent.postMessage({ jsonrpc: "2.0", method: RESERVED + "view-navigated", params: {} }, hostOrigin);
      }
    });
    inner.src = src;
    document.body.append(inner);
  }

  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!isMessage(data)) return;
    if (event.source === window.parent) {
      if (event.origin !== hostOrigin) return;
      if (data.method === RESERVED + "resource-ready") {
        if (!inner) createInner(data.params);
        return;
      }
      if (reserved(data) || !inner || !inner.contentWindow) return;
      /* The view's origin is opaque, so "*" is the only target that reaches it; the frame is ours. */
      inner.contentWindow.postMessage(data, "*");
    } else if (inner && event.source === inner.contentWindow) {
      if (reserved(data)) return;
      window.parent.postMessage(data, hostOrigin);
    }
  });

  for (const node of [document.documentElement, document.body]) {
    Object.assign(node.style, { margin: "0", padding: "0", height: "100%", overflow: "hidden", background: "transparent" });
  }
  window.parent.postMessage({ jsonrpc: "2.0", method: RESERVED + "proxy-ready", params: {} }, hostOrigin);
})();
