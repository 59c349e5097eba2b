/* Suggesting an app the person has not installed.

   After a turn in which no app was called, the page asks the directory whether a published app clearly
   fits the message (`GET /api/directory/suggest?q=`: the router over published, not-installed apps, with a
   high threshold). If one does, a card says so and links to the app's directory page, where installing
   goes through the consent screen that lists the data the app receives. Nothing is installed from here,
   and the card can be dismissed. A directory that is unavailable shows nothing. */
"use strict";

const SalonSuggest = (() => {
  const { el, api } = Salon;

  function appPage(name) {
    return "/directory/apps/" + name.split("/").map(encodeURIComponent).join("/");
  }

  async function offer(message, add) {
    let answer;
    try {
      answer = await api("GET", "/api/directory/suggest?q=" + encodeURIComponent(message.slice(0, 2000)));
    } catch (_) {
      return null;
    }
    const hit = answer && answer.suggestion;
    if (!hit || !hit.card) return null;
    const card = hit.card;
    const headingId = "suggest-" + Math.random().toString(36).slice(2);
    const node = el("section", { class: "event suggestion", role: "group", "aria-labelledby": headingId, "data-testid": "app-suggestion" },
      el("h3", { id: headingId, text: `${card.display_name} could help with this` }),
      el("p", { text: card.short_description }),
      el("p", { class: "muted", text: "It is not installed. Its page shows what it does and the data it would receive before you decide." }),
      el("div", { class: "actions" },
        el("a", { class: "button primary", href: appPage(card.name), text: `See ${card.display_name} and install` }),
        el("button", { type: "button", class: "button", text: "Not now", onclick: () => node.remove() })));
    add(node);
    return node;
  }

  return { offer };
})();
