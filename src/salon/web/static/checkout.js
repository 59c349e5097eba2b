/* The host's checkout card and order card. An app may start a checkout (its tool result names an ACP
   session); what it costs and whether it is paid is the host's: the card is drawn here from the
   `checkout_required` event (the merchant's own totals, fetched by the host), and only the person's
   click on "Pay" here calls POST /api/checkouts/{id}/confirm. The answer is one event:
   `order_confirmed`, `checkout_refused` (with the reason, and whether money moved), `checkout_canceled`,
   or a fresh `checkout_required` when the price changed.

   When the merchant answers that the person's bank must confirm the payment (3-D Secure), the fresh card
   carries `card.authentication` and shows that step instead of "Pay": Authenticate (after the bank's own
   page, when the provider names one) or Cancel, each POST /api/checkouts/{id}/authenticate {approve}.

   Reloading a conversation redraws its checkouts from GET /api/conversations/{id}/checkouts; then
   `watch` long-polls the same URL with `?after=<cursor>&wait=` so a checkout that a view started (its
   tool call answers the view, not this page) appears live. A card is drawn once per checkout: `show`
   replaces one already drawn. */
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

  /* The bank's step on a card: what it asks, its page when there is one, Authenticate / Cancel. */
  function step(c, decide) {
    const auth = c.authentication;
    const page = auth.redirect_url && /^https:\/\//.test(auth.redirect_url)
      ? el("p", {}, el("a", { href: auth.redirect_url, target: "_blank", rel: "noopener noreferrer", text: "Open your bank's page" }),
        " — then press Authenticate.")
      : null;
    const yes = el("button", { type: "button", class: "button primary", text: "Authenticate", "data-action": "authenticate" });
    const no = el("button", { type: "button", class: "button", text: "Cancel", "data-action": "abandon" });
    yes.addEventListener("click", () => decide(true, [yes, no]));
    no.addEventListener("click", () => decide(false, [yes, no]));
    return el("div", { class: "checkout-step", role: "group", "aria-label": "Your bank's confirmation" },
      el("strong", { text: auth.message || "Your bank asks you to confirm this payment." }),
      page,
      el("div", { class: "actions" }, yes, no));
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
      event.notice && !c.authentication ? el("p", { class: "checkout-notice", text: event.notice }) : null,
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
      c.authentication ? step(c, authenticate) : el("div", { class: "actions" }, pay, cancel),
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
        const fresh = card(result);
        node.replaceWith(fresh);
        fresh.querySelector("[data-action=authenticate]")?.focus();
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
    /* The person's answer to the bank. A refusal that ends the step (the bank or the person said no)
       brings the card back to "Pay", with what happened; one that leaves it waiting keeps the step. */
    async function authenticate(approve, buttons) {
      for (const button of buttons) button.disabled = true;
      outcome.textContent = approve ? "Asking your bank…" : "Cancelling…";
      let result;
      try {
        result = await api("POST", `/api/checkouts/${encodeURIComponent(event.checkout_id)}/authenticate`, { approve });
      } catch (error) {
        outcome.textContent = error.message;
        for (const button of buttons) button.disabled = false;
        return;
      }
      const waiting = result.type === "checkout_refused" && (result.details?.authentication === "waiting" || result.charged === null);
      if (result.type === "checkout_refused" && !waiting && result.retryable) {
        const back = card({ ...event, card: { ...c, authentication: null }, notice: null });
        back.querySelector(".outcome").textContent = result.message;
        back.dataset.refused = result.code;
        node.replaceWith(back);
        return;
      }
      answer(result);
      if (waiting) for (const button of buttons) button.disabled = false;
    }

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
    for (const record of answer.checkouts || []) add(stored(record));
    watch(conversationId, add, answer.cursor);
  }

  function stored(record) {
    const final = record.status === "completed" || record.status === "canceled";
    const node = card({ checkout_id: record.id, merchant: record.merchant, card: final ? { ...record.card, authentication: null } : record.card });
    if (final) {
      node.classList.add("decided", record.status === "completed" ? "approved" : "denied");
      for (const button of node.querySelectorAll("button")) button.disabled = true;
      node.querySelector(".outcome").textContent = record.message || record.status;
    } else if (record.message) {
      node.querySelector(".outcome").textContent = record.message;
    }
    return node;
  }

  function drawn(checkoutId) {
    return document.querySelector(`section.checkout[data-checkout="${CSS.escape(checkoutId)}"]`);
  }

  /* Draw the card of a `checkout_required` event, in place of the one already drawn for it if any. */
  function show(event, add) {
    const node = card(event);
    const before = drawn(event.checkout_id);
    if (before) before.replaceWith(node);
    else add(node);
    return node;
  }

  const EPOCH = "1970-01-01T00:00:00+00:00";
  const WAIT_S = 25;
  let watching = null;

  /* Long-poll the open conversation's new checkouts (one loop at a time; `watch(null)` stops it). */
  function watch(conversationId, add, cursor) {
    watching?.controller.abort();
    watching = null;
    if (!conversationId) return;
    const me = { controller: new AbortController() };
    watching = me;
    (async () => {
      let after = cursor || EPOCH;
      let failures = 0;
      while (watching === me) {
        try {
          const url = `/api/conversations/${encodeURIComponent(conversationId)}/checkouts?wait=${WAIT_S}&after=${encodeURIComponent(after)}`;
          const response = await fetch(url, { signal: me.controller.signal, headers: { Accept: "application/json" } });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const body = await response.json();
          if (watching !== me) return;
          for (const record of body.checkouts || []) if (!drawn(record.id)) add(stored(record));
          after = body.cursor || after;
          failures = 0;
        } catch (_) {
          if (me.controller.signal.aborted) return;
          failures += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** failures)));
        }
      }
    })();
  }

  return { card, show, watch, outcome, orderCard, restore, money };
})();
