/* View requests answered by the view's own app, through the views API (which checks that the tool is
   the same app's and visible to views): `tools/call` and `resources/read`. A call that needs the
   person's confirmation (a 202) shows the host's own card under the view (`hooks.confirm`, never the
   view's UI); the decision's streamed result becomes the answer. */
"use strict";

(() => {
  const { ERRORS, RpcError, isRecord, textParam, hooks } = SalonBridge;

  function toCallToolResult(event) {
    const result = { content: event.text ? [{ type: "text", text: event.text }] : [], isError: Boolean(event.is_error) };
    if (event.structured !== null && event.structured !== undefined) result.structuredContent = event.structured;
    if (isRecord(event.meta) && Object.keys(event.meta).length) result._meta = event.meta;
    return result;
  }

  Object.assign(SalonBridge.handlers, {
    async "tools/call"(params) {
      const name = textParam(params.name, "name", 128);
      if (params.arguments !== undefined && !isRecord(params.arguments)) throw new RpcError(ERRORS.invalidParams, "arguments must be an object.");
      const { status, body } = await this.callApi("/tools/call", { name, arguments: params.arguments || {} });
      if (status === 202 && isRecord(body?.confirmation)) {
        const event = await hooks.confirm(body.confirmation, this.confirmations, this);
        if (!event) throw new RpcError(ERRORS.refused, `The person did not let ${name} run.`);
        return toCallToolResult(event);
      }
      if (!isRecord(body?.result)) throw new RpcError(ERRORS.internal, "The host returned no tool result.");
      return body.result;
    },

    async "resources/read"(params) {
      const uri = textParam(params.uri, "uri", 2048);
      const { body } = await this.callApi("/resources/read", { uri });
      return { contents: Array.isArray(body?.contents) ? body.contents : [] };
    },
  });
})();
