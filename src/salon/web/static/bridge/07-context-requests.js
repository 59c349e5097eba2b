/* View requests about what a view keeps or shares, stored through the views API:
   `ui/update-model-context` (what the model sees of the view from now on; the last one per conversation
   counts) and Salon's `ui/salon/set-state` (the view's saved state, given back as `salon.viewState`). */
"use strict";

(() => {
  const { ERRORS, RpcError, isRecord } = SalonBridge;

  Object.assign(SalonBridge.handlers, {
    async "ui/update-model-context"(params) {
      const body = {};
      if (params.content !== undefined) {
        if (!Array.isArray(params.content)) throw new RpcError(ERRORS.invalidParams, "content must be a list of content blocks.");
        body.content = params.content;
      }
      if (params.structuredContent !== undefined) {
        if (!isRecord(params.structuredContent)) throw new RpcError(ERRORS.invalidParams, "structuredContent must be an object.");
        body.structuredContent = params.structuredContent;
      }
      await this.callApi("/model-context", body);
      return {};
    },

    async "ui/salon/set-state"(params) {
      if (!("state" in params)) throw new RpcError(ERRORS.invalidParams, "ui/salon/set-state takes {state}.");
      await this.callApi("/state", { state: params.state }, "PUT");
      this.info.state = params.state;
      return {};
    },
  });
})();
