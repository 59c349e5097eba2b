/* Display modes and the frame's size.

   A view starts inline; it may ask for `fullscreen` or `pip` (`ui/request-display-mode`) only when it
   declared the mode in `ui/initialize`, and at most one view is in each of those modes at a time. The
   host's own controls (and Esc) bring a view back inline and tell it so. Inline and pip frames take the
   height the view reports (`ui/notifications/size-changed`), clamped. */
"use strict";

(() => {
  const { ERRORS, RpcError } = SalonBridge;
  const { el, appTitle } = Salon;

  const HOST_MODES = ["inline", "fullscreen", "pip"];
  const HEIGHT = { min: 48, inline: 720, pip: 420, initial: 160 };

  let fullscreenBridge = null;
  let pipBridge = null;

  /* Bridge methods (05-view.js mixes them in). */
  const display = {
    dimensions() {
      const width = Math.round(this.shell?.clientWidth || 0) || undefined;
      if (this.mode === "fullscreen") return { width, height: Math.round(this.frame.clientHeight) };
      return { width, maxHeight: this.mode === "pip" ? HEIGHT.pip : HEIGHT.inline };
    },

    widthMaybeChanged() {
      const width = Math.round(this.shell.clientWidth);
      if (!width || width === this.lastWidth) return;
      const first = this.lastWidth === undefined;
      this.lastWidth = width;
      if (!first && this.phase === "ready") this.contextChanged({ containerDimensions: this.dimensions() });
    },

    sizeChanged(params) {
      const height = Number(params.height);
      if (!Number.isFinite(height) || height <= 0) return;
      this.contentHeight = Math.max(HEIGHT.min, Math.min(Math.ceil(height), HEIGHT.inline));
      this.applyHeight();
      if (this.paintTimer && this.metric.paintedAt === null) {
        this.metric.paintedAt = performance.now();
        this.painted();
      }
    },

    applyHeight() {
      if (this.mode === "fullscreen") this.frame.style.height = "";
      else this.frame.style.height = Math.min(this.contentHeight, this.mode === "pip" ? HEIGHT.pip : HEIGHT.inline) + "px";
    },

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
    },

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
    },

    /* A mode change the person made with the host's controls (or Esc): the view hears about it. */
    hostSetMode(mode, reveal) {
      this.setMode(mode);
      this.contextChanged({ displayMode: mode, containerDimensions: this.dimensions() });
      if (reveal) this.node.scrollIntoView({ block: "nearest" });
    },
  };

  Object.assign(SalonBridge.handlers, {
    "ui/request-display-mode"(params) {
      const mode = params.mode;
      if (typeof mode !== "string") throw new RpcError(ERRORS.invalidParams, "mode must be inline, fullscreen or pip.");
      if (!this.declaredModes.includes(mode)) return { mode: this.mode };
      const before = this.mode;
      const set = this.setMode(mode);
      if (set !== before) this.contextChanged({ displayMode: set, containerDimensions: this.dimensions() });
      return { mode: set };
    },
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && fullscreenBridge) {
      event.preventDefault();
      fullscreenBridge.hostSetMode("inline", true);
    }
  });

  Object.assign(SalonBridge, { HOST_MODES, HEIGHT, display });
})();
