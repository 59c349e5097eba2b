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

