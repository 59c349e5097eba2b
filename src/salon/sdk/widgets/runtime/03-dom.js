  /* ---------------- DOM helpers ---------------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (!own.call(attrs, key)) continue;
        var value = attrs[key];
        if (value === null || value === undefined || value === false) continue;
        if (key === "text") node.textContent = String(value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  var uid = 0;
  function freshId(prefix) {
    uid += 1;
    return "sv-" + prefix + "-" + uid;
  }

  function slug(value) {
    return String(value).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function allowedImage(src) {
    if (!src) return false;
    if (/^data:image\//i.test(src)) return true;
    var url;
    try {
      url = new URL(src);
    } catch (e) {
      return false;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return false;
    return (SPEC.resourceDomains || []).some(function (domain) {
      var wild = /^(https?:\/\/)\*\.(.+)$/.exec(domain);
      if (wild) return url.protocol === wild[1].slice(0, -2) && (url.host === wild[2] || url.host.slice(-wild[2].length - 1) === "." + wild[2]);
      return url.origin === String(domain).replace(/\/+$/, "");
    });
  }

  function placeholder(label) {
    var seed = 0;
    for (var i = 0; i < label.length; i++) seed = (seed * 31 + label.charCodeAt(i)) >>> 0;
    var hue = seed % 360, hue2 = (hue + 40) % 360;
    var initials = label.split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) {
      return w.charAt(0).toUpperCase();
    }).join("").replace(/[^A-Za-z0-9]/g, "");
    var svg = "<svg xmlns='" + SVG_NS + "' viewBox='0 0 160 90'><defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'>" +
      "<stop offset='0' stop-color='hsl(" + hue + ",55%,55%)'/><stop offset='1' stop-color='hsl(" + hue2 + ",60%,35%)'/>" +
      "</linearGradient></defs><rect width='160' height='90' fill='url(#g)'/><text x='80' y='56' font-family='sans-serif' " +
      "font-size='30' font-weight='600' fill='white' fill-opacity='0.9' text-anchor='middle'>" + initials + "</text></svg>";
    return "data:image/svg+xml," + encodeURIComponent(svg);
  }

  function image(src, alt, className, name) {
    var seed = name || alt || "";
    var source = allowedImage(src) ? src : placeholder(seed);
    var img = el("img", { class: className || "sv-image", src: source, alt: alt || "", loading: "lazy", decoding: "async" });
    img.addEventListener("error", function () {
      img.src = placeholder(seed);
    }, { once: true });
    return img;
  }

