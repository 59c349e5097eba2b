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
(function () {
  "use strict";

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

  /* ---------------- bindings ---------------- */

  function lookup(value, segments) {
    for (var i = 0; i < segments.length; i++) {
      if (value === null || value === undefined || typeof value !== "object") return undefined;
      if (!own.call(value, segments[i])) return undefined;
      value = value[segments[i]];
    }
    return value;
  }

  function has(value, key) {
    return value !== null && typeof value === "object" && own.call(value, key);
  }

  function resolve(path, scope) {
    var segments = path.split(".");
    var head = segments[0];
    if (head === "$index") return scope.index;
    if (head === "$item") return lookup(scope.item, segments.slice(1));
    if (head === "$result") return lookup(scope.root, segments.slice(1));
    if (head === "$input") return lookup(scope.input, segments.slice(1));
    if (has(scope.item, head)) return lookup(scope.item, segments);
    if (has(scope.root, head)) return lookup(scope.root, segments);
    return lookup(scope.input, segments);
  }

  function isoDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
    return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  }

  function applyFilter(value, name, arg, scope) {
    if (name === "count") return Array.isArray(value) ? value.length : 0;
    if (value === null || value === undefined || value === "") return "";
    var number = Number(value);
    switch (name) {
      case "money": {
        if (!isFinite(number)) return String(value);
        var currency = arg ? (/^[A-Z]{3}$/.test(arg) ? arg : resolve(arg, scope)) : null;
        try {
          return new Intl.NumberFormat(locale(), currency ? { style: "currency", currency: String(currency) }
            : { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(number);
        } catch (e) {
          return (currency ? currency + " " : "") + number.toFixed(2);
        }
      }
      case "number": {
        if (!isFinite(number)) return String(value);
        var digits = arg ? Number(arg) : undefined;
        var options = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
        return new Intl.NumberFormat(locale(), options).format(number);
      }
      case "duration":
        return isFinite(number) ? formatDuration(number) : String(value);
      case "date": {
        var day = isoDate(value);
        try {
          if (day) return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).format(day);
          var when = new Date(String(value));
          if (isNaN(when.getTime())) return String(value);
          var zone = model.host.timeZone;
          return new Intl.DateTimeFormat(locale(), zone ? { dateStyle: "medium", timeStyle: "short", timeZone: zone }
            : { dateStyle: "medium", timeStyle: "short" }).format(when);
        } catch (e) {
          return String(value);
        }
      }
      case "upper":
        return String(value).toUpperCase();
      case "lower":
        return String(value).toLowerCase();
      case "stars":
        return isFinite(number) ? new Array(Math.max(0, Math.min(10, Math.round(number))) + 1).join("★") : "";
      default:
        return String(value);
    }
  }

  function formatDuration(seconds) {
    var total = Math.max(0, Math.floor(seconds));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var ss = (s < 10 ? "0" : "") + s;
    return h ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
  }

  function evalBinding(binding, scope) {
    var value = resolve(binding.path, scope);
    var filters = binding.filters || [];
    for (var i = 0; i < filters.length; i++) value = applyFilter(value, filters[i][0], filters[i][1], scope);
    return value;
  }

  function text(template, scope) {
    if (!template) return "";
    var out = "";
    for (var i = 0; i < template.length; i++) {
      var part = template[i];
      if (typeof part === "string") {
        out += part;
      } else {
        var value = evalBinding(part, scope);
        out += value === null || value === undefined ? "" : typeof value === "object" ? "" : String(value);
      }
    }
    return out;
  }

  function argumentsFor(compiled, scope) {
    var args = {};
    for (var name in compiled) {
      if (!own.call(compiled, name)) continue;
      var spec = compiled[name];
      var value = own.call(spec, "value") ? spec.value : own.call(spec, "bind") ? evalBinding(spec.bind, scope)
        : text(spec.template, scope);
      if (value !== undefined) args[name] = value;
    }
    return args;
  }

  function itemKey(node, scope) {
    var id = scope.item && typeof scope.item === "object" ? scope.item.id : undefined;
    return node.id + ":" + (id !== undefined ? String(id) : scope.index !== undefined ? String(scope.index) : "");
  }

  /* ---------------- DOM helpers ---------------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (!own.call(attrs, key)) continue;
        var value = attrs[key];
        if (value === null || value === undefined || value === false) continue;
        if (key === "text") node.textContent = String(value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  var uid = 0;
  function freshId(prefix) {
    uid += 1;
    return "sv-" + prefix + "-" + uid;
  }

  function slug(value) {
    return String(value).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function allowedImage(src) {
    if (!src) return false;
    if (/^data:image\//i.test(src)) return true;
    var url;
    try {
      url = new URL(src);
    } catch (e) {
      return false;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return false;
    return (SPEC.resourceDomains || []).some(function (domain) {
      var wild = /^(https?:\/\/)\*\.(.+)$/.exec(domain);
      if (wild) return url.protocol === wild[1].slice(0, -2) && (url.host === wild[2] || url.host.slice(-wild[2].length - 1) === "." + wild[2]);
      return url.origin === String(domain).replace(/\/+$/, "");
    });
  }

  function placeholder(label) {
    var seed = 0;
    for (var i = 0; i < label.length; i++) seed = (seed * 31 + label.charCodeAt(i)) >>> 0;
    var hue = seed % 360, hue2 = (hue + 40) % 360;
    var initials = label.split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) {
      return w.charAt(0).toUpperCase();
    }).join("").replace(/[^A-Za-z0-9]/g, "");
    var svg = "<svg xmlns='" + SVG_NS + "' viewBox='0 0 160 90'><defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'>" +
      "<stop offset='0' stop-color='hsl(" + hue + ",55%,55%)'/><stop offset='1' stop-color='hsl(" + hue2 + ",60%,35%)'/>" +
      "</linearGradient></defs><rect width='160' height='90' fill='url(#g)'/><text x='80' y='56' font-family='sans-serif' " +
      "font-size='30' font-weight='600' fill='white' fill-opacity='0.9' text-anchor='middle'>" + initials + "</text></svg>";
    return "data:image/svg+xml," + encodeURIComponent(svg);
  }

  function image(src, alt, className, name) {
    var seed = name || alt || "";
    var source = allowedImage(src) ? src : placeholder(seed);
    var img = el("img", { class: className || "sv-image", src: source, alt: alt || "", loading: "lazy", decoding: "async" });
    img.addEventListener("error", function () {
      img.src = placeholder(seed);
    }, { once: true });
    return img;
  }

  /* ---------------- rendering ---------------- */

  var renderers = {};

  function renderNode(node, scope) {
    if (node.when && !truthy(resolve(node.when, scope))) return null;
    if (node.unless && truthy(resolve(node.unless, scope))) return null;
    var render = renderers[node.type];
    if (!render) return null;
    var out = render(node, scope);
    if (out && node.showIn) out.setAttribute("data-show-in", node.showIn.join(" "));
    if (out && node.testid) out.setAttribute("data-testid", node.testid);
    return out;
  }

  function truthy(value) {
    return Array.isArray(value) ? value.length > 0 : !!value;
  }

  function renderAll(nodes, scope) {
    return (nodes || []).map(function (node) {
      return renderNode(node, scope);
    });
  }

  function itemsOf(node, scope) {
    var items = resolve(node.items, scope);
    return Array.isArray(items) ? items : [];
  }

  function childScope(scope, item, index) {
    return { item: item, index: index, root: scope.root, input: scope.input };
  }

  renderers.text = function (node, scope) {
    var value = text(node.text, scope);
    var tone = node.tone === "neutral" ? "" : node.tone === "muted" ? "sv-muted" : "sv-tone-" + node.tone;
    return value ? el("p", { class: tone || null, text: value, "data-testid": "text" }) : null;
  };

  renderers.heading = function (node, scope) {
    return el("h" + node.level, { text: text(node.text, scope), "data-testid": "heading" });
  };

  renderers.badge = function (node, scope) {
    var value = text(node.text, scope);
    return value ? el("span", { class: "sv-badge sv-tone-" + node.tone, text: value, "data-testid": "badge" }) : null;
  };

  renderers.rating = function (node, scope) {
    var value = Number(resolve(node.value, scope));
    if (!isFinite(value)) return null;
    var shown = node.style === "stars"
      ? new Array(Math.max(0, Math.min(node.max, Math.round(value))) + 1).join("★")
      : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value) + "/" + node.max;
    var words = node.label + " " + value + " out of " + node.max;
    return el("span", { class: "sv-rating", "data-testid": "rating" }, [
      el("span", { "aria-hidden": "true", text: shown }),
      el("span", { class: "sv-visually-hidden", text: words })
    ]);
  };

  renderers.image = function (node, scope) {
    var img = image(text(node.src, scope), text(node.alt, scope));
    img.style.aspectRatio = node.ratio.replace("/", " / ");
    img.setAttribute("data-testid", "image");
    return img;
  };

  renderers.card = function (node, scope) {
    var title = text(node.title, scope);
    var titleId = freshId("title");
    var itemId = scope.item && typeof scope.item === "object" && scope.item.id !== undefined ? scope.item.id : null;
    var card = el("article", { class: "sv-card", "aria-labelledby": titleId, "data-testid": "card", "data-item-id": itemId });
    if (node.image) card.appendChild(image(text(node.image, scope), text(node.imageAlt, scope), null, title));
    var body = el("div", { class: "sv-card-body" });
    body.appendChild(el("div", { class: "sv-card-head" }, [
      el("h3", { class: "sv-card-title", id: titleId, text: title, "data-testid": "card-title" }),
      node.badge ? renderNode(node.badge, scope) : null
    ]));
    var subtitle = text(node.subtitle, scope);
    if (subtitle) body.appendChild(el("p", { class: "sv-card-subtitle", text: subtitle, "data-testid": "card-subtitle" }));
    renderAll(node.body, scope).forEach(function (child) {
      if (child) body.appendChild(child);
    });
    appendActions(body, node.actions, scope);
    card.appendChild(body);
    return card;
  };

  function appendActions(container, actions, scope) {
    if (!actions || !actions.length) return;
    var row = el("div", { class: "sv-actions" });
    var slot = el("div", { class: "sv-inline-form", hidden: true });
    actions.forEach(function (action) {
      var button = renderButton(action, scope, slot);
      if (button) row.appendChild(button);
    });
    container.appendChild(row);
    container.appendChild(slot);
  }

  renderers.button = function (node, scope) {
    return renderButton(node, scope, null);
  };

  function renderButton(node, scope, slot) {
    var label = text(node.label, scope);
    var button = el("button", {
      type: "button",
      class: "sv-button" + (node.variant === "primary" ? " sv-primary" : ""),
      text: label,
      "data-testid": node.testid || "button-" + slug(label)
    });
    var key = itemKey(node, scope);
    if (node.action === "tool") {
      if (node.done && model.state.done[key]) {
        button.textContent = node.done;
        button.setAttribute("data-status", "done");
      }
      button.addEventListener("click", function () {
        runToolButton(node, scope, button, label, key);
      });
    } else if (node.action === "open") {
      var host = slot || el("div", { class: "sv-inline-form", hidden: true });
      var formId = freshId("form");
      host.id = host.id || formId;
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", host.id);
      var open = function (focus) {
        host.textContent = "";
        host.appendChild(renderForm(node.form, scope, function () {
          close();
          button.focus();
        }));
        host.hidden = false;
        button.setAttribute("aria-expanded", "true");
        if (focus) {
          var first = host.querySelector("input, select, textarea, button");
          if (first) first.focus();
        }
      };
      var close = function () {
        host.hidden = true;
        host.textContent = "";
        button.setAttribute("aria-expanded", "false");
        delete model.state.open[key];
        saveState();
      };
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-expanded") === "true") {
          close();
        } else {
          open(true);
          model.state.open[key] = true;
          saveState();
        }
      });
      if (model.state.open[key] || model.state.done[itemKey(node.form, scope)]) open(false);
      if (!slot) return el("div", { class: "sv-action-group" }, [button, host]);
    } else if (node.action === "message") {
      button.addEventListener("click", function () {
        var message = text(node.message, scope);
        request("ui/message", { role: "user", content: [{ type: "text", text: message }] }).catch(function (error) {
          actionError(button, error.message);
        });
      });
    } else if (node.action === "link") {
      button.addEventListener("click", function () {
        var url = text(node.link, scope);
        if (!/^https?:\/\//i.test(url)) return actionError(button, "This link cannot be opened.");
        request("ui/open-link", { url: url }).catch(function (error) {
          actionError(button, error.message);
        });
      });
    } else if (node.action === "display-mode") {
      button.addEventListener("click", function () {
        requestMode(node.mode);
      });
    }
    return button;
  }

  function actionError(button, message) {
    var next = button.nextElementSibling;
    var box = next && next.classList.contains("sv-action-error") ? next : el("p", { class: "sv-action-error", role: "alert" });
    box.textContent = message;
    if (box !== next) button.insertAdjacentElement("afterend", box);
  }

  function clearActionError(button) {
    var next = button.nextElementSibling;
    if (next && next.classList.contains("sv-action-error")) next.remove();
  }

  function callTool(name, args) {
    return request("tools/call", { name: name, arguments: args }).then(function (result) {
      if (result.isError) {
        throw new Error(resultText(result) || "The app could not do that.");
      }
      var said = resultText(result);
      request("ui/update-model-context", {
        content: [{ type: "text", text: "From the view, the person used " + name + ". " + said }],
        structuredContent: { tool: name, arguments: args, result: result.structuredContent || null }
      }).catch(function () {});
      return result;
    });
  }

  function resultText(result) {
    return (result.content || []).filter(function (block) {
      return block && block.type === "text";
    }).map(function (block) {
      return block.text;
    }).join("\n");
  }

  function runToolButton(node, scope, button, label, key) {
    if (button.getAttribute("aria-busy") === "true") return;
    var args = argumentsFor(node.arguments, scope);
    (node.fromItem || []).forEach(function (path) {
      var value = resolve(path, scope);
      if (value !== undefined) args[path.split(".").pop()] = value;
    });
    clearActionError(button);
    button.setAttribute("aria-busy", "true");
    button.disabled = true;
    button.setAttribute("data-status", "pending");
    button.textContent = node.pending;
    callTool(node.tool, args).then(function (result) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.setAttribute("data-status", "done");
      button.textContent = node.done || label;
      if (node.done) {
        model.state.done[key] = true;
        saveState();
      }
      if (node.refresh && result.structuredContent) {
        model.state.data = result.structuredContent;
        model.state.player = null;
        saveState();
        model.result = result.structuredContent;
        render();
      }
    }, function (error) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.setAttribute("data-status", "error");
      button.textContent = label;
      actionError(button, error.message);
    });
  }

  /* ---------------- forms ---------------- */

  function today() {
    var now = new Date();
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function bound(value) {
    return value === "today" ? today() : value;
  }

  function renderField(field, scope) {
    var id = freshId("field");
    var errorId = id + "-error";
    var helpId = id + "-help";
    var type = field.inputType;
    var control;
    var prefill = field.value ? text(field.value, scope) : "";
    if (type === "textarea") {
      control = el("textarea", { rows: 3 });
      control.value = prefill;
    } else if (type === "select") {
      control = el("select");
      if (!field.required) control.appendChild(el("option", { value: "", text: "—" }));
      field.choices.forEach(function (choice) {
        control.appendChild(el("option", { value: choice[0], text: choice[1] }));
      });
      if (prefill) control.value = prefill;
    } else {
      control = el("input", { type: type });
      if (type === "checkbox") control.checked = prefill === "true" || prefill === "1";
      else control.value = prefill;
    }
    control.id = id;
    control.name = field.name;
    control.setAttribute("data-testid", "field-" + field.name);
    if (field.required) {
      control.required = true;
      control.setAttribute("aria-required", "true");
    }
    var attrs = { min: bound(field.min), max: bound(field.max), step: field.step, minlength: field.minLength,
      maxlength: field.maxLength, pattern: field.pattern, placeholder: field.placeholder };
    for (var name in attrs) if (attrs[name] !== undefined && attrs[name] !== null) control.setAttribute(name, String(attrs[name]));
    if (type === "number" && field.step === undefined) control.setAttribute("step", "any");
    if (type === "number") control.setAttribute("inputmode", "decimal");
    var described = [];
    var label = el("label", { for: id }, [document.createTextNode(field.label)]);
    if (field.required) label.appendChild(el("span", { class: "sv-required", "aria-hidden": "true", text: " *" }));
    var help = field.help ? el("p", { class: "sv-field-help", id: helpId, text: field.help }) : null;
    if (help) described.push(helpId);
    var error = el("p", { class: "sv-field-error", id: errorId, hidden: true });
    described.push(errorId);
    control.setAttribute("aria-describedby", described.join(" "));
    var wrap = type === "checkbox"
      ? el("div", { class: "sv-field sv-field-check" }, [control, label, help, error])
      : el("div", { class: "sv-field" }, [label, control, help, error]);
    return { wrap: wrap, control: control, error: error, field: field };
  }

  function fieldMessage(item) {
    var c = item.control, f = item.field, v = c.validity;
    if (v.valid) return "";
    if (f.message) return f.message;
    if (v.valueMissing) return f.inputType === "checkbox" ? "Tick " + f.label + " to go on." : f.label + " is required.";
    if (v.badInput) return f.inputType === "number" ? "Enter a number for " + f.label + "." : "Enter a valid " + f.label + ".";
    if (v.typeMismatch) return f.inputType === "email" ? "Enter an email address like name@example.com."
      : f.inputType === "url" ? "Enter a full web address, starting with https." : "Enter a valid " + f.label + ".";
    if (v.rangeUnderflow) return f.label + " must be " + (f.inputType === "date" ? "on or after " : "at least ") + c.min + ".";
    if (v.rangeOverflow) return f.label + " must be " + (f.inputType === "date" ? "on or before " : "at most ") + c.max + ".";
    if (v.stepMismatch) return f.label + " must be a multiple of " + c.step + ".";
    if (v.tooShort) return f.label + " must be at least " + f.minLength + " characters.";
    if (v.tooLong) return f.label + " must be at most " + f.maxLength + " characters.";
    if (v.patternMismatch) return f.label + " is not in the expected format.";
    return c.validationMessage || f.label + " is not valid.";
  }

  function fieldValue(item) {
    var c = item.control, type = item.field.inputType;
    if (type === "checkbox") return c.checked;
    var raw = c.value;
    if (raw === "") return undefined;
    if (type === "number") return Number(raw);
    return raw;
  }

  function renderForm(node, scope, onCancel) {
    var key = itemKey(node, scope);
    if (model.state.done[key]) return successBox(model.state.done[key]);
    var form = el("form", { class: "sv-form", novalidate: true, "data-testid": node.testid || "form-" + node.tool });
    var headingId = null;
    if (node.title) {
      headingId = freshId("form-title");
      form.appendChild(el("h4", { id: headingId, text: node.title }));
      form.setAttribute("aria-labelledby", headingId);
    } else {
      form.setAttribute("aria-label", node.submit);
    }
    var items = node.fields.map(function (field) {
      var item = renderField(field, scope);
      form.appendChild(item.wrap);
      return item;
    });
    var submit = el("button", { type: "submit", class: "sv-button sv-primary", text: node.submit, "data-testid": "form-submit" });
    var actions = el("div", { class: "sv-actions" }, [submit]);
    if (onCancel) {
      var cancel = el("button", { type: "button", class: "sv-button", text: "Cancel", "data-testid": "form-cancel" });
      cancel.addEventListener("click", onCancel);
      actions.appendChild(cancel);
    }
    form.appendChild(actions);
    var status = el("p", { class: "sv-form-status", role: "alert", "data-testid": "form-error", hidden: true });
    form.appendChild(status);
    items.forEach(function (item) {
      item.control.addEventListener("input", function () {
        if (item.control.getAttribute("aria-invalid") === "true") validate(item);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.getAttribute("aria-busy") === "true") return;
      var invalid = items.filter(function (item) {
        return !validate(item);
      });
      if (invalid.length) {
        invalid[0].control.focus();
        return;
      }
      var args = argumentsFor(node.arguments, scope);
      items.forEach(function (item) {
        var value = fieldValue(item);
        if (value !== undefined) args[item.field.name] = value;
      });
      status.hidden = true;
      form.setAttribute("aria-busy", "true");
      submit.disabled = true;
      submit.textContent = node.pending;
      callTool(node.tool, args).then(function (result) {
        var done = text(node.success, { item: result.structuredContent || {}, index: scope.index, root: scope.root, input: args });
        model.state.done[key] = done;
        saveState();
        if (node.refresh && result.structuredContent) {
          model.state.data = result.structuredContent;
          model.state.player = null;
          model.result = result.structuredContent;
          render();
          return;
        }
        var box = successBox(done);
        form.replaceWith(box);
        box.focus();
      }, function (error) {
        form.removeAttribute("aria-busy");
        submit.disabled = false;
        submit.textContent = node.submit;
        status.textContent = error.message;
        status.hidden = false;
      });
    });
    return form;
  }

  function validate(item) {
    var message = fieldMessage(item);
    item.error.textContent = message;
    item.error.hidden = !message;
    if (message) item.control.setAttribute("aria-invalid", "true");
    else item.control.removeAttribute("aria-invalid");
    return !message;
  }

  function successBox(message) {
    return el("div", { class: "sv-notice sv-success", role: "status", tabindex: "-1", text: message, "data-testid": "form-success" });
  }

  renderers.form = function (node, scope) {
    return renderForm(node, scope, null);
  };

  /* ---------------- collections ---------------- */

  renderers.carousel = function (node, scope) {
    var items = itemsOf(node, scope);
    var label = text(node.label, scope);
    if (!items.length) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "empty" });
    var section = el("section", { class: "sv-carousel", "aria-roledescription": "carousel", "aria-label": label, "data-testid": "carousel" });
    var prev = el("button", { type: "button", class: "sv-button sv-icon-button", "aria-label": "Previous", text: "‹", "data-testid": "carousel-prev" });
    var next = el("button", { type: "button", class: "sv-button sv-icon-button", "aria-label": "Next", text: "›", "data-testid": "carousel-next" });
    var position = el("span", { class: "sv-carousel-position", "aria-live": "polite", "data-testid": "carousel-position" });
    section.appendChild(el("div", { class: "sv-carousel-head" }, [
      el("span", { class: "sv-muted", text: items.length + (items.length === 1 ? " result" : " results") }),
      el("div", { class: "sv-carousel-controls" }, [prev, position, next])
    ]));
    var track = el("ul", { class: "sv-carousel-track", role: "list", tabindex: "0", "aria-label": label + " (use the arrow keys)", "data-testid": "carousel-track" });
    var slides = items.map(function (item, index) {
      var slide = el("li", { class: "sv-slide", "aria-roledescription": "slide", "aria-label": index + 1 + " of " + items.length, "data-testid": "slide" });
      var card = renderNode(node.card, childScope(scope, item, index));
      if (card) slide.appendChild(card);
      track.appendChild(slide);
      return slide;
    });
    section.appendChild(track);
    var current = Math.min(Number(model.state.carousel[node.id]) || 0, items.length - 1);
    var update = function () {
      position.textContent = current + 1 + " / " + items.length;
      prev.disabled = current === 0;
      next.disabled = current === items.length - 1;
    };
    var go = function (index, focus) {
      current = Math.max(0, Math.min(items.length - 1, index));
      track.scrollTo({ left: slides[current].offsetLeft - slides[0].offsetLeft });
      if (focus) {
        var target = slides[current].querySelector("button, a[href], input, [tabindex]");
        (target || track).focus({ preventScroll: true });
      }
      model.state.carousel[node.id] = current;
      saveState();
      update();
    };
    prev.addEventListener("click", function () {
      go(current - 1, false);
    });
    next.addEventListener("click", function () {
      go(current + 1, false);
    });
    section.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      if (event.key === "ArrowRight") go(current + 1, event.target !== track);
      else if (event.key === "ArrowLeft") go(current - 1, event.target !== track);
      else if (event.key === "Home") go(0, event.target !== track);
      else if (event.key === "End") go(items.length - 1, event.target !== track);
      else return;
      event.preventDefault();
    });
    var ticking = false;
    track.addEventListener("scroll", function () {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(function () {
        ticking = false;
        var left = track.scrollLeft + slides[0].offsetLeft;
        var nearest = 0;
        slides.forEach(function (slide, index) {
          if (Math.abs(slide.offsetLeft - left) < Math.abs(slides[nearest].offsetLeft - left)) nearest = index;
        });
        if (nearest !== current && html.getAttribute("data-display-mode") !== "fullscreen") {
          current = nearest;
          model.state.carousel[node.id] = current;
          saveState();
          update();
        }
      });
    });
    update();
    if (current > 0) {
      requestAnimationFrame(function () {
        track.scrollTo({ left: slides[current].offsetLeft - slides[0].offsetLeft });
      });
    }
    return section;
  };

  renderers.list = function (node, scope) {
    var items = itemsOf(node, scope);
    if (!items.length) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "empty" });
    var list = el(node.numbered ? "ol" : "ul", { class: "sv-list", role: "list", "aria-label": text(node.label, scope), "data-testid": "list" });
    items.forEach(function (item, index) {
      var itemScope = childScope(scope, item, index);
      var row = el("li", { class: "sv-list-item", "data-testid": "list-item", "data-item-id": item && item.id !== undefined ? item.id : null });
      var title = text(node.title, itemScope);
      if (node.numbered) row.appendChild(el("span", { class: "sv-list-number", "aria-hidden": "true", text: index + 1 + "." }));
      if (node.image) row.appendChild(image(text(node.image, itemScope), title, "sv-image sv-list-thumb"));
      row.appendChild(el("div", { class: "sv-list-text" }, [
        el("span", { class: "sv-list-title", text: title, "data-testid": "list-item-title" }),
        node.subtitle ? el("span", { class: "sv-list-subtitle", text: text(node.subtitle, itemScope) }) : null
      ]));
      var trailing = text(node.trailing, itemScope);
      if (trailing) row.appendChild(el("span", { class: "sv-list-trailing", text: trailing }));
      appendActions(row, node.actions, itemScope);
      list.appendChild(row);
    });
    return list;
  };

  renderers.table = function (node, scope) {
    var items = itemsOf(node, scope);
    if (!items.length) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "empty" });
    var caption = text(node.caption, scope);
    var head = el("tr", null, node.columns.map(function (column) {
      return el("th", { scope: "col", class: column.align === "end" ? "sv-end" : null, text: column.header });
    }));
    var body = el("tbody", null, items.map(function (item, index) {
      var itemScope = childScope(scope, item, index);
      return el("tr", { "data-testid": "table-row" }, node.columns.map(function (column) {
        return el("td", { class: column.align === "end" ? "sv-end" : null, text: text(column.value, itemScope) });
      }));
    }));
    var table = el("table", { class: "sv-table", "data-testid": "table" }, [
      caption ? el("caption", { text: caption }) : null, el("thead", null, [head]), body
    ]);
    return el("div", { class: "sv-table-wrap", tabindex: "0", role: "region", "aria-label": caption || "Table" }, [table]);
  };

  renderers.details = function (node, scope) {
    var list = el("dl", { class: "sv-details", "data-testid": "details" });
    node.fields.forEach(function (pair) {
      var value = text(pair[1], scope);
      if (!value) return;
      list.appendChild(el("dt", { text: pair[0] }));
      list.appendChild(el("dd", { text: value }));
    });
    var title = text(node.title, scope);
    return title ? el("section", { "aria-label": title }, [el("h3", { text: title }), list]) : list;
  };

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var key in attrs) if (own.call(attrs, key)) node.setAttribute(key, String(attrs[key]));
    return node;
  }

  renderers.chart = function (node, scope) {
    var items = itemsOf(node, scope);
    var title = text(node.title, scope);
    var points = items.map(function (item, index) {
      var itemScope = childScope(scope, item, index);
      var y = Number(resolve(node.y, itemScope));
      return { label: text(node.x, itemScope), y: isFinite(y) ? y : 0, value: node.value ? text(node.value, itemScope) : String(y) };
    });
    var width = 320, height = 160, pad = 22;
    var max = Math.max.apply(null, points.map(function (p) { return p.y; }).concat([0])) || 1;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title + ": " + points.map(function (p) {
      return p.label + " " + p.value;
    }).join(", ") });
    var step = points.length ? (width - pad) / points.length : 0;
    var coords = [];
    points.forEach(function (point, index) {
      var h = (point.y / max) * (height - 2 * pad);
      var x = pad / 2 + index * step;
      if (node.chart === "bar") {
        var bar = svg("rect", { class: "sv-bar", x: x + step * 0.15, y: height - pad - h, width: step * 0.7, height: Math.max(h, 0), rx: 3 });
        var tip = svg("title", {});
        tip.textContent = point.label + ": " + point.value;
        bar.appendChild(tip);
        chart.appendChild(bar);
      } else {
        coords.push([x + step / 2, height - pad - h]);
        chart.appendChild(svg("circle", { class: "sv-dot", cx: x + step / 2, cy: height - pad - h, r: 3 }));
      }
      var label = svg("text", { x: x + step / 2, y: height - 6, "text-anchor": "middle" });
      label.textContent = point.label.length > 8 ? point.label.slice(0, 7) + "…" : point.label;
      chart.appendChild(label);
    });
    if (coords.length) chart.insertBefore(svg("polyline", { class: "sv-line", points: coords.map(function (c) { return c.join(","); }).join(" ") }), chart.firstChild);
    return el("figure", { class: "sv-chart", "data-testid": "chart" }, [chart, el("figcaption", { class: "sv-muted", text: title })]);
  };

  /* ---------------- player ---------------- */

  renderers.player = function (node, scope) {
    var track = resolve(node.track, scope);
    if (track === undefined || track === null) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "player-empty" });
    var duration = Number(resolve(node.duration, scope)) || 0;
    var saved = model.state.player;
    var player;
    if (saved && saved.track === track) {
      var elapsed = saved.playing ? (Date.now() - saved.at) / 1000 : 0;
      player = { track: track, playing: saved.playing, position: Math.min(duration, saved.position + elapsed), at: Date.now() };
    } else {
      player = { track: track, playing: true, position: Number(resolve(node.position, scope)) || 0, at: Date.now() };
    }
    if (player.position >= duration) player.playing = false;
    var title = text(node.title, scope);
    var fill = el("div", { class: "sv-progress-fill" });
    var bar = el("div", { class: "sv-progress", role: "progressbar", "aria-label": "Progress", "aria-valuemin": 0,
      "aria-valuemax": Math.round(duration), "data-testid": "player-progress" }, [fill]);
    var elapsedLabel = el("span", { "data-testid": "player-position" });
    var toggle = el("button", { type: "button", class: "sv-button sv-primary", "data-testid": "player-toggle" });
    var section = el("section", { class: "sv-player", "aria-label": "Player", "data-testid": "player" }, [
      image(node.image ? text(node.image, scope) : "", title),
      el("div", { class: "sv-player-meta" }, [
        el("h3", { text: title, "data-testid": "player-title" }),
        node.subtitle ? el("p", { class: "sv-muted", text: text(node.subtitle, scope), "data-testid": "player-subtitle" }) : null
      ]),
      el("div", { class: "sv-player-progress" }, [bar, el("div", { class: "sv-times" }, [elapsedLabel, el("span", { text: formatDuration(duration) })])])
    ]);
    var actions = el("div", { class: "sv-actions" }, [toggle]);
    (node.controls || []).forEach(function (control) {
      var button = renderButton(control, scope, null);
      if (button) actions.appendChild(button);
    });
    section.appendChild(actions);
    var paint = function () {
      var pos = Math.floor(player.position);
      fill.style.width = (duration ? Math.min(100, (player.position / duration) * 100) : 0) + "%";
      bar.setAttribute("aria-valuenow", String(pos));
      bar.setAttribute("aria-valuetext", formatDuration(pos) + " of " + formatDuration(duration));
      elapsedLabel.textContent = formatDuration(pos);
      toggle.textContent = player.playing ? "Pause" : "Play";
      toggle.setAttribute("aria-pressed", player.playing ? "true" : "false");
      section.setAttribute("data-playing", player.playing ? "true" : "false");
    };
    var remember = function () {
      model.state.player = { track: player.track, playing: player.playing, position: player.position, at: Date.now() };
      saveState();
    };
    toggle.addEventListener("click", function () {
      if (!player.playing && player.position >= duration) player.position = 0;
      player.playing = !player.playing;
      player.at = Date.now();
      remember();
      paint();
    });
    model.players.push(function (now) {
      if (!player.playing || !section.isConnected) return;
      player.position = Math.min(duration, player.position + (now - player.at) / 1000);
      player.at = now;
      if (player.position >= duration) {
        player.playing = false;
        remember();
      }
      paint();
    });
    paint();
    remember();
    return section;
  };

  setInterval(function () {
    var now = Date.now();
    model.players.forEach(function (tick) {
      tick(now);
    });
  }, 1000);

  /* ---------------- the view ---------------- */

  function scopeNow() {
    return { item: undefined, index: undefined, root: model.result, input: model.input };
  }

  function setStatus(message) {
    root.setAttribute("aria-busy", "true");
    body().setAttribute("data-state", "loading");
    root.textContent = "";
    root.appendChild(toolbar);
    root.appendChild(el("p", { class: "sv-status", role: "status", text: message }));
  }

  function showNotice(message, state) {
    root.removeAttribute("aria-busy");
    root.textContent = "";
    root.appendChild(toolbar);
    root.appendChild(el("p", { class: "sv-notice" + (state === "error" ? " sv-error" : ""), role: "alert", text: message, "data-testid": "view-" + state }));
    body().setAttribute("data-state", state);
  }

  function body() {
    return document.body;
  }

  function onToolResult(result) {
    if (result.isError) {
      showNotice(resultText(result) || "The app could not answer.", "error");
      return;
    }
    model.result = model.state.data || result.structuredContent || {};
    render();
  }

  function render() {
    model.players = [];
    root.textContent = "";
    root.appendChild(toolbar);
    renderAll(SPEC.body, scopeNow()).forEach(function (child) {
      if (child) root.appendChild(child);
    });
    root.removeAttribute("aria-busy");
    body().setAttribute("data-state", "ready");
  }

  var toolbar = el("div", { class: "sv-toolbar", role: "toolbar", "aria-label": "Display", "data-testid": "display-modes" });
  var MODE_LABELS = { inline: "Back to chat", fullscreen: "Full screen", pip: "Picture in picture" };

  function availableModes() {
    var offered = model.host.availableDisplayModes;
    return SPEC.displayModes.filter(function (mode) {
      return !Array.isArray(offered) || offered.indexOf(mode) !== -1;
    });
  }

  function renderToolbar() {
    toolbar.textContent = "";
    if (SPEC.displayModes.length < 2) return;
    availableModes().forEach(function (mode) {
      if (mode === model.mode) return;
      var button = el("button", { type: "button", class: "sv-button", text: MODE_LABELS[mode] || mode, "data-testid": "display-mode-" + mode });
      button.addEventListener("click", function () {
        requestMode(mode);
      });
      toolbar.appendChild(button);
    });
  }

  function requestMode(mode) {
    if (availableModes().indexOf(mode) === -1) return;
    request("ui/request-display-mode", { mode: mode }).then(function (result) {
      if (result && result.mode) setMode(result.mode);
    }, function (error) {
      log("display mode " + mode + " refused: " + error.message);
    });
  }

  window.addEventListener("error", function (event) {
    log(event.message);
  });
  window.addEventListener("pagehide", function () {
    if (saveTimer !== null) flushState();
  });

  function start() {
    setMode("inline");
    var openai = window.openai;
    if (openai && openai.widgetState) restoreState(openai.widgetState);
    request("ui/initialize", {
      protocolVersion: SPEC.protocolVersion,
      appInfo: SPEC.appInfo,
      appCapabilities: { availableDisplayModes: SPEC.displayModes, experimental: { "salon/view-state": {} } }
    }).then(function (result) {
      model.capabilities = result.hostCapabilities || {};
      var context = result.hostContext || {};
      if (context.salon && context.salon.viewState) restoreState(context.salon.viewState);
      applyHostContext(context);
      notify("ui/notifications/initialized", {});
      observeSize();
      if (model.result === undefined && openai && openai.toolOutput) onToolResult({ structuredContent: openai.toolOutput });
    }, function (error) {
      showNotice("This view could not connect to the conversation: " + error.message, "error");
    });
  }

  start();
})();
