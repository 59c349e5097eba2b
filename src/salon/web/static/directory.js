/* The directory pages (home, app page with consent, permissions, review queue), by <body data-page>.
   Everything renders from /api/directory; nothing here is trusted by the server. */
"use strict";

(() => {
  const { el, humanize } = Salon;
  const page = document.body.dataset.page;
  const notice = document.getElementById("notice");
  const TOKEN_KEY = "salon.reviewerToken";

  function say(message, bad) {
    notice.hidden = false;
    notice.textContent = message;
    notice.classList.toggle("error", Boolean(bad));
  }

  async function call(method, path, body, token) {
    const init = { method, headers: { Accept: "application/json" } };
    if (token) init.headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (response.status === 204) return null;
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error((data.error && data.error.message) || `The server answered ${response.status}.`);
      error.code = data.error && data.error.code;
      throw error;
    }
    return data;
  }

  const appPath = (name) => name.split("/").map(encodeURIComponent).join("/");
  const words = (type) => humanize(type).toLowerCase();

  function card(app, extra) {
    return el("li", { class: "app-card" },
      el("h3", {},
        el("span", { class: "app-mark", "aria-hidden": "true", text: (app.display_name || "?").slice(0, 1) }),
        el("a", { href: `/directory/apps/${appPath(app.name)}`, text: app.display_name })),
      el("p", { text: app.short_description }),
      el("p", { class: "meta muted" },
        `${app.publisher} · version ${app.version}`,
        app.categories.length ? ` · ${app.categories.map(words).join(", ")}` : "",
        extra ? ` · ${extra}` : ""));
  }

  // -- home ---------------------------------------------------------------------------------------
  async function home() {
    const results = document.getElementById("results");
    const heading = document.getElementById("results-heading");
    const categories = document.getElementById("categories");
    const params = new URLSearchParams(location.search);
    const box = document.getElementById("search-box");
    box.value = params.get("q") || "";
    const { categories: counts } = await call("GET", "/api/directory/categories");
    categories.replaceChildren(
      el("a", { class: "button", href: "/directory", "aria-current": String(!params.get("category")), text: "All" }),
      Object.entries(counts).map(([name, count]) => el("a", {
        class: "button", href: `/directory?category=${encodeURIComponent(name)}`,
        "aria-current": String(params.get("category") === name), text: `${humanize(name)} (${count})`,
      })));
    if (params.get("q")) {
      const found = await call("GET", `/api/directory/apps?q=${encodeURIComponent(params.get("q"))}`);
      heading.textContent = `Apps for “${found.query}”`;
      results.replaceChildren(...found.results.map((hit) => card(hit.card, hit.tool ? `matches ${humanize(hit.tool)}` : null)));
      if (found.noApp) say("No app fits that request well; these are the closest.");
      if (!found.results.length) say("No published app matches that yet.");
      return;
    }
    const category = params.get("category");
    const listed = await call("GET", `/api/directory/apps${category ? `?category=${encodeURIComponent(category)}` : ""}`);
    heading.textContent = category ? humanize(category) : "All apps";
    results.replaceChildren(...listed.apps.map((app) => card(app)));
    if (!listed.apps.length) say("No apps are published here yet.");
  }

  // -- app page and consent -----------------------------------------------------------------------
  async function appPage() {
    const [, , , namespace, name] = location.pathname.split("/");
    const listing = `${decodeURIComponent(namespace)}/${decodeURIComponent(name)}`;
    const root = document.getElementById("app");
    const info = await call("GET", `/api/directory/apps/${appPath(listing)}`);
    const about = info.card;
    document.title = `${about.display_name} · Salon`;
    const installButton = info.installedAs
      ? el("a", { class: "button", href: `/directory/installed/${encodeURIComponent(info.installedAs)}`, text: "Installed — permissions" })
      : el("button", { class: "button primary", type: "button", id: "install", text: "Install", onclick: () => consent(listing) });
    root.replaceChildren(
      el("h1", {}, el("span", { class: "app-mark", "aria-hidden": "true", text: about.display_name.slice(0, 1) }), about.display_name),
      el("p", { class: "lead", text: about.short_description }),
      el("p", { class: "muted" }, `By ${about.publisher} · version ${about.version}`),
      installButton,
      el("section", { class: "panel" }, el("h2", { text: "What it does" }), el("p", { text: info.long_description })),
      el("section", { class: "panel" }, el("h2", { text: "Its tools" }),
        el("ul", { class: "tool-list" }, info.tools.map((tool) => el("li", {},
          el("strong", { text: tool.title }), el("p", { text: tool.description }),
          el("p", { class: "muted", text: tool.effect }))))),
      el("section", { class: "panel" }, el("h2", { text: "Data it receives" }),
        info.data_types.length
          ? el("ul", {}, info.data.filter((use) => use.data_types.length).map((use) => el("li", {},
              `${humanize(use.tool)}: ${use.data_types.map(words).join(", ")} — ${use.purpose}`)))
          : el("p", { text: "No personal data." })),
      el("section", { class: "panel" }, el("h2", { text: "Privacy and support" }),
        el("p", {}, el("a", { href: info.privacy_policy_url, rel: "noopener noreferrer", target: "_blank", text: "Privacy policy" })),
        info.terms_url ? el("p", {}, el("a", { href: info.terms_url, rel: "noopener noreferrer", target: "_blank", text: "Terms" })) : null,
        el("p", { text: `Support: ${info.support_contact}` }),
        info.countries.length ? el("p", { class: "muted", text: `Available in: ${info.countries.join(", ")}` }) : null));
  }

  async function consent(listing) {
    const screen = await call("GET", `/api/directory/apps/${appPath(listing)}/consent`);
    const dialog = document.getElementById("consent");
    document.getElementById("consent-title").textContent = `Install ${screen.display_name}?`;
    document.getElementById("consent-lead").textContent = screen.data_types.length
      ? `${screen.display_name} ${screen.version} will receive exactly this personal data when you use it:`
      : `${screen.display_name} ${screen.version} receives no personal data.`;
    document.getElementById("consent-data").replaceChildren(...screen.data.filter((use) => use.data_types.length)
      .map((use) => el("li", {}, el("strong", { text: use.data_types.map(words).join(", ") }),
        ` — for ${humanize(use.tool)}: ${use.purpose}`)));
    document.getElementById("consent-policy").replaceChildren(
      el("a", { href: screen.privacy_policy_url, rel: "noopener noreferrer", target: "_blank", text: "Read its privacy policy" }));
    dialog.returnValue = "";
    dialog.showModal();
    dialog.addEventListener("close", async () => {
      if (dialog.returnValue !== "install") return;
      try {
        const installed = await call("POST", `/api/directory/apps/${appPath(listing)}/install`,
          { dataTypes: screen.data_types, versionId: screen.version_id });
        say(`Installed as “${installed.app}”. You can use it in any conversation.`);
        await appPage();
      } catch (error) { say(error.message, true); }
    }, { once: true });
  }

  // -- permissions --------------------------------------------------------------------------------
  async function permissions() {
    const app = decodeURIComponent(location.pathname.split("/").pop());
    const root = document.getElementById("permissions");
    const info = await call("GET", `/api/directory/installed/${encodeURIComponent(app)}`);
    document.getElementById("title").textContent = `${info.listing} permissions`;
    root.replaceChildren(
      el("p", {}, `Version ${info.version}, installed ${new Date(info.consented_at).toLocaleString()}. You consented to: `,
        el("strong", { text: info.data_types.map(words).join(", ") || "no personal data" }), "."),
      el("ul", { class: "tool-list" }, info.tools.map((tool) => el("li", { class: "app-card" },
        el("label", {},
          el("input", { type: "checkbox", checked: tool.enabled, onchange: async (event) => {
            try {
              await call("POST", `/api/directory/installed/${encodeURIComponent(app)}/tools/${encodeURIComponent(tool.name)}`,
                { enabled: event.target.checked });
              say(event.target.checked ? `${tool.title} is on again.` : `${tool.title} is off; Salon will not offer it.`);
            } catch (error) { say(error.message, true); event.target.checked = !event.target.checked; }
          } }),
          " ", el("strong", { text: tool.title })),
        el("p", { class: "muted", text: tool.effect }),
        tool.data_types.length ? el("p", { text: `Receives: ${tool.data_types.map(words).join(", ")}` }) : null))));
    document.getElementById("uninstall").onclick = async () => {
      try {
        await call("DELETE", `/api/directory/installed/${encodeURIComponent(app)}`);
        say(`Uninstalled ${info.listing}.`);
        root.replaceChildren();
      } catch (error) { say(error.message, true); }
    };
  }

  // -- review queue -------------------------------------------------------------------------------
  async function review() {
    const form = document.getElementById("token-form");
    const input = document.getElementById("token");
    input.value = sessionStorage.getItem(TOKEN_KEY) || "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value);
      loadQueue().catch((error) => say(error.message, true));
    });
    if (input.value) await loadQueue();
  }

  function finding(item) {
    const badge = { error: "bad", warning: "warn", info: "good" }[item.severity] || "";
    return el("li", {}, el("span", { class: `badge ${badge}`, text: item.severity }), " ",
      el("code", { text: item.checkId || item.check_id || "" }), item.subject ? ` (${item.subject})` : "", " ",
      item.message, item.fix ? el("p", { class: "muted", text: `Fix: ${item.fix}` }) : null);
  }

  function hints(tool) {
    const h = tool.hints || {};
    const named = [["read_only", "readOnlyHint"], ["destructive", "destructiveHint"], ["idempotent", "idempotentHint"], ["open_world", "openWorldHint"]];
    return named.map(([key, label]) => `${label}: ${h[key] === null || h[key] === undefined ? "not declared" : h[key]}`).join(" · ");
  }

  /* The views as the automated review's browser rendered them (PNG data URLs only). */
  function renderedViews(report) {
    const shots = (report.renderedViews || []).filter((view) => String(view.screenshot).startsWith("data:image/png;base64,"));
    if (!shots.length) return null;
    return el("div", { class: "rendered-views" }, el("h4", { text: "Views as rendered" }),
      ...shots.map((view) => el("figure", {},
        el("img", { src: view.screenshot, alt: `${view.uri} as rendered in the review`, loading: "lazy" }),
        el("figcaption", {}, el("code", { text: view.uri })))));
  }

  function queueItem(version, token) {
    const report = version.report || { findings: [] };
    const reasons = el("textarea", { "aria-label": `Reasons for ${version.app} ${version.version}`, placeholder: "Reasons (the developer sees them)" });
    const decide = (action) => async () => {
      try {
        await call("POST", `/api/directory/versions/${version.id}/${action}`, { reasons: reasons.value }, token);
        say(`${action === "approve" ? "Approved" : "Rejected"} ${version.app} ${version.version}.`);
        await loadQueue();
      } catch (error) { say(error.message, true); }
    };
    return el("li", { class: "app-card" },
      el("h3", { text: `${version.app} ${version.version}` }),
      el("p", { class: "meta muted", text: `${version.stateLabel} · submitted ${new Date(version.createdAt).toLocaleString()}` }),
      version.report ? el("p", {}, el("span", { class: `badge ${report.passed ? "good" : "bad"}`, text: report.passed ? "automated review passed" : "automated review failed" })) : null,
      el("ul", { class: "findings" }, (report.findings || []).map(finding)),
      el("h4", { text: "Tools" }),
      el("ul", { class: "tool-list" }, version.tools.map((tool) => el("li", {},
        el("strong", { text: tool.title || tool.name }), " ", el("code", { text: tool.name }),
        el("p", { text: tool.description }), el("p", { class: "muted", text: hints(tool) })))),
      renderedViews(report),
      version.state === "in_review" ? el("div", { class: "decision" }, reasons,
        el("div", { class: "form-actions" },
          el("button", { class: "button", type: "button", text: "Reject", onclick: decide("reject") }),
          el("button", { class: "button primary", type: "button", text: "Approve", onclick: decide("approve") }))) : null);
  }

  async function loadQueue() {
    const token = sessionStorage.getItem(TOKEN_KEY) || "";
    const { queue } = await call("GET", "/api/directory/review/queue", undefined, token);
    document.getElementById("queue").replaceChildren(...queue.map((version) => queueItem(version, token)));
    if (!queue.length) say("Nothing is waiting for review.");
    const { entries } = await call("GET", "/api/directory/audit", undefined, token);
    document.getElementById("audit").replaceChildren(...entries.map((entry) => el("tr", {},
      el("td", { text: new Date(entry.at).toLocaleString() }), el("td", { text: entry.actor }),
      el("td", { text: entry.action }), el("td", { text: `${entry.app}${entry.version ? ` ${entry.version}` : ""}` }),
      el("td", { text: entry.from_state || entry.to_state ? `${entry.from_state || "—"} → ${entry.to_state || "—"}` : "" }),
      el("td", { text: entry.reason || "" }))));
  }

  const pages = { home, app: appPage, permissions, review };
  (pages[page] || (async () => {}))().catch((error) => say(error.message, true));
})();
