/* The payments page: the person's spend caps (GET/PUT /api/payments/caps, amounts in minor units on the
   wire, shown in major units here) and payment methods (list, add a card — tokenized by the provider at
   once, never kept here — and remove). */
"use strict";

(() => {
  const { el, api } = Salon;
  const CAPS = ["per_purchase", "per_day", "per_month", "per_merchant", "confirm_above"];
  const notice = document.getElementById("notice");
  const capsForm = document.getElementById("caps");
  const cardForm = document.getElementById("add-card");
  const methodsNode = document.getElementById("methods");
  let currency = "usd";

  function say(message, bad) {
    notice.hidden = false;
    notice.textContent = message;
    notice.classList.toggle("error", Boolean(bad));
  }

  /* "12.5" → 1250; "" → null. */
  function toMinor(text) {
    const value = text.trim();
    if (!value) return null;
    const [whole, fraction = ""] = value.split(".");
    return Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
  }

  function toMajor(minor) {
    if (minor === null || minor === undefined) return "";
    return (minor / 100).toFixed(2).replace(/\.00$/, "");
  }

  async function loadCaps() {
    const caps = await api("GET", "/api/payments/caps");
    currency = caps.currency || "usd";
    document.getElementById("caps-currency").textContent = currency.toUpperCase();
    for (const name of CAPS) capsForm.elements[name].value = toMajor(caps[name]);
  }

  function brandName(brand) {
    const name = String(brand || "card");
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  async function loadMethods() {
    const { methods } = await api("GET", "/api/payments/methods");
    methodsNode.replaceChildren(...methods.map((method) => el("li", { class: "app-card" },
      el("strong", { text: `${brandName(method.brand)} ending ${method.last4}` }),
      el("span", { class: "muted", text: ` · expires ${String(method.exp_month).padStart(2, "0")}/${method.exp_year}` }),
      el("button", {
        type: "button", class: "button", text: "Remove", "aria-label": `Remove the card ending ${method.last4}`,
        onclick: async () => {
          try {
            await api("DELETE", `/api/payments/methods/${encodeURIComponent(method.id)}`);
            say(`Removed the card ending ${method.last4}.`);
            await loadMethods();
          } catch (error) { say(error.message, true); }
        },
      }))));
    if (!methods.length) methodsNode.append(el("li", { class: "muted", text: "No payment method yet." }));
  }

  capsForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!capsForm.reportValidity()) return;
    const body = { currency };
    for (const name of CAPS) body[name] = toMinor(capsForm.elements[name].value);
    try {
      await api("PUT", "/api/payments/caps", body);
      say("Spend caps saved.");
      await loadCaps();
    } catch (error) { say(error.message, true); }
  });

  cardForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!cardForm.reportValidity()) return;
    const [month, year] = cardForm.elements.exp.value.split("/");
    const body = { number: cardForm.elements.number.value.replace(/\s+/g, ""), exp_month: Number(month), exp_year: Number(year) };
    if (cardForm.elements.cvc.value) body.cvc = cardForm.elements.cvc.value;
    try {
      const added = await api("POST", "/api/payments/methods", body);
      cardForm.reset();
      say(`Added the card ending ${added.last4 || ""}.`.replace(" .", "."));
      await loadMethods();
    } catch (error) { say(error.message, true); }
  });

  Promise.all([loadCaps(), loadMethods()]).catch((error) => say(error.message, true));
})();
