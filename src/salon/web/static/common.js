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
    /* Flatten fully: helpers return arrays of nodes (and arrays of those); a nested array must never
       reach String(), which would print "[object HTMLElement],…". */
    for (const child of children.flat(Infinity)) {
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

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isScalar(value) {
    return value === null || ["string", "number", "boolean"].includes(typeof value);
  }

  const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

  function scalar(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toLocaleString(undefined, { maximumFractionDigits: 2 });
    if (typeof value === "object") return JSON.stringify(value);
    if (TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) {
      return new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
    return String(value);
  }

  /* A key/value list; each pair sits in its own <div> (valid inside <dl>) so pairs can flow in a grid. */
  function keyValues(object, limit) {
    const entries = Object.entries(object).slice(0, limit || 40);
    return el("dl", { class: "kv" }, entries.map(([key, value]) => el("div", { class: "kv-pair" },
      el("dt", { text: humanize(key), title: key }),
      el("dd", {}, isRecord(value)
        ? keyValues(value, 12)
        : Array.isArray(value) && value.length && isRecord(value[0])
          ? table(value) : scalar(Array.isArray(value) ? value.map(scalar).join(", ") : value)))));
  }

  const TITLE_KEYS = /^(name|title|label|display_?name|summary|headline)$|_(name|title)$/i;
  const MEASURE_KEYS = /price|total|cost|amount|fare|rating|score|stars|duration|distance/i;
  const MONEY_KEYS = /price|total|cost|amount|fare/i;
  const HIDDEN_KEYS = /(^|_)(id|ids|uuid|url|uri|href|link|photo|image|thumbnail|icon)$/i;

  /* Columns for a list of records, chosen from the data alone: scalar fields only; name/title-like
     keys first, then measures (price, total, rating…), then the rest in their order. Ids, links and
     fields equal in every row (the dates of a search, the currency) are left out when there are
     other fields to show; a constant currency moves into the headers of the price columns. */
  function chooseColumns(objects, limit) {
    const keys = [];
    for (const row of objects) {
      for (const [key, value] of Object.entries(row)) {
        if (!keys.includes(key) && isScalar(value)) keys.push(key);
      }
    }
    const constant = (key) => objects.length > 1 && objects.every((row) => row[key] === objects[0][key]);
    const rank = (key) => (TITLE_KEYS.test(key) ? 0 : MEASURE_KEYS.test(key) ? 1 : 2);
    let columns = keys.filter((key) => !HIDDEN_KEYS.test(key) && !constant(key));
    if (!columns.length) columns = keys;
    columns = columns.map((key, index) => ({ key, index })).sort((a, b) => rank(a.key) - rank(b.key) || a.index - b.index)
      .slice(0, limit).map((item) => item.key);
    const currencyKey = keys.find((key) => /^currency$/i.test(key) && constant(key));
    const currency = currencyKey ? objects[0][currencyKey] : null;
    return columns.map((key) => ({
      key,
      label: humanize(key) + (currency && MONEY_KEYS.test(key) ? ` (${currency})` : ""),
      numeric: objects.every((row) => row[key] === null || row[key] === undefined || typeof row[key] === "number"),
      money: MONEY_KEYS.test(key),
      title: TITLE_KEYS.test(key),
    }));
  }

  function columnClass(column) {
    return column.numeric ? "num" : column.title ? "title-col" : null;
  }

  function cell(column, value) {
    if (column.money && typeof value === "number") return value.toLocaleString(undefined, { maximumFractionDigits: 2 });
    return scalar(value);
  }

  function table(rows) {
    const objects = rows.filter(isRecord);
    const columns = chooseColumns(objects, 6);
    const shown = objects.slice(0, 10);
    return el("div", { class: "table-wrap" },
      el("table", { class: "result-table" },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", class: "num", text: "#" }),
          columns.map((column) => el("th", { scope: "col", class: columnClass(column), text: column.label })))),
        el("tbody", {}, shown.map((row, index) => el("tr", {},
          el("td", { class: "num muted", text: String(index + 1) }),
          columns.map((column) => el("td", { class: columnClass(column), text: cell(column, row[column.key]) })))))),
      objects.length > shown.length ? el("p", { class: "muted", text: `…and ${objects.length - shown.length} more` }) : null);
  }

  /* A readable fallback for structuredContent: a list of objects becomes a compact table (also when it
     is the only list inside a wrapper object, like {"hotels": [...]}, whose other fields become a short
     summary above it); a wrapper around a single object ({"booking": {...}}) is unwrapped; anything
     else, key/values. */
  function renderStructured(value) {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) {
      if (value.length && value.every(isRecord)) return table(value);
      return el("p", { text: value.map(scalar).join(", ") });
    }
    if (isRecord(value)) {
      const entries = Object.entries(value);
      if (entries.length === 1 && isRecord(entries[0][1])) return renderStructured(entries[0][1]);
      const lists = entries.filter(([, item]) => Array.isArray(item) && item.length && isRecord(item[0]));
      if (lists.length === 1) {
        const rest = entries.filter(([key, item]) => key !== lists[0][0] && isScalar(item));
        return el("div", { class: "structured" },
          rest.length ? el("p", { class: "summary muted" }, rest.map(([key, item], index) => [
            index ? " · " : null, el("span", { class: "summary-key", text: humanize(key) + ": " }), scalar(item)])) : null,
          table(lists[0][1]));
      }
      return keyValues(value);
    }
    return el("p", { text: scalar(value) });
  }

  return { el, api, request, stream, humanize, appTitle, renderStructured, keyValues, ApiError };
})();
