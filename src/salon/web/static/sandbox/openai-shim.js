/* `window.openai` for views written for ChatGPT (`text/html+skybridge`), carried on MCP Apps messages.

   The host injects this file as the first script of a skybridge view. It plays the view's side of MCP
   Apps itself over `window.parent.postMessage`: `ui/initialize` (declaring every display mode), then
   `ui/notifications/initialized`, so the host treats the view like any other. The mapping follows
   ext-apps docs/migrate_from_openai_apps.md:

     toolInput / toolOutput / toolResponseMetadata   ui/notifications/tool-input (arguments) /
                                                     tool-result (structuredContent / _meta)
     theme, locale, displayMode, maxHeight,          hostContext from ui/initialize, then
     safeArea, userAgent                             ui/notifications/host-context-changed (merged)
     widgetState / setWidgetState(state)             hostContext.salon.viewState / ui/salon/set-state
     callTool(name, args)                            tools/call (resolves with the CallToolResult)
     sendFollowUpMessage({prompt})                   ui/message
     openExternal({href})                            ui/open-link
     requestDisplayMode({mode})                      ui/request-display-mode
     notifyIntrinsicHeight(height)                   ui/notifications/size-changed (also sent on resize)

   Every change of the globals dispatches `openai:set_globals` on window with `detail.globals` holding
   the changed keys. Calls made before the handshake completes wait for it. */
(function () {
  "use strict";
  if (window.openai || window.parent === window) return;

  var host = window.parent;
  var nextId = 1;
  var waiting = {};
  var markReady;
  var ready = new Promise(function (resolve) { markReady = resolve; });
  var globals = {
    theme: "light",
    locale: navigator.language || "en",
    userAgent: { device: { type: "desktop" }, capabilities: { hover: true, touch: false } },
    maxHeight: 720,
    displayMode: "inline",
    safeArea: { insets: { top: 0, right: 0, bottom: 0, left: 0 } },
    toolInput: {},
    toolOutput: null,
    toolResponseMetadata: null,
    widgetState: null,
    view: { mode: "inline", params: null }
  };

  function post(message) {
    host.postMessage(message, "*");
  }

  function rpc(method, params) {
    var id = "openai-" + nextId++;
    post({ jsonrpc: "2.0", id: id, method: method, params: params || {} });
    return new Promise(function (resolve, reject) {
      waiting[id] = { resolve: resolve, reject: reject };
    });
  }

  function call(method, params) {
    return ready.then(function () { return rpc(method, params); });
  }

  function notify(method, params) {
    post({ jsonrpc: "2.0", method: method, params: params || {} });
  }

  function setGlobals(changed) {
    var keys = Object.keys(changed);
    if (!keys.length) return;
    keys.forEach(function (key) { globals[key] = changed[key]; });
    window.dispatchEvent(new CustomEvent("openai:set_globals", { detail: { globals: changed } }));
  }

  function fromContext(context) {
    var changed = {};
    if (!context || typeof context !== "object") return changed;
    if (context.theme === "light" || context.theme === "dark") changed.theme = context.theme;
    if (typeof context.locale === "string") changed.locale = context.locale;
    if (typeof context.displayMode === "string") {
      changed.displayMode = context.displayMode;
      changed.view = { mode: context.displayMode, params: null };
    }
    var dims = context.containerDimensions;
    if (dims && typeof dims.maxHeight === "number") changed.maxHeight = dims.maxHeight;
    else if (dims && typeof dims.height === "number") changed.maxHeight = dims.height;
    if (context.safeAreaInsets) changed.safeArea = { insets: context.safeAreaInsets };
    if (context.deviceCapabilities || context.platform) {
      var type = context.platform === "mobile" ? "mobile" : context.platform === "web" || context.platform === "desktop" ? "desktop" : "unknown";
      changed.userAgent = {
        device: { type: type },
        capabilities: context.deviceCapabilities || globals.userAgent.capabilities
      };
    }
    if (context.theme === "light" || context.theme === "dark") document.documentElement.setAttribute("data-theme", context.theme);
    return changed;
  }

  window.addEventListener("message", function (event) {
    if (event.source !== host) return;
    var message = event.data;
    if (!message || typeof message !== "object" || message.jsonrpc !== "2.0") return;
    if (message.method === undefined) {
      var pending = waiting[message.id];
      if (!pending) return;
      delete waiting[message.id];
      if (message.error) {
        var error = new Error(String((message.error && message.error.message) || "The host refused the request."));
        error.code = message.error && message.error.code;
        pending.reject(error);
      } else pending.resolve(message.result || {});
      return;
    }
    var params = message.params || {};
    if (message.id !== undefined && message.id !== null) {
      var known = message.method === "ui/resource-teardown" || message.method === "ping";
      post(known ? { jsonrpc: "2.0", id: message.id, result: {} }
        : { jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "Method not found: " + message.method } });
      return;
    }
    switch (message.method) {
      case "ui/notifications/tool-input":
        setGlobals({ toolInput: params.arguments || {} });
        break;
      case "ui/notifications/tool-result":
        setGlobals({
          toolOutput: params.structuredContent === undefined ? null : params.structuredContent,
          toolResponseMetadata: params._meta === undefined ? null : params._meta
        });
        break;
      case "ui/notifications/host-context-changed":
        setGlobals(fromContext(params));
        break;
      default:
        break;
    }
  });

  var lastHeight = -1;
  function reportSize(height) {
    var box = document.documentElement.getBoundingClientRect();
    var size = { width: Math.ceil(box.width), height: Math.ceil(typeof height === "number" ? height : box.height) };
    if (size.height === lastHeight) return;
    lastHeight = size.height;
    notify("ui/notifications/size-changed", size);
  }

  function observeSize() {
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(function () { reportSize(); }).observe(document.documentElement);
    }
    reportSize();
  }

  function textOf(result) {
    return (result && Array.isArray(result.content) ? result.content : [])
      .filter(function (block) { return block && block.type === "text"; })
      .map(function (block) { return block.text; }).join("\n");
  }

  var api = {
    callTool: function (name, args) {
      return call("tools/call", { name: String(name), arguments: args || {} }).then(function (result) {
        /* Apps of both eras read the answer: `structuredContent` (MCP) and `result` (early typings). */
        var answer = Object.assign({}, result);
        if (answer.result === undefined) answer.result = textOf(result);
        return answer;
      });
    },
    sendFollowUpMessage: function (args) {
      var prompt = args && typeof args === "object" ? args.prompt : args;
      return call("ui/message", { role: "user", content: [{ type: "text", text: String(prompt || "") }] }).then(function () {});
    },
    openExternal: function (args) {
      var href = args && typeof args === "object" ? args.href : args;
      return call("ui/open-link", { url: String(href || "") }).then(function () {});
    },
    requestDisplayMode: function (args) {
      var mode = args && typeof args === "object" ? args.mode : args;
      return call("ui/request-display-mode", { mode: String(mode || "") }).then(function (result) {
        var actual = (result && result.mode) || globals.displayMode;
        if (actual !== globals.displayMode) setGlobals({ displayMode: actual, view: { mode: actual, params: null } });
        return { mode: actual };
      });
    },
    requestClose: function () {
      return api.requestDisplayMode({ mode: "inline" }).then(function () {});
    },
    setWidgetState: function (state) {
      setGlobals({ widgetState: state });
      return call("ui/salon/set-state", { state: state }).then(function () {});
    },
    notifyIntrinsicHeight: function (height) {
      if (typeof height === "number" && height > 0) ready.then(function () { reportSize(height); });
    }
  };

  var openai = {};
  Object.keys(globals).forEach(function (key) {
    Object.defineProperty(openai, key, { enumerable: true, get: function () { return globals[key]; } });
  });
  Object.keys(api).forEach(function (key) {
    Object.defineProperty(openai, key, { enumerable: true, value: api[key] });
  });
  /* Configurable, as a plain global would be: a view's own top-level `const openai = window.openai`
     must not collide with it. */
  Object.defineProperty(window, "openai", { value: Object.freeze(openai), enumerable: true, configurable: true });

  rpc("ui/initialize", {
    protocolVersion: "2026-01-26",
    appInfo: { name: "salon-openai-compat", version: "1" },
    appCapabilities: { availableDisplayModes: ["inline", "fullscreen", "pip"] }
  }).then(function (result) {
    var context = (result && result.hostContext) || {};
    var changed = fromContext(context);
    if (context.salon && context.salon.viewState !== undefined && context.salon.viewState !== null) {
      changed.widgetState = context.salon.viewState;
    }
    setGlobals(changed);
    notify("ui/notifications/initialized", {});
    markReady();
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", observeSize);
    else observeSize();
  }, function (error) {
    if (window.console) console.error("window.openai could not connect to the host: " + error.message);
  });
})();
