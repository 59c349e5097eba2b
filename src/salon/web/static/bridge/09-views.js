/* `SalonViews`: what the page (chat.js) and the views bench (bench/views.py) use. The bridge's parts
   are all in by now, so the shared namespace and its request table are frozen: no later script can add
   or replace a handler. */
"use strict";

const SalonViews = (() => {
  const { Bridge, metrics, hooks } = SalonBridge;
  const { el } = Salon;

  Object.freeze(SalonBridge.handlers);
  Object.freeze(SalonBridge);

  const byCall = new Map();

  function configure(given) {
    Object.assign(hooks, given);
  }

  /* Render the view of `callId` into `slot` (once per call id); resolves with its Bridge. */
  function mount(callId, slot, options) {
    const existing = byCall.get(callId);
    if (existing && existing.phase !== "closed") return Promise.resolve(existing);
    const bridge = new Bridge(callId, slot, options);
    byCall.set(callId, bridge);
    bridge.started = bridge.start();
    return bridge.started;
  }

  async function teardownAll(reason) {
    const all = [...byCall.values()];
    byCall.clear();
    await Promise.all(all.map((bridge) => bridge.teardown(reason)));
  }

  /* The streamed arguments of a call whose view opened early. */
  function partial(callId, args) {
    const bridge = byCall.get(callId);
    if (bridge) bridge.toolInputPartial(args);
  }

  /* The turn ended: a view opened for a call that never went ahead (the model's call was refused before
     it was stored) is closed with a note; the others get their call. */
  async function settlePreviews() {
    for (const bridge of [...byCall.values()]) {
      if (!bridge.previewing || bridge.phase === "closed") continue;
      await bridge.started.then(() => bridge.refresh());
      if (bridge.previewing) {
        byCall.delete(bridge.callId);
        await bridge.teardown("call not made");
        bridge.slot.append(el("p", { class: "muted view-note", text: "This call did not go ahead." }));
      }
    }
  }

  /* The call's result or cancellation is now stored: deliver it to its open view, if any. */
  function update(callId) {
    const bridge = byCall.get(callId);
    return bridge ? bridge.started.then(() => bridge.refresh()) : Promise.resolve();
  }

  return { configure, mount, update, partial, settlePreviews, teardownAll, metrics, get: (callId) => byCall.get(callId) || null };
})();
