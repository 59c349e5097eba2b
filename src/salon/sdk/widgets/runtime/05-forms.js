  /* ---------------- forms ---------------- */

  function today() {
    var now = new Date();
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function bound(value) {
    return value === "today" ? today() : value;
  }

  function renderField(field, scope) {
    var id = freshId("field");
    var errorId = id + "-error";
    var helpId = id + "-help";
    var type = field.inputType;
    var control;
    var prefill = field.value ? text(field.value, scope) : "";
    if (type === "textarea") {
      control = el("textarea", { rows: 3 });
      control.value = prefill;
    } else if (type === "select") {
      control = el("select");
      if (!field.required) control.appendChild(el("option", { value: "", text: "—" }));
      field.choices.forEach(function (choice) {
        control.appendChild(el("option", { value: choice[0], text: choice[1] }));
      });
      if (prefill) control.value = prefill;
    } else {
      control = el("input", { type: type });
      if (type === "checkbox") control.checked = prefill === "true" || prefill === "1";
      else control.value = prefill;
    }
    control.id = id;
    control.name = field.name;
    control.setAttribute("data-testid", "field-" + field.name);
    if (field.required) {
      control.required = true;
      control.setAttribute("aria-required", "true");
    }
    var attrs = { min: bound(field.min), max: bound(field.max), step: field.step, minlength: field.minLength,
      maxlength: field.maxLength, pattern: field.pattern, placeholder: field.placeholder };
    for (var name in attrs) if (attrs[name] !== undefined && attrs[name] !== null) control.setAttribute(name, String(attrs[name]));
    if (type === "number" && field.step === undefined) control.setAttribute("step", "any");
    if (type === "number") control.setAttribute("inputmode", "decimal");
    var described = [];
    var label = el("label", { for: id }, [document.createTextNode(field.label)]);
    if (field.required) label.appendChild(el("span", { class: "sv-required", "aria-hidden": "true", text: " *" }));
    var help = field.help ? el("p", { class: "sv-field-help", id: helpId, text: field.help }) : null;
    if (help) described.push(helpId);
    var error = el("p", { class: "sv-field-error", id: errorId, hidden: true });
    described.push(errorId);
    control.setAttribute("aria-describedby", described.join(" "));
    var wrap = type === "checkbox"
      ? el("div", { class: "sv-field sv-field-check" }, [control, label, help, error])
      : el("div", { class: "sv-field" }, [label, control, help, error]);
    return { wrap: wrap, control: control, error: error, field: field };
  }

  function fieldMessage(item) {
    var c = item.control, f = item.field, v = c.validity;
    if (v.valid) return "";
    if (f.message) return f.message;
    if (v.valueMissing) return f.inputType === "checkbox" ? "Tick " + f.label + " to go on." : f.label + " is required.";
    if (v.badInput) return f.inputType === "number" ? "Enter a number for " + f.label + "." : "Enter a valid " + f.label + ".";
    if (v.typeMismatch) return f.inputType === "email" ? "Enter an email address like name@example.com."
      : f.inputType === "url" ? "Enter a full web address, starting with https." : "Enter a valid " + f.label + ".";
    if (v.rangeUnderflow) return f.label + " must be " + (f.inputType === "date" ? "on or after " : "at least ") + c.min + ".";
    if (v.rangeOverflow) return f.label + " must be " + (f.inputType === "date" ? "on or before " : "at most ") + c.max + ".";
    if (v.stepMismatch) return f.label + " must be a multiple of " + c.step + ".";
    if (v.tooShort) return f.label + " must be at least " + f.minLength + " characters.";
    if (v.tooLong) return f.label + " must be at most " + f.maxLength + " characters.";
    if (v.patternMismatch) return f.label + " is not in the expected format.";
    return c.validationMessage || f.label + " is not valid.";
  }

  function fieldValue(item) {
    var c = item.control, type = item.field.inputType;
    if (type === "checkbox") return c.checked;
    var raw = c.value;
    if (raw === "") return undefined;
    if (type === "number") return Number(raw);
    return raw;
  }

  function renderForm(node, scope, onCancel) {
    var key = itemKey(node, scope);
    if (model.state.done[key]) return successBox(model.state.done[key]);
    var form = el("form", { class: "sv-form", novalidate: true, "data-testid": node.testid || "form-" + node.tool });
    var headingId = null;
    if (node.title) {
      headingId = freshId("form-title");
      form.appendChild(el("h4", { id: headingId, text: node.title }));
      form.setAttribute("aria-labelledby", headingId);
    } else {
      form.setAttribute("aria-label", node.submit);
    }
    var items = node.fields.map(function (field) {
      var item = renderField(field, scope);
      form.appendChild(item.wrap);
      return item;
    });
    var submit = el("button", { type: "submit", class: "sv-button sv-primary", text: node.submit, "data-testid": "form-submit" });
    var actions = el("div", { class: "sv-actions" }, [submit]);
    if (onCancel) {
      var cancel = el("button", { type: "button", class: "sv-button", text: "Cancel", "data-testid": "form-cancel" });
      cancel.addEventListener("click", onCancel);
      actions.appendChild(cancel);
    }
    form.appendChild(actions);
    var status = el("p", { class: "sv-form-status", role: "alert", "data-testid": "form-error", hidden: true });
    form.appendChild(status);
    items.forEach(function (item) {
      item.control.addEventListener("input", function () {
        if (item.control.getAttribute("aria-invalid") === "true") validate(item);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.getAttribute("aria-busy") === "true") return;
      var invalid = items.filter(function (item) {
        return !validate(item);
      });
      if (invalid.length) {
        invalid[0].control.focus();
        return;
      }
      var args = argumentsFor(node.arguments, scope);
      items.forEach(function (item) {
        var value = fieldValue(item);
        if (value !== undefined) args[item.field.name] = value;
      });
      status.hidden = true;
      form.setAttribute("aria-busy", "true");
      submit.disabled = true;
      submit.textContent = node.pending;
      callTool(node.tool, args).then(function (result) {
        var done = text(node.success, { item: result.structuredContent || {}, index: scope.index, root: scope.root, input: args });
        model.state.done[key] = done;
        saveState();
        if (node.refresh && result.structuredContent) {
          model.state.data = result.structuredContent;
          model.state.player = null;
          model.result = result.structuredContent;
          render();
          return;
        }
        var box = successBox(done);
        form.replaceWith(box);
        box.focus();
      }, function (error) {
        form.removeAttribute("aria-busy");
        submit.disabled = false;
        submit.textContent = node.submit;
        status.textContent = error.message;
        status.hidden = false;
      });
    });
    return form;
  }

  function validate(item) {
    var message = fieldMessage(item);
    item.error.textContent = message;
    item.error.hidden = !message;
    if (message) item.control.setAttribute("aria-invalid", "true");
    else item.control.removeAttribute("aria-invalid");
    return !message;
  }

  function successBox(message) {
    return el("div", { class: "sv-notice sv-success", role: "status", tabindex: "-1", text: message, "data-testid": "form-success" });
  }

  renderers.form = function (node, scope) {
    return renderForm(node, scope, null);
  };

