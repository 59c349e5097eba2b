/* Shared helpers for Salon's pages: DOM building, the JSON API, reading SSE streams, and the
   host's fallback rendering of structured tool results. No framework, no build step. */
"use strict";

const Salon = (() => {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, code, message, app) {
      super(message);
      this.status = status;
      this.code = code;
      this.app = app || null;
    }
  }

  async function errorFrom(response) {
    let body = null;
    try { body = await response.json(); } catch (_) { /* not JSON */ }
    const error = (body && body.error) || {};
    return new ApiError(response.status, error.code || "http_" + response.status,
      error.message || `The server answered ${response.status}.`, error.app);
  }

  async function request(method, path, body, accept) {
    const init = { method, headers: { Accept: accept || "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (_) {
      throw new ApiError(0, "offline", "Salon could not be reached. Is `salon serve` still running?");
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async function api(method, path, body) {
    const response = await request(method, path, body);
    return response.status === 204 ? null : response.json();
  }

  /* POST and read a text/event-stream answer event by event through a ReadableStream reader. */
  async function stream(path, body, onEvent) {
    const response = await request("POST", path, body, "text/event-stream");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const flush = (block) => {
      const data = block.split("\n").filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart()).join("\n");
      if (data) onEvent(JSON.parse(data));
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        flush(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
    buffer += decoder.decode();
    if (buffer.trim()) flush(buffer);
  }

  function humanize(name) {
    const words = String(name || "").replace(/[_\-.]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim();
    return words ? words[0].toUpperCase() + words.slice(1) : "";
  }

  function appTitle(app) {
    return humanize(app).replace(/\b\w/g, (c) => c.toUpperCase());
  }

  function scalar(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function keyValues(object, limit) {
    const entries = Object.entries(object).slice(0, limit || 40);
    return el("dl", { class: "kv" }, entries.map(([key, value]) => [
      el("dt", { text: humanize(key) }),
      el("dd", {}, value !== null && typeof value === "object" && !Array.isArray(value)
        ? keyValues(value, 12)
        : Array.isArray(value) && value.length && typeof value[0] === "object"
          ? table(value) : scalar(Array.isArray(value) ? value.join(", ") : value)),
    ]));
  }

  function table(rows) {
    const objects = rows.filter((row) => row && typeof row === "object" && !Array.isArray(row));
    const columns = [];
    for (const row of objects) {
      for (const key of Object.keys(row)) {
        if (!columns.includes(key) && columns.length < 5 && typeof row[key] !== "object") columns.push(key);
      }
    }
    const shown = objects.slice(0, 10);
    return el("div", { class: "table-wrap" },
      el("table", { class: "result-table" },
        el("thead", {}, el("tr", {}, columns.map((key) => el("th", { scope: "col", text: humanize(key) })))),
        el("tbody", {}, shown.map((row) => el("tr", {}, columns.map((key) => el("td", { text: scalar(row[key]) })))))),
      objects.length > shown.length ? el("p", { class: "muted", text: `…and ${objects.length - shown.length} more` }) : null);
  }

  /* A readable fallback for structuredContent: a list of objects becomes a compact table (also when it
     is the only list inside a wrapper object, like {"hotels": [...]}); anything else, key/values. */
  function renderStructured(value) {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) {
      if (value.length && value.every((item) => item && typeof item === "object" && !Array.isArray(item))) return table(value);
      return el("p", { text: value.map(scalar).join(", ") });
    }
    if (typeof value === "object") {
      const entries = Object.entries(value);
      const lists = entries.filter(([, item]) => Array.isArray(item) && item.length && typeof item[0] === "object");
      if (lists.length === 1) {
        const rest = Object.fromEntries(entries.filter(([key]) => key !== lists[0][0]));
        return el("div", {}, table(lists[0][1]), Object.keys(rest).length ? keyValues(rest) : null);
      }
      return keyValues(value);
    }
    return el("p", { text: scalar(value) });
  }

  return { el, api, stream, humanize, appTitle, renderStructured, keyValues, ApiError };
})();
