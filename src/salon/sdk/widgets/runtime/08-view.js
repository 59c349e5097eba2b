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

  /* Escape pressed inside the view leaves full screen or picture in picture: the host's own Escape
     handler cannot hear keys while the focus is in this frame. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || model.mode === "inline" || event.defaultPrevented) return;
    event.preventDefault();
    requestMode("inline");
  });

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
