/* View requests the page itself serves: `ui/message` (a new user turn, through `hooks.sendMessage`) and
   `ui/open-link` (http and https only; a host dialog with the full URL unless the domain is one the
   app's trusted link domains name). */
"use strict";

(() => {
  const { ERRORS, RpcError, isRecord, textParam, hooks } = SalonBridge;
  const { el, appTitle } = Salon;

  function trusted(url, domains) {
    const host = url.hostname.toLowerCase();
    return (domains || []).some((entry) => {
      if (typeof entry !== "string" || !entry) return false;
      let domain = entry.trim().toLowerCase();
      if (domain.includes("://")) {
        try { domain = new URL(domain).hostname; } catch (_) { return false; }
      }
      if (domain.startsWith("*.")) return host.endsWith(domain.slice(1));
      return host === domain;
    });
  }

  /* A host dialog (never the view's own UI) with the full URL; resolves true when the person opens it. */
  function confirmLink(url, app) {
    return new Promise((resolve) => {
      const dialog = el("dialog", { class: "link-dialog", "aria-labelledby": "link-dialog-title" },
        el("h2", { id: "link-dialog-title", text: `${appTitle(app)} wants to open a link` }),
        el("p", { class: "muted", text: "It opens in a new tab. Check the address before you continue:" }),
        el("p", { class: "link-url", text: url.href }),
        el("div", { class: "actions" },
          el("button", { type: "button", class: "button", text: "Cancel", value: "cancel", onclick: () => dialog.close("cancel") }),
          el("button", { type: "button", class: "button primary", text: "Open link", value: "open", onclick: () => dialog.close("open") })));
      dialog.addEventListener("close", () => {
        dialog.remove();
        resolve(dialog.returnValue === "open");
      });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  Object.assign(SalonBridge.handlers, {
    "ui/message"(params) {
      if (params.role !== undefined && params.role !== "user") throw new RpcError(ERRORS.invalidParams, "role must be \"user\".");
      const blocks = Array.isArray(params.content) ? params.content : [params.content];
      const said = blocks.filter((block) => isRecord(block) && block.type === "text" && typeof block.text === "string")
        .map((block) => block.text).join("\n").trim();
      if (!said) throw new RpcError(ERRORS.invalidParams, "ui/message needs content with at least one text block.");
      if (said.length > 32000) throw new RpcError(ERRORS.invalidParams, "The message is longer than 32,000 characters.");
      if (!hooks.sendMessage(said, this)) throw new RpcError(ERRORS.refused, "Salon is answering another message; try again when it is done.");
      return {};
    },

    async "ui/open-link"(params) {
      let url;
      try { url = new URL(textParam(params.url, "url", 4096)); } catch (error) {
        throw error instanceof RpcError ? error : new RpcError(ERRORS.invalidParams, "url is not a valid absolute URL.");
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new RpcError(ERRORS.refused, "Only http and https links can be opened.");
      const ok = trusted(url, this.info.trusted_link_domains) || await confirmLink(url, this.info.app);
      if (!ok) throw new RpcError(ERRORS.refused, "The person chose not to open the link.");
      window.open(url.href, "_blank", "noopener,noreferrer");
      return {};
    },
  });
})();
