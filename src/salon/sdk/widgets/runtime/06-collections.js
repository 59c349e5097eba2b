  /* ---------------- collections ---------------- */

  renderers.carousel = function (node, scope) {
    var items = itemsOf(node, scope);
    var label = text(node.label, scope);
    if (!items.length) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "empty" });
    var section = el("section", { class: "sv-carousel", "aria-roledescription": "carousel", "aria-label": label, "data-testid": "carousel" });
    var prev = el("button", { type: "button", class: "sv-button sv-icon-button", "aria-label": "Previous", text: "‹", "data-testid": "carousel-prev" });
    var next = el("button", { type: "button", class: "sv-button sv-icon-button", "aria-label": "Next", text: "›", "data-testid": "carousel-next" });
    var position = el("span", { class: "sv-carousel-position", "aria-live": "polite", "data-testid": "carousel-position" });
    section.appendChild(el("div", { class: "sv-carousel-head" }, [
      el("span", { class: "sv-muted", text: items.length + (items.length === 1 ? " result" : " results") }),
      el("div", { class: "sv-carousel-controls" }, [prev, position, next])
    ]));
    var track = el("ul", { class: "sv-carousel-track", role: "list", tabindex: "0", "aria-label": label + " (use the arrow keys)", "data-testid": "carousel-track" });
    var slides = items.map(function (item, index) {
      var slide = el("li", { class: "sv-slide", "aria-roledescription": "slide", "aria-label": index + 1 + " of " + items.length, "data-testid": "slide" });
      var card = renderNode(node.card, childScope(scope, item, index));
      if (card) slide.appendChild(card);
      track.appendChild(slide);
      return slide;
    });
    section.appendChild(track);
    var current = Math.min(Number(model.state.carousel[node.id]) || 0, items.length - 1);
    var update = function () {
      position.textContent = current + 1 + " / " + items.length;
      prev.disabled = current === 0;
      next.disabled = current === items.length - 1;
    };
    var go = function (index, focus) {
      current = Math.max(0, Math.min(items.length - 1, index));
      track.scrollTo({ left: slides[current].offsetLeft - slides[0].offsetLeft });
      if (focus) {
        var target = slides[current].querySelector("button, a[href], input, [tabindex]");
        (target || track).focus({ preventScroll: true });
      }
      model.state.carousel[node.id] = current;
      saveState();
      update();
    };
    prev.addEventListener("click", function () {
      go(current - 1, false);
    });
    next.addEventListener("click", function () {
      go(current + 1, false);
    });
    section.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      if (event.key === "ArrowRight") go(current + 1, event.target !== track);
      else if (event.key === "ArrowLeft") go(current - 1, event.target !== track);
      else if (event.key === "Home") go(0, event.target !== track);
      else if (event.key === "End") go(items.length - 1, event.target !== track);
      else return;
      event.preventDefault();
    });
    var ticking = false;
    track.addEventListener("scroll", function () {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(function () {
        ticking = false;
        var left = track.scrollLeft + slides[0].offsetLeft;
        var nearest = 0;
        slides.forEach(function (slide, index) {
          if (Math.abs(slide.offsetLeft - left) < Math.abs(slides[nearest].offsetLeft - left)) nearest = index;
        });
        if (nearest !== current && html.getAttribute("data-display-mode") !== "fullscreen") {
          current = nearest;
          model.state.carousel[node.id] = current;
          saveState();
          update();
        }
      });
    });
    update();
    if (current > 0) {
      requestAnimationFrame(function () {
        track.scrollTo({ left: slides[current].offsetLeft - slides[0].offsetLeft });
      });
    }
    return section;
  };

  renderers.list = function (node, scope) {
    var items = itemsOf(node, scope);
    if (!items.length) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "empty" });
    var list = el(node.numbered ? "ol" : "ul", { class: "sv-list", role: "list", "aria-label": text(node.label, scope), "data-testid": "list" });
    items.forEach(function (item, index) {
      var itemScope = childScope(scope, item, index);
      var row = el("li", { class: "sv-list-item", "data-testid": "list-item", "data-item-id": item && item.id !== undefined ? item.id : null });
      var title = text(node.title, itemScope);
      if (node.numbered) row.appendChild(el("span", { class: "sv-list-number", "aria-hidden": "true", text: index + 1 + "." }));
      if (node.image) row.appendChild(image(text(node.image, itemScope), title, "sv-image sv-list-thumb"));
      row.appendChild(el("div", { class: "sv-list-text" }, [
        el("span", { class: "sv-list-title", text: title, "data-testid": "list-item-title" }),
        node.subtitle ? el("span", { class: "sv-list-subtitle", text: text(node.subtitle, itemScope) }) : null
      ]));
      var trailing = text(node.trailing, itemScope);
      if (trailing) row.appendChild(el("span", { class: "sv-list-trailing", text: trailing }));
      appendActions(row, node.actions, itemScope);
      list.appendChild(row);
    });
    return list;
  };

  renderers.table = function (node, scope) {
    var items = itemsOf(node, scope);
    if (!items.length) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "empty" });
    var caption = text(node.caption, scope);
    var head = el("tr", null, node.columns.map(function (column) {
      return el("th", { scope: "col", class: column.align === "end" ? "sv-end" : null, text: column.header });
    }));
    var body = el("tbody", null, items.map(function (item, index) {
      var itemScope = childScope(scope, item, index);
      return el("tr", { "data-testid": "table-row" }, node.columns.map(function (column) {
        return el("td", { class: column.align === "end" ? "sv-end" : null, text: text(column.value, itemScope) });
      }));
    }));
    var table = el("table", { class: "sv-table", "data-testid": "table" }, [
      caption ? el("caption", { text: caption }) : null, el("thead", null, [head]), body
    ]);
    return el("div", { class: "sv-table-wrap", tabindex: "0", role: "region", "aria-label": caption || "Table" }, [table]);
  };

  renderers.details = function (node, scope) {
    var list = el("dl", { class: "sv-details", "data-testid": "details" });
    node.fields.forEach(function (pair) {
      var value = text(pair[1], scope);
      if (!value) return;
      list.appendChild(el("dt", { text: pair[0] }));
      list.appendChild(el("dd", { text: value }));
    });
    var title = text(node.title, scope);
    return title ? el("section", { "aria-label": title }, [el("h3", { text: title }), list]) : list;
  };

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var key in attrs) if (own.call(attrs, key)) node.setAttribute(key, String(attrs[key]));
    return node;
  }

  renderers.chart = function (node, scope) {
    var items = itemsOf(node, scope);
    var title = text(node.title, scope);
    var points = items.map(function (item, index) {
      var itemScope = childScope(scope, item, index);
      var y = Number(resolve(node.y, itemScope));
      return { label: text(node.x, itemScope), y: isFinite(y) ? y : 0, value: node.value ? text(node.value, itemScope) : String(y) };
    });
    var width = 320, height = 160, pad = 22;
    var max = Math.max.apply(null, points.map(function (p) { return p.y; }).concat([0])) || 1;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title + ": " + points.map(function (p) {
      return p.label + " " + p.value;
    }).join(", ") });
    var step = points.length ? (width - pad) / points.length : 0;
    var coords = [];
    points.forEach(function (point, index) {
      var h = (point.y / max) * (height - 2 * pad);
      var x = pad / 2 + index * step;
      if (node.chart === "bar") {
        var bar = svg("rect", { class: "sv-bar", x: x + step * 0.15, y: height - pad - h, width: step * 0.7, height: Math.max(h, 0), rx: 3 });
        var tip = svg("title", {});
        tip.textContent = point.label + ": " + point.value;
        bar.appendChild(tip);
        chart.appendChild(bar);
      } else {
        coords.push([x + step / 2, height - pad - h]);
        chart.appendChild(svg("circle", { class: "sv-dot", cx: x + step / 2, cy: height - pad - h, r: 3 }));
      }
      var label = svg("text", { x: x + step / 2, y: height - 6, "text-anchor": "middle" });
      label.textContent = point.label.length > 8 ? point.label.slice(0, 7) + "…" : point.label;
      chart.appendChild(label);
    });
    if (coords.length) chart.insertBefore(svg("polyline", { class: "sv-line", points: coords.map(function (c) { return c.join(","); }).join(" ") }), chart.firstChild);
    return el("figure", { class: "sv-chart", "data-testid": "chart" }, [chart, el("figcaption", { class: "sv-muted", text: title })]);
  };

