/* The host's checkout card and order card. An app may start a checkout (its tool result names an ACP
   session); what it costs and whether it is paid is the host's: the card is drawn here from the
   `checkout_required` event (the merchant's own totals, fetched by the host), and only the person's
   click on "Pay" here calls POST /api/checkouts/{id}/confirm. The answer is one event:
   `order_confirmed`, `checkout_refused` (with the reason, and whether money moved), `checkout_canceled`,
   or a fresh `checkout_required` when the price changed. Reloading a conversation redraws its checkouts
   from GET /api/conversations/{id}/checkouts. */
"use strict";

const SalonCheckout = (() => {
  const { el, api } = Salon;

  function money(amount, currency) {
    const value = (amount || 0) / 100;
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: (currency || "usd").toUpperCase() }).format(value);
    } catch (_) {
      return `${(currency || "").toUpperCase()} ${value.toFixed(2)}`;
    }
  }

  const LINK_TITLES = {
    return_policy: "Return policy", shipping_policy: "Shipping policy", terms_of_use: "Terms of use",
    privacy_policy: "Privacy policy", support: "Support", contact_us: "Contact", faq: "FAQ", about_us: "About",
  };

  function links(items) {
    const safe = (items || []).filter((link) => /^https?:\/\//.test(link.url || ""));
    if (!safe.length) return null;
    return el("p", { class: "checkout-links" }, safe.map((link) => el("a", {
      href: link.url, target: "_blank", rel: "noopener noreferrer", text: link.title || LINK_TITLES[link.type] || link.type,
    })));
  }

  function row(label, value, strong) {
    return el("div", { class: strong ? "checkout-row total" : "checkout-row" },
      el("span", { text: label }), el("span", { text: value }));
  }

  /* The card for a `checkout_required` event (or a stored presented checkout). */
  function card(event) {
    const c = event.card;
    const headingId = "checkout-" + event.checkout_id;
    const outcome = el("p", { class: "outcome", role: "status" });
    const methods = c.payment_methods || [];
    const select = el("select", { class: "checkout-method", "aria-label": "Pay with" },
      methods.map((m) => el("option", { value: m.id, text: `${m.brand} •••• ${m.last4} (exp ${m.exp_month}/${m.exp_year})` })));
    const extra = el("input", { type: "checkbox", class: "checkout-extra" });
    const extraLabel = el("label", { class: "checkout-extra-label", hidden: !c.caps?.extra_confirmation_required },
      extra, ` Yes, I want to spend ${money(c.total, c.currency)}: it is above my extra-confirmation amount.`);
    const pay = el("button", { type: "button", class: "button primary", text: `Pay ${money(c.total, c.currency)}`, "data-action": "pay" });
    const cancel = el("button", { type: "button", class: "button", text: "Cancel", "data-action": "cancel" });
    const notes = [
      event.notice ? el("p", { class: "checkout-notice", text: event.notice }) : null,
      c.caps && !c.caps.allowed ? el("p", { class: "checkout-refusal", text: c.caps.message }) : null,
      !c.ready ? el("p", { class: "checkout-refusal", text: "The merchant needs more details before this can be paid." }) : null,
      ...(c.messages || []).map((m) => el("p", { class: `checkout-message ${m.type}`, text: m.content })),
      methods.length ? null : el("p", { class: "checkout-refusal", text: "Add a payment method in settings to pay." }),
    ];
    const node = el("section", { class: "checkout", role: "group", "aria-labelledby": headingId, "data-checkout": event.checkout_id },
      el("h3", { id: headingId }, el("span", { text: "Checkout" }), el("span", { class: "confirm-app", text: ` — ${c.merchant?.title || event.merchant}` })),
      el("ul", { class: "checkout-items" }, (c.items || []).map((item) => el("li", {},
        el("span", { class: "checkout-item-name", text: `${item.name} × ${item.quantity}` }),
        el("span", { text: money(item.total, c.currency) })))),
      c.shipping ? el("p", { class: "muted", text: `Shipping: ${c.shipping.title}${c.shipping.delivery ? ", " + c.shipping.delivery : ""}` }) : null,
      c.ship_to ? el("p", { class: "muted", text: `Ship to: ${c.ship_to}` }) : null,
      el("div", { class: "checkout-totals" },
        row("Subtotal", money(c.subtotal, c.currency)),
        row("Shipping", money(c.shipping_amount, c.currency)),
        row("Tax", money(c.tax, c.currency)),
        row("Total", money(c.total, c.currency), true)),
      methods.length ? el("label", { class: "checkout-method-label" }, "Pay with ", select) : null,
      links(c.links),
      notes,
      extraLabel,
      el("div", { class: "actions" }, pay, cancel),
      outcome);
    const canPay = () => c.ready && methods.length && (!c.caps || c.caps.allowed) && (extraLabel.hidden || extra.checked);
    const refresh = () => { pay.disabled = !canPay(); };
    extra.addEventListener("change", refresh);
    refresh();
    const finish = (text, style) => {
      node.classList.add("decided", style);
      pay.disabled = true;
      cancel.disabled = true;
      outcome.textContent = text;
    };
    const answer = (result) => {
      if (result.type === "checkout_required") {
        node.replaceWith(card(result));
      } else if (result.type === "order_confirmed") {
        finish("", "approved");
        outcome.replaceChildren(orderCard(result));
      } else if (result.type === "checkout_canceled") {
        finish(result.message, "denied");
      } else {
        outcome.textContent = result.message;
        node.dataset.refused = result.code;
        if (result.code === "extra_confirmation_required") extraLabel.hidden = false;
        if (result.retryable) refresh();
        else finish(result.message, "denied");
      }
    };
    pay.addEventListener("click", async () => {
      pay.disabled = true;
      cancel.disabled = true;
      outcome.textContent = "Paying…";
      try {
        answer(await api("POST", `/api/checkouts/${encodeURIComponent(event.checkout_id)}/confirm`,
          { payment_method_id: select.value || null, extra_confirmed: !extraLabel.hidden && extra.checked }));
      } catch (error) {
        outcome.textContent = error.message;
        refresh();
      }
      cancel.disabled = node.classList.contains("decided");
    });
    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      try {
        answer(await api("POST", `/api/checkouts/${encodeURIComponent(event.checkout_id)}/cancel`, {}));
      } catch (error) {
        outcome.textContent = error.message;
        cancel.disabled = false;
      }
    });
    return node;
  }

  function orderCard(event) {
    const order = event.order || {};
    const support = order.support || {};
    return el("div", { class: "order-card" },
      el("strong", { text: "Order placed" }),
      el("p", { text: event.message }),
      order.permalink_url && /^https?:\/\//.test(order.permalink_url)
        ? el("p", {}, el("a", { href: order.permalink_url, target: "_blank", rel: "noopener noreferrer", text: "View the order" }))
        : null,
      support.email ? el("p", { class: "muted", text: `Support: ${support.email}` }) : null);
  }

  /* An outcome that arrives outside a card (a turn event). */
  function outcome(event) {
    if (event.type === "order_confirmed") return el("div", { class: "event checkout-outcome" }, orderCard(event));
    return el("div", { class: `event checkout-outcome ${event.type}`, role: "status" }, el("span", { text: event.message }));
  }

  /* Redraw a reloaded conversation's checkouts: open ones with live buttons, finished ones settled. */
  async function restore(conversationId, add) {
    let answer;
    try {
      answer = await api("GET", `/api/conversations/${encodeURIComponent(conversationId)}/checkouts`);
    } catch (_) {
      return;
    }
    for (const record of answer.checkouts || []) {
      const node = card({ checkout_id: record.id, merchant: record.merchant, card: record.card });
      if (record.status === "completed" || record.status === "canceled") {
        node.classList.add("decided", record.status === "completed" ? "approved" : "denied");
        for (const button of node.querySelectorAll("button")) button.disabled = true;
        node.querySelector(".outcome").textContent = record.message || record.status;
      } else if (record.message) {
        node.querySelector(".outcome").textContent = record.message;
      }
      add(node);
    }
  }

  return { card, outcome, orderCard, restore, money };
})();
