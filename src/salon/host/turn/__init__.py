"""The turn loop: from the person's message to the assistant's reply, streaming every step.

    1. store the message
    2. route the message (`salon.host.routing`): only the top few tools go to the model, none when
       the router's gate finds that no app fits, only the pinned app's with `@app`
    3. the model streams text and proposes calls
    4. each call is validated against the tool's schema (failures go back to the model, not the app)
    5. policy: changed definitions and anything not read-only wait for the person (the turn pauses;
       `resume` continues it after the decision, in this worker or another)
    6. the call goes to the app with its arguments only; the result splits into text for the model,
       structured data and `_meta` for the view
    7. the model writes a short follow-up; repeat up to `max_tool_rounds`

Nothing a later step needs lives in process memory: a paused turn is a pending confirmation row, so
any worker can resume it.

Views call tools too (`call_from_view`): the same validation and policy, but the call is history only
(not part of the model's transcript), and a confirmed one streams just its result — no model round
follows. What a view shared with the model (`ui/update-model-context`, the last one per conversation)
goes into every model request as a second system message, until a view replaces it.

The parts, in the order a call meets them:

    runner    `TurnRunner`, the entry points: `run`, `resume`, `call_from_view`
    rounds    steps 2, 3 and 7: routing, the streamed model request, its proposed calls
    gate      steps 4 and 5: which calls are bounced, which wait for the person, which run
    calls     step 6 and the records: store a call, ask the person, run it at its app, store its end
"""

from salon.host.turn.runner import Decision, TurnRunner

__all__ = ["Decision", "TurnRunner"]
