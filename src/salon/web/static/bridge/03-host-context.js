/* What a view is told about its host (`hostContext` in `ui/initialize`, then
   `ui/notifications/host-context-changed`): the page's theme as the standard MCP Apps CSS variables,
   locale, time zone, platform, device capabilities, and Salon's saved `viewState`. */
"use strict";

(() => {
  const { HOST_VERSION } = SalonBridge;

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
    for (const bridge of SalonBridge.openBridges()) bridge.contextChanged(change);
  });

  /* Bridge methods (05-view.js mixes them in). */
  SalonBridge.context = {
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
    },

    contextChanged(change) {
      if (this.phase === "closed") return;
      this.notify("ui/notifications/host-context-changed", change);
    },
  };
})();
