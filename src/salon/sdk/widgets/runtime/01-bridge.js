/* Salon widget kit runtime: renders a view declaration and speaks MCP Apps (2026-01-26) as the View.
 *
 * Transport: JSON-RPC 2.0 over window.parent.postMessage; only messages whose source is window.parent
 * are read.
 *
 * View -> Host requests
 *   ui/initialize              {protocolVersion, appInfo: {name, version},
 *                               appCapabilities: {availableDisplayModes: [...],
 *                                                 experimental: {"salon/view-state": {}}}}
 *   tools/call                 {name, arguments}                 (bound buttons and forms)
 *   ui/message                 {role: "user", content: [{type: "text", text}]}
 *   ui/open-link               {url}                             (http and https only)
 *   ui/request-display-mode    {mode}  -> {mode}                 (only modes both sides list)
 *   ui/update-model-context    {content: [{type: "text", text}], structuredContent: {tool, arguments, result}}
 *                              (after a tool call from the view succeeds)
 *   ui/salon/set-state         {state}                           (Salon extension: save the view's UI state)
 * View -> Host notifications
 *   ui/notifications/initialized   {}
 *   ui/notifications/size-changed  {width, height}              (ResizeObserver on the document)
 *   notifications/message          {level: "error", logger: "salon-view", data}
 * Host -> View notifications handled
 *   ui/notifications/tool-input          {arguments}
 *   ui/notifications/tool-input-partial  {arguments}
 *   ui/notifications/tool-result         CallToolResult (structuredContent is rendered; isError shows content text)
 *   ui/notifications/tool-cancelled      {reason?}
 *   ui/notifications/host-context-changed  partial HostContext, merged
 * Host -> View requests handled
 *   ui/resource-teardown {reason?} -> {} (after saving the state); ping -> {}
 * HostContext fields read: theme, styles.variables, styles.css.fonts, displayMode, availableDisplayModes,
 *   containerDimensions, locale, timeZone, platform, deviceCapabilities, safeAreaInsets, salon.viewState.
 * <body data-state> is "loading", then "ready" once initialized and a result is rendered ("error",
 * "cancelled" otherwise).
 */

  var SPEC = JSON.parse(document.getElementById("salon-view-spec").textContent);
  var SVG_NS = "http" + "://www.w3.org/2000/svg";
  var STATE_METHOD = "ui/salon/set-state";
  var root = document.getElementById("salon-root");
  var html = document.documentElement;
  var own = Object.prototype.hasOwnProperty;

  var model = {
    host: {},
    capabilities: {},
    mode: "inline",
    input: undefined,
    result: undefined,
    state: { v: 1, open: {}, done: {}, carousel: {}, player: null, data: null },
    stateEnabled: true,
    players: []
  };

  /* ---------------- JSON-RPC ---------------- */

  var nextId = 1;
  var waiting = {};

  function post(message) {
    window.parent.postMessage(message, "*");
  }

  function request(method, params) {
    var id = nextId++;
    post({ jsonrpc: "2.0", id: id, method: method, params: params });
    return new Promise(function (resolve, reject) {
      waiting[id] = { resolve: resolve, reject: reject };
    });
  }

  function notify(method, params) {
    post({ jsonrpc: "2.0", method: method, params: params });
  }

  function log(data) {
    notify("notifications/message", { level: "error", logger: "salon-view", data: String(data) });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var msg = event.data;
    if (!msg || typeof msg !== "object" || msg.jsonrpc !== "2.0") return;
    if (msg.method === undefined) {
      var pending = waiting[msg.id];
      if (!pending) return;
      delete waiting[msg.id];
      if (msg.error) {
        var error = new Error((msg.error && msg.error.message) || "The host refused the request.");
        error.code = msg.error.code;
        pending.reject(error);
      } else {
        pending.resolve(msg.result || {});
      }
      return;
    }
    if (msg.id !== undefined && msg.id !== null) {
      handleRequest(msg);
    } else {
      handleNotification(msg.method, msg.params || {});
    }
  });

  function respond(id, result) {
    post({ jsonrpc: "2.0", id: id, result: result });
  }

  function handleRequest(msg) {
    if (msg.method === "ui/resource-teardown") {
      flushState();
      respond(msg.id, {});
    } else if (msg.method === "ping") {
      respond(msg.id, {});
    } else {
      post({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "Method not found: " + msg.method } });
    }
  }

  function handleNotification(method, params) {
    switch (method) {
      case "ui/notifications/tool-input":
        model.input = params.arguments || {};
        break;
      case "ui/notifications/tool-input-partial":
        if (model.input === undefined) setStatus(SPEC.loading);
        break;
      case "ui/notifications/tool-result":
        onToolResult(params);
        break;
      case "ui/notifications/tool-cancelled":
        showNotice("The request was cancelled" + (params.reason ? ": " + params.reason : "."), "cancelled");
        break;
      case "ui/notifications/host-context-changed":
        applyHostContext(params);
        break;
      default:
        break;
    }
  }

  /* ---------------- host context: theme, mode, size ---------------- */

  function applyHostContext(context) {
    if (!context || typeof context !== "object") return;
    for (var key in context) if (own.call(context, key)) model.host[key] = context[key];
    if (context.theme === "light" || context.theme === "dark") html.setAttribute("data-theme", context.theme);
    var styles = context.styles;
    if (styles && styles.variables) {
      for (var name in styles.variables) {
        var value = styles.variables[name];
        if (own.call(styles.variables, name) && name.indexOf("--") === 0 && typeof value === "string") {
          html.style.setProperty(name, value);
        }
      }
    }
    if (styles && styles.css && typeof styles.css.fonts === "string") {
      var fonts = document.getElementById("salon-host-fonts") || document.createElement("style");
      fonts.id = "salon-host-fonts";
      fonts.textContent = styles.css.fonts;
      document.head.appendChild(fonts);
    }
    if (context.displayMode) setMode(context.displayMode);
    if (context.locale) html.setAttribute("lang", String(context.locale));
    if (context.platform) html.setAttribute("data-platform", String(context.platform));
    var insets = context.safeAreaInsets;
    if (insets) {
      ["top", "right", "bottom", "left"].forEach(function (side) {
        if (typeof insets[side] === "number") html.style.setProperty("--sv-safe-" + side, insets[side] + "px");
      });
    }
    var dims = context.containerDimensions;
    if (dims && typeof dims.height === "number") {
      html.setAttribute("data-fixed-height", "");
      html.style.setProperty("--sv-container-height", dims.height + "px");
    } else if (dims) {
      html.removeAttribute("data-fixed-height");
    }
    renderToolbar();
  }

  function setMode(mode) {
    model.mode = mode;
    html.setAttribute("data-display-mode", mode);
    renderToolbar();
  }

  function locale() {
    return model.host.locale || undefined;
  }

  var lastSize = "";
  function reportSize() {
    var box = html.getBoundingClientRect();
    var size = { width: Math.ceil(box.width), height: Math.ceil(box.height) };
    var key = size.width + "x" + size.height;
    if (key === lastSize) return;
    lastSize = key;
    notify("ui/notifications/size-changed", size);
  }

  function observeSize() {
    var scheduled = false;
    var schedule = function () {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(function () {
        scheduled = false;
        reportSize();
      });
    };
    if (typeof ResizeObserver === "function") new ResizeObserver(schedule).observe(document.body);
    schedule();
  }

  /* ---------------- view state (Salon extension + window.openai mirror) ---------------- */

  var saveTimer = null;
  function saveState() {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(flushState, 200);
  }

  function flushState() {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    if (window.openai && typeof window.openai.setWidgetState === "function") {
      try {
        window.openai.setWidgetState(model.state);
      } catch (e) {
        log(e);
      }
    }
    if (!model.stateEnabled) return;
    request(STATE_METHOD, { state: model.state }).catch(function (error) {
      if (error.code === -32601) model.stateEnabled = false;
    });
  }

  function restoreState(saved) {
    if (!saved || typeof saved !== "object" || saved.v !== 1) return;
    ["open", "done", "carousel"].forEach(function (key) {
      if (saved[key] && typeof saved[key] === "object") model.state[key] = saved[key];
    });
    if (saved.player && typeof saved.player === "object") model.state.player = saved.player;
    if (saved.data && typeof saved.data === "object") model.state.data = saved.data;
  }

