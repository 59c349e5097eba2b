/* The installed apps page: list (status, tools: read-only vs asks first), add, remove, approve a change. */
"use strict";

(() => {
  const { el, api, appTitle, humanize } = Salon;

  const listNode = document.getElementById("app-list");
  const notice = document.getElementById("notice");
  const form = document.getElementById("add-app");
  const target = document.getElementById("app-target");
  const targetLabel = document.getElementById("app-target-label");

  const STATUS = { ready: "Ready", unavailable: "Unavailable", changed: "Changed — needs review" };

  function say(message, bad) {
    notice.hidden = false;
    notice.textContent = message;
    notice.classList.toggle("error", Boolean(bad));
  }

  function toolItem(app, tool) {
    const kind = tool.read_only && !tool.needs_confirmation
      ? el("span", { class: "badge good", text: "read-only" })
      : el("span", { class: "badge warn", text: "asks first" });
    return el("li", { class: "tool-row" },
      el("div", {},
        el("strong", { text: tool.title || humanize(tool.name) }), " ", kind,
        tool.changed ? el("span", { class: "badge bad", text: "changed" }) : null,
        tool.description ? el("p", { class: "muted", text: tool.description }) : null,
        (tool.changes || []).length ? el("ul", { class: "changes" }, tool.changes.map((line) => el("li", { text: line }))) : null),
      tool.changed ? el("button", {
        type: "button", class: "button primary", text: "Approve change",
        onclick: async () => {
          try {
            await api("POST", `/api/apps/${encodeURIComponent(app.name)}/tools/${encodeURIComponent(tool.name)}/approve`);
            say(`Approved the new version of ${tool.title || humanize(tool.name)}.`);
            load();
          } catch (error) { say(error.message, true); }
        },
      }) : null);
  }

  function appItem(app) {
    const where = app.transport === "http" ? app.url : (app.command || []).join(" ");
    return el("li", { class: "app-card" },
      el("header", { class: "app-head" },
        el("h3", { text: app.title || appTitle(app.name) }),
        el("span", { class: `status status-${app.status}`, text: STATUS[app.status] || app.status }),
        el("button", {
          type: "button", class: "button danger", text: "Remove", "aria-label": `Remove ${app.title || app.name}`,
          onclick: async () => {
            if (!window.confirm(`Remove ${app.title || app.name}? Conversations keep what it already answered.`)) return;
            try {
              await api("DELETE", `/api/apps/${encodeURIComponent(app.name)}`);
              say(`Removed ${app.title || app.name}.`);
              load();
            } catch (error) { say(error.message, true); }
          },
        })),
      el("p", { class: "muted" }, el("code", { text: app.name }), ` · ${app.transport} · `, el("code", { text: where || "" })),
      app.message ? el("p", { class: "event error", text: app.message }) : null,
      app.tools.length
        ? el("ul", { class: "tool-list", "aria-label": `Tools of ${app.title || app.name}` }, app.tools.map((tool) => toolItem(app, tool)))
        : el("p", { class: "muted", text: "No tools listed." }));
  }

  async function load() {
    try {
      const { apps } = await api("GET", "/api/apps");
      listNode.replaceChildren(...(apps.length
        ? apps.map(appItem)
        : [el("li", { class: "muted", text: "No apps installed yet. Add one below, or run `salon demo` for the examples." })]));
    } catch (error) {
      say(error.message, true);
    }
  }

  for (const radio of form.querySelectorAll("input[name=transport]")) {
    radio.addEventListener("change", () => {
      const url = form.transport.value === "url";
      targetLabel.textContent = url ? "URL" : "Command";
      target.placeholder = url ? "http://127.0.0.1:8000/mcp" : "python path/to/server.py";
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    const value = target.value.trim();
    const body = form.transport.value === "url" ? { name, url: value } : { name, command: value };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    say(`Connecting to ${name}…`);
    try {
      const app = await api("POST", "/api/apps", body);
      say(`Installed ${app.title || app.name} with ${app.tools.length} tool(s).`);
      form.reset();
      load();
    } catch (error) {
      say(error.message, true);
    } finally {
      button.disabled = false;
    }
  });

  load();
})();
