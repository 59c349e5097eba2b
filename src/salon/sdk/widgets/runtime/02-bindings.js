  /* Bindings: "{item.name}" templates, paths and filters evaluated against the current scope. */

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

