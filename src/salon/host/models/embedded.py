"""The offline default brain: a heuristic, schema-driven provider with no model weights.

`EmbeddedProvider` makes `salon demo` work with no network and no account. It is not a language model
and does not pretend to be one. For each step it:

1. **after tool results** (the last messages are tool messages) writes a one-line follow-up from the
   tool's own text (`content`'s first sentence or line), or says what failed; it never re-describes
   the card the view already shows;
2. otherwise **chooses a tool** for the latest user message by scoring each offered tool: overlap of
   the message's words (lightly stemmed, action verbs folded into synonyms: book/reserve,
   find/search/look up, play/queue, add/remove...) with the tool's name, app, description and
   parameters, weighted by how rare each word is among the offered tools; a pointer at earlier results
   ("book the second one") favours tools that take an id of those results; each value read from the
   message for a tool adds to its score, whether or not a word is shared; a tool that would have to
   ask for a required value weighs much less than a sibling that can be called as it stands; and
   where the router's MiniLM is installed, the request's closeness in meaning to each tool
   (`salon.host.models.meaning`) adds to the score, and a request close to none of them gets no call;
   only the first of several steps is scored (`salon.host.models.steps`; a bare "and" cuts where
   each side alone would call a different tool), a listing of the offered
   tools' names and numbers count for no tool, nor do months, weekdays and cities named in capitals
   (values, not what is asked), and no call is made where it would take nothing from the message
   and share a single word with it, where the tool is far from the request in meaning, or where the
   request changes something (delete, cancel, update) that a tool which only finds or reads never
   mentions. Nothing that changes the world is called unasked (`_guarded`): a question about how
   things are goes to a tool that reads, and a write filled only from earlier results whose action
   the message never names gives way to one ("tell me about the first one" shows it, not books
   it); a pointer at a result ("the second one", "the cheapest one": `salon.host.models.pointing`)
   goes to a tool that names it by its id, and ids go only to the app that gave them;
3. **fills the arguments** from the tool's JSON Schema only (see `salon.host.models.arguments`), the
   item the message points at (or names: "book the Silver Orchard Inn"), same-named values of
   earlier calls to the same app, and a required value its earlier results gave (the reference of
   the booking just made, for "show my booking"); `salon.host.models.conversation` reads these;
4. **asks a short question** when a required argument is missing, and when a tool needs an id from
   results that do not exist yet, calls a read-only tool of the same app that can find them instead
   ("play Bohemian Rhapsody" → the search tool), and once it has answered, calls the tool it was
   for with the result the request names or the only one, or asks which one; the
   person's answer is read together with the words the question was about ("find hotels in Rome" →
   "I just need the arrival date" → "tomorrow for 2 nights" searches Rome), unless it makes a
   request of its own;
5. **answers in text** when no tool fits, saying what the closest tools can do instead; answers a
   greeting, thanks or "what can you do?" itself (`salon.host.models.small_talk`), and a question
   comparing the results just shown ("which is the lightest?", `salon.host.models.comparisons`)
   from their own fields. What it says is written from the offered tools
   (`salon.host.models.replies`).

What it cannot do: hold a conversation, answer questions from knowledge, chain several tools in one
step, understand wording outside the cues of `understanding`, `dates` and `arguments`, or read the
content of free-text answers. No app is known to it by name: everything comes from the offered tools.
Call ids are derived from the position in the conversation, so the same conversation always gets the
same answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Literal

from salon.host.models.arguments import FillContext, Filled, asks_how_many, fill_arguments
from salon.host.models.arithmetic import arithmetic_fit
from salon.host.models.base import (
    CallProposal,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.models.comparisons import describe
from salon.host.models.conversation import (
    PLACE_ARGUMENTS,
    earlier_arguments,
    earlier_results,
    last_place,
    last_user_at,
    name_span,
    named_item,
    only_points,
    recent_results,
    split_name,
)
from salon.host.models.meaning import ToolMeaning
from salon.host.models.plain_schema import plain_tool
from salon.host.models.plausible import plausible
from salon.host.models.pointing import pointed_at, reference_bonus, referenced_item, takes_ids, uses
from salon.host.models.properties import is_id_property, kind
from salon.host.models.queries import is_query, sought_words
from salon.host.models.replies import (
    action_phrase,
    ask_for,
    cannot_help,
    find_first,
    follow_up,
    which_one,
)
from salon.host.models.small_talk import refuses, small_talk_reply
from salon.host.models.steps import split_at_and, steps
from salon.host.models.tool_cues import (
    STATE_QUESTION,
    named_action,
    only_reads_for_a_change,
    opens_with_action,
    tool_document,
    without_tool_listing,
    without_values,
)
from salon.host.models.understanding import (
    ACTION_CONCEPTS,
    asks_which,
    concept,
    concepts,
    find_reference,
    first_action,
    first_sentence,
    stem,
    tokenize,
)


@dataclass(frozen=True)
class Answer:
    """The embedded provider's answer to one step: text or calls, and whether the text declines
    (no offered tool fits), as against asking for what a fitting tool lacks."""

    text: str
    calls: list[ProposedCall]
    declined: bool = False
    asked_about: str | None = None
    """Where the text asks for arguments a tool lacks: the words that chose the tool (the person's
    message, with what they said before it where it answered an earlier question)."""
    draft: ProposedCall | None = None
    """Where the text asks for missing arguments: the call with the arguments it has so far."""
    missing: tuple[str, ...] = ()
    """The arguments the text asks for."""
    finding_for: str | None = None
    """Where the call finds what another tool needs first ("add Blue Serenade to the queue" searches
    for the track): that tool's name."""


@dataclass
class _Candidate:
    tool: OfferedTool
    index: int
    score: float
    filled: Filled
    closeness: float = 0.0
    """Cosine similarity of the request to the tool (`salon.host.models.meaning`), 0 without it."""


_SHORT_REPLY = 6


def _given_as_asked(answer: Answer, reply: str, tools: list[OfferedTool]) -> Answer:
    """`answer`'s call where it asked for one text value and `reply` is a short answer that gives it
    ("Ana Silva" for "I just need the name of the guest"), or `answer` itself."""
    if answer.draft is None or len(answer.missing) != 1:
        return answer
    value = reply.strip().strip(".!")
    name = answer.missing[0]
    tool = next((t for t in tools if t.name == answer.draft.name), None)
    prop = ((tool.parameters.get("properties") or {}).get(name) or {}) if tool is not None else {}
    if not value or len(value.split()) > _SHORT_REPLY or value.endswith("?") or refuses(value):
        return answer  # a question back, or "never mind", is no value
    if prop.get("enum") or kind(name, prop) != "string":
        return answer
    if not plausible(name, prop, value):
        return answer
    call = answer.draft.model_copy(update={"arguments": {**answer.draft.arguments, name: value}})
    return Answer("", [call])


def _later_steps(request: ModelRequest, split: Callable[[str], list[str]]) -> str | None:
    """The person's last message from its first step not yet called on: each round of calls since
    the message took one step. None when every step has had its call, when no call has been made
    since the message (an answer that belongs to no step), or when the last call failed (what
    follows may depend on it)."""
    messages = request.messages
    asked_at = last_user_at(messages)
    if asked_at is None or (messages[-1].role == "tool" and messages[-1].is_error):
        return None
    text = without_tool_listing(messages[asked_at].content, request.tools)
    parts = split(text)
    done = sum(1 for m in messages[asked_at + 1 :] if m.role == "assistant" and m.tool_calls)
    if not 0 < done < len(parts):
        return None
    return text[text.find(parts[done]) :]


def _unshouted(request: ModelRequest) -> ModelRequest:
    """`request` with the person's messages written in capitals only ("FIND HOTELS IN PARIS") in
    lower case: places, names and labels are read from how words are written, and in capitals every
    word looks like a name."""
    messages = [
        m.model_copy(update={"content": m.content.lower()})
        if m.role == "user" and m.content.isupper() and len(m.content.split()) >= 3
        else m
        for m in request.messages
    ]
    if all(a is b for a, b in zip(messages, request.messages, strict=True)):
        return request
    return request.model_copy(update={"messages": messages})


MAX_QUESTIONS_FOLLOWED = 3
"""How many questions in a row a message can answer together ("in Rome" → "tomorrow" → "2 nights")."""

FAR_IN_MEANING = 0.0
"""A tool whose cosine with the request is below this is not called on the words it shares with it.
BFCL live dev: 0.0 changes no row; 0.1 (the meaning floor) cost one exact call."""
CLEARLY_CLOSER = 0.3
"""How much closer in meaning (cosine) than the best tool that would be called instead a tool that
lacks arguments must be to be the one meant (`EmbeddedProvider._clearly_meant`). BFCL live dev: 0.3
and 0.25 change no row (317 / 263); 0.2 gives 316 exact calls and 264 correct abstentions. 0.25 made
the hotel search meant in "Convert 5 miles to km, and then find hotels in Melbourne" (its first step
is the conversion)."""
AS_CLOSE = 0.05
"""Within this cosine of the closest tool, a tool of the same app that needs no id found first is
the one meant instead."""

_POINTS_AT_SEVERAL = re.compile(r"\b(?:them|those|these|either)\b", re.IGNORECASE)
_ANY_WILL_DO = re.compile(r"\b(?:some|something|anything|any)\b", re.IGNORECASE)
_SPENDS = frozenset({"buy", "book", "pay"})


def _chunks(text: str) -> list[TextDelta]:
    return [TextDelta(text=piece) for piece in re.findall(r"\S+\s*", text)]


class EmbeddedProvider(ModelProvider):
    """Deterministic, offline, schema-driven tool use; see the module docstring for its limits."""

    name = "embedded"

    def __init__(
        self,
        *,
        min_score: float | None = None,
        missing_penalty: float = 8.0,
        meaning: ToolMeaning | Literal["auto"] | None = "auto",
        meaning_weight: float = 10.0,
        meaning_floor: float = 0.1,
        arithmetic_weight: float = 8.0,
    ) -> None:
        """`meaning` adds the request's closeness in meaning to each tool (`"auto"`: the router's
        MiniLM where it is installed; None: words alone). With it, a tool needs a score of 2 and
        some closeness (`meaning_floor`) to be called; without it, a score of 1. A calculator tool
        gains (or loses) `arithmetic_weight` when the request writes its operation (or another one)
        on two numbers (`salon.host.models.arithmetic`)."""
        self.meaning = ToolMeaning.available() if meaning == "auto" else meaning
        self.min_score = min_score if min_score is not None else (2.0 if self.meaning else 1.0)
        self.missing_penalty = missing_penalty
        self.meaning_weight = meaning_weight
        self.meaning_floor = meaning_floor
        self.arithmetic_weight = arithmetic_weight

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        text, calls = self.respond(request)
        for delta in _chunks(text):
            yield delta
        for call in calls:
            yield CallProposal(call=call)

    def respond(self, request: ModelRequest) -> tuple[str, list[ProposedCall]]:
        """The whole answer to one step: text, or calls (with no text), or after a call's answer
        its reply with the calls of the message's next step."""
        answer = self.answer(request)
        return answer.text, answer.calls

    def answer(self, request: ModelRequest) -> Answer:
        """`respond`, saying also whether the text declines (see `Answer`)."""
        plain = [plain_tool(t) for t in request.tools]
        if any(p is not t for p, t in zip(plain, request.tools, strict=True)):
            request = request.model_copy(update={"tools": plain})
        request = _unshouted(request)
        messages = request.messages
        if messages and messages[-1].role == "tool":
            return self._go_on(request)
        user = request.latest_user_text
        if not user.strip():
            return Answer("Hi! What can I help you with?", [])
        small_talk = small_talk_reply(user, list(dict.fromkeys(action_phrase(t) for t in request.tools))[:5])
        if small_talk is not None:
            return Answer(small_talk, [], declined=True)  # no tool fits: a model may write its own
        if request.tool_choice == "none" or not request.tools:
            return self._decline(request)
        return self._answer_to(request, depth=0)

    def _asked_about_before(self, request: ModelRequest, depth: int = 0) -> str | None:
        """The words the assistant's last reply asked about, where that reply (to the person's
        message before this one) was a question for a tool's missing arguments. Worked out again
        from the conversation, as this provider keeps no state: the same messages and tools give
        the same reply."""
        messages = request.messages
        if depth >= MAX_QUESTIONS_FOLLOWED or len(messages) < 3:
            return None
        reply, earlier = messages[-2], messages[:-2]
        if reply.role != "assistant" or reply.tool_calls or not earlier:
            return None
        before = request.model_copy(update={"messages": earlier})
        if earlier[-1].role == "tool":  # "which one?" after a search made for another tool
            return self._go_on(before).asked_about
        if earlier[-1].role != "user":
            return None
        return self._answer_to(before, depth + 1).asked_about

    def _answer_to(self, request: ModelRequest, depth: int) -> Answer:
        """The answer to the person's last message, read together with the words of the question
        asked before it where it answers one ("tomorrow for 2 nights" after "I just need the
        arrival date" for "find hotels in Rome")."""
        user = request.latest_user_text
        if not request.tools:
            return self._decline(request)
        chosen = self._choose(request, user)
        if chosen.calls and not only_points(user):
            return chosen
        asked_about = self._asked_about_before(request, depth)
        if asked_about is None:
            refined = self._refined(request, user) if chosen.declined else None
            return refined or chosen
        together = self._choose(request, f"{asked_about.rstrip(' .!?')}. {user}")
        if not together.calls and chosen.asked_about is None:
            together = _given_as_asked(together, user, request.tools)
        # A message that asks for something else in full, or half, is read on its own.
        return together if together.calls or (together.asked_about and not chosen.asked_about) else chosen

    def _refined(self, request: ModelRequest, user: str) -> Answer | None:
        """The conversation's last search again, with what a message too short to name it changes
        ("under 150" after a hotel search: the same search with a price limit). Only a read-only
        call is made again this way, and only where the message gives it a value of its own."""
        last = next((c for m in reversed(request.messages) for c in reversed(m.tool_calls)), None)
        if last is None:
            return None
        again = next((c for c in self.rank(request, user) if c.tool.name == last.name), None)
        if again is None or not again.tool.read_only or again.filled.missing:
            return None
        props = again.tool.parameters.get("properties") or {}
        changed = [k for k, v in again.filled.arguments.items() if last.arguments.get(k) != v]
        # Free text proves nothing: "tell me a joke" after a song search is no search for a joke.
        if not changed or any(is_query(k, props.get(k) or {}) for k in changed):
            return None
        return self._call_or_ask(request, again, user)

    def _go_on(self, request: ModelRequest) -> Answer:
        """After a call has answered: its reply, and the call for the message's next step where it
        asked for several things in order ("find pop music, and then play a track on the patio")."""
        said = follow_up(request.messages)
        if request.tool_choice == "none" or not request.tools:
            return Answer(said, [])
        later = _later_steps(request, lambda text: self._steps(request, text))
        if later is None:
            found = self._after_finding(request)
            if found is None:
                return Answer(said, [])
            return Answer(f"{said} {found.text}".strip(), found.calls, asked_about=found.asked_about)
        step = self._choose(request, later)
        if step.calls or step.declined:
            return Answer(said, step.calls)
        return Answer(f"{said} {step.text}", [])  # a question the next step needs answered

    def _after_finding(self, request: ModelRequest) -> Answer | None:
        """Where the call that has just answered was made to find what another tool needs ("add Blue
        Serenade to the queue" searched for the track): that tool's call, with the one result found
        or the result the message names ("Blue Serenade"), or else the question which one it is.
        None where the call was no such search, or found nothing."""
        messages = request.messages
        asked_at = last_user_at(messages)
        if asked_at is None or messages[-1].is_error:
            return None
        rounds = [m.tool_calls for m in messages[asked_at + 1 :] if m.role == "assistant" and m.tool_calls]
        results = recent_results(messages[asked_at + 1 :])  # what this search found, nothing older
        if len(rounds) != 1 or len(rounds[0]) != 1 or results is None:
            return None
        first = self._answer_to(request.model_copy(update={"messages": messages[: asked_at + 1]}), depth=0)
        if first.finding_for is None or [c.name for c in first.calls] != [rounds[0][0].name]:
            return None
        user = messages[asked_at].content
        # "buy the first power bank under $50": the ordinal counts the results just found.
        item = referenced_item(find_reference(user), results) or named_item(results.items, user)
        if item is None and (
            len(results.items) == 1 or (_ANY_WILL_DO.search(user) and first_action(user) not in _SPENDS)
        ):
            # The only one, or "play some jazz": any of them will do, the best found first. Not for
            # spending: "buy some headphones" still asks which.
            item = results.items[0]
        if item is None:
            return Answer(which_one(len(results.items)), [], asked_about=user)
        ranked = self.rank(request, user, pointed=item)
        waiting = next((c for c in ranked if c.tool.name == first.finding_for), None)
        if waiting is None or waiting.filled.missing_ids:
            return None
        # What it still lacks ("book the Silver Orchard Inn…" with no guest name) is asked for,
        # and the answer read with the request.
        return self._call_or_ask(request, waiting, user)

    # -- choosing -------------------------------------------------------------------------------------

    def _choose(self, request: ModelRequest, text: str, pointed: dict[str, Any] | None = None) -> Answer:
        """The answer to `text`; `pointed` is the earlier result it is about where that was worked
        out otherwise than from its words."""
        pointer = pointed_at(request.messages, text, pointed)
        reference, results, referenced = pointer.reference, pointer.results, pointer.item
        if pointer.superlative is not None and (
            asks_which(text) or (len(text.split()) <= 4 and first_action(text) is None)
        ):
            return Answer(describe(pointer.superlative), [])  # "which is the lightest?"
        ranked = self.rank(request, text, referenced)  # the item is worked out once, here
        # A tool far from the request in meaning is not called on the words it happens to share
        # ("is it daytime in Sydney right now?" met "right away" in the music player's text).
        ranked = [c for c in ranked if c.closeness >= FAR_IN_MEANING] or ranked
        blocked: _Candidate | None = None
        meant = self._clearly_meant(ranked)
        best = meant or ranked[0]
        if meant is None:
            guarded = self._guarded(best, ranked, text, referenced)
            if guarded is None:
                return self._decline(request, ranked)
            best = guarded
        # Nothing is close in meaning, or every tool is far from it ("is breakfast included?"
        # matched "include" in the music search's text, and no tool is near it).
        unrelated = self.meaning is not None and (
            max(c.closeness for c in ranked) < self.meaning_floor or best.closeness < FAR_IN_MEANING
        )
        # A clearly meant tool cleared the bar before its missing arguments were counted against it.
        too_weak = meant is None and best.score < self.min_score
        if too_weak or unrelated or only_reads_for_a_change(text, best.tool):
            return self._decline(request, ranked)
        if meant is None and best.filled.missing:
            # No tool can be called as asked: ask about the one the request is most about, not the
            # one that lacks least ("book a hotel" is a booking to make, not one to look up).
            best = max(ranked, key=self._asked)
        if best.filled.missing_ids and referenced is None:
            points = reference is not None or _POINTS_AT_SEVERAL.search(text) is not None
            if points and results is not None and len(results.items) > 1:
                return Answer(which_one(len(results.items)), [])  # "book one of them"
            finder = self._finder_for(best, ranked)
            if finder is not None:
                blocked, best = best, finder
        if best.filled.missing_ids:
            return Answer(find_first(best.tool, best.filled.missing_ids, request.tools), [])
        if best.filled.missing:
            return self._call_or_ask(request, best, text)
        # A question about how things are, put to the tool closest to it in meaning ("what song is
        # playing": the player's state), needs no value from the message.
        answers_question = STATE_QUESTION.match(text) is not None and best.closeness >= max(
            c.closeness for c in ranked
        )
        if referenced is None and not answers_question and self._barely_asked(text, best, request.tools):
            # "play Bohemian Rhapsody" for a play tool whose track id is optional: find it first.
            finder = self._finder_for(best, ranked) if takes_ids(best.tool) else None
            if finder is None:
                return self._decline(request, ranked)
            blocked, best = best, finder
        call = ProposedCall(
            id=f"call_{len(request.messages)}_{best.index}",
            name=best.tool.name,
            arguments=best.filled.arguments,
        )
        waiting = self._waiting_for(best, ranked, text) if best.tool.read_only else None
        if waiting is not None and (blocked is None or self._asked(waiting) > self._asked(blocked)):
            blocked = waiting  # "add Blue Serenade to the queue" waits to add it, not to play it
        return Answer("", [call], finding_for=blocked.tool.name if blocked is not None else None)

    def _guarded(
        self, best: _Candidate, ranked: list[_Candidate], text: str, referenced: dict[str, Any] | None
    ) -> _Candidate | None:
        """`best`, or the candidate to call instead where calling it would do what was not asked;
        None where nothing should be called.

        - A message pointing at a result goes to a tool that names it by id or reference ("show me
          the first one" after an empty search does not run the search again).
        - A question about how things are goes to a tool that only reads ("what's in my queue" does
          not skip a track).
        - A tool that changes something, filled only from earlier results and calls, whose action the
          message never names, gives way to one that reads ("tell me about the first one" after a
          hotel search shows the hotel, it does not book it): the one that reads the item first."""
        if referenced is not None and not uses(best.filled.arguments, referenced):
            takers = (c for c in ranked if uses(c.filled.arguments, referenced) and not c.filled.missing)
            best = next((c for c in takers if c.score >= self.min_score), best)
        if not best.tool.read_only and STATE_QUESTION.match(text):
            readers = (c for c in ranked if c.tool.read_only and not c.filled.missing)
            best = next((c for c in readers if c.score >= self.min_score), best)
        if not self._acts_unasked(text, best):
            return best
        quiet = [c for c in ranked if c.tool.read_only and not c.filled.missing and c.score > 0]
        if referenced is not None:
            quiet.sort(key=lambda c: not uses(c.filled.arguments, referenced))
        return quiet[0] if quiet else None

    def _call_or_ask(self, request: ModelRequest, candidate: _Candidate, text: str) -> Answer:
        """The call to `candidate`, or where it lacks arguments the question for them (`text`: the
        words that chose it, to read the answer with)."""
        call = ProposedCall(
            id=f"call_{len(request.messages)}_{candidate.index}",
            name=candidate.tool.name,
            arguments=candidate.filled.arguments,
        )
        if not candidate.filled.missing:
            return Answer("", [call])
        missing = tuple(candidate.filled.missing)
        return Answer(
            ask_for(candidate.tool, candidate.filled.missing),
            [],
            asked_about=text,
            draft=call,
            missing=missing,
        )

    def _asked(self, candidate: _Candidate) -> float:
        """How much the request is about `candidate`: its score before what it lacks is counted."""
        return candidate.score + self.missing_penalty * len(candidate.filled.missing)

    def _waiting_for(self, called: _Candidate, ranked: list[_Candidate], text: str) -> _Candidate | None:
        """The tool of the same app that the request is more about than the search `called`, and
        that lacks only ids the search finds ("add Blue Serenade to the queue": the queue tool
        lacks the track id, so the track is searched for first). More about it: it scores higher
        before what it lacks is counted, or it names the request's action ("buy" for a checkout
        that starts buying) where the search does not."""
        app = split_name(called.tool.name)[0]
        action = first_action(text)

        def names_action(tool: OfferedTool, *, described: bool) -> bool:
            words = split_name(tool.name)[1] + (" " + first_sentence(tool.description) if described else "")
            return action is not None and action in concepts(words)

        def needs_found_ids(c: _Candidate) -> bool:
            if c.filled.missing:
                return set(c.filled.missing) == set(c.filled.missing_ids)
            # A play tool whose track id may be left out (to skip) still plays what was found.
            return takes_ids(c.tool) and not any(is_id_property(p) for p in c.filled.arguments)

        def named_as_asked(c: _Candidate) -> bool:
            """The tool's name opens with the request's own action word ("play", where "queue_add"
            is only a synonym)."""
            name_words = tokenize(split_name(c.tool.name)[1])
            return bool(name_words) and stem(name_words[0]) in asked_stems

        searched_for_it = names_action(called.tool, described=False)
        asked_stems = {stem(w) for w in tokenize(text) if concept(w) == action}
        waiting = [
            c
            for c in ranked
            if c is not called
            and split_name(c.tool.name)[0] == app
            and needs_found_ids(c)
            and (
                (c.tool.read_only and self._asked(c) > self._asked(called))
                # A tool that changes something waits only where the request names its action and
                # the search does not: "what's my booking" looks a booking up, it books nothing.
                or (names_action(c.tool, described=True) and not searched_for_it)
            )
        ]
        return max(waiting, key=lambda c: (named_as_asked(c), self._asked(c))) if waiting else None

    def _clearly_meant(self, ranked: list[_Candidate]) -> _Candidate | None:
        """The candidate closest in meaning, where it lacks arguments and is far closer than the
        best tool that could be called instead (with none, than the meaning floor): it is meant,
        and what it lacks is asked for ("find hotels in Melbourne" is a hotel search without dates,
        not a song search). None when there is no such candidate."""
        if self.meaning is None:
            return None
        closest = max(ranked, key=lambda c: c.closeness)
        if closest.filled.missing_ids:
            # "I need a hotel in Paris" is as close to the hotel details as to the search, but only
            # the search can go on from what was said: the details need a hotel found first.
            app = split_name(closest.tool.name)[0]
            finders = [
                c
                for c in ranked
                if split_name(c.tool.name)[0] == app
                and not c.filled.missing_ids
                and c.closeness >= closest.closeness - AS_CLOSE
            ]
            closest = max(finders, key=lambda c: c.closeness, default=closest)
        # Against the tool that would be called instead: "hotels in Rome" is clearly the hotel
        # search, though the hotel details tool (which cannot be called either) is nearly as close.
        # A tool that could be called but scores too low to be is no alternative ("I need a hotel in
        # Melbourne": the time in Melbourne, on the city alone).
        instead = next(
            (c for c in ranked if c is not closest and not c.filled.missing and c.score >= self.min_score),
            None,
        )
        baseline = instead.closeness if instead is not None else self.meaning_floor
        if (
            closest.filled.missing
            and closest.closeness - baseline >= CLEARLY_CLOSER
            and closest.score + self.missing_penalty * len(closest.filled.missing) >= self.min_score
        ):
            return closest
        return None

    def rank(
        self, request: ModelRequest, text: str, pointed: dict[str, Any] | None = None
    ) -> list[_Candidate]:
        """Every offered tool with its score and the arguments read for it, best first (`pointed`:
        as for `_choose`)."""
        asked = self._steps(request, without_tool_listing(text, request.tools))[0]
        return self._rank_step(request, text, asked, pointed)

    def _steps(self, request: ModelRequest, text: str) -> list[str]:
        """`text` cut into its steps: at sequencing markers (`salon.host.models.steps`), and at a
        bare "and" between two requests that each call a different tool from their own words ("a
        place to stay in Rome tomorrow for two nights and convert 10 km to miles")."""

        def separate(before: str, after: str) -> bool:
            if not opens_with_action(after):
                return False  # "…, and the host rds.example.org": more of the same request
            first = self._callable_for(request, before)
            if first is None:
                return False
            # "…in Tokyo and tell me the typical weather there": "there" is the first step's place.
            there = next((v for k, v in first.filled.arguments.items() if k in PLACE_ARGUMENTS), None)
            second = self._callable_for(request, after, there=there if isinstance(there, str) else None)
            return second is not None and first.index != second.index

        return [part for step in steps(text) for part in split_at_and(step, separate)]

    def _callable_for(
        self, request: ModelRequest, words: str, *, there: str | None = None
    ) -> _Candidate | None:
        """The tool that `words` alone would call, with every argument it needs and at least one
        read from them; None when they would not make a call by themselves. `there`: the place
        "there" means, where the words before named it."""
        best = self._rank_step(request, words, words, there=there)[0]
        if (
            best.filled.missing
            or not best.filled.from_text
            or best.score < self.min_score
            or (self.meaning is not None and best.closeness < self.meaning_floor)
        ):
            return None
        return best

    def _rank_step(
        self,
        request: ModelRequest,
        text: str,
        asked: str,
        pointed: dict[str, Any] | None = None,
        *,
        there: str | None = None,
    ) -> list[_Candidate]:
        """`rank` for the step `asked` of the message `text`: its words pick and fill the tool, the
        whole message's meaning counts."""
        pointer = pointed_at(request.messages, text, pointed)
        reference, referenced = pointer.reference, pointer.item
        named = name_span(referenced, text) if referenced is not None else None
        # A number shared with a tool's text is an example value or a version ("Music_3"), no cue;
        # nor is a month, a weekday or a city named in capitals ("what's the weather like in Lisbon
        # in March" in a description meets "stay in Paris from March 3").
        query = {c for c in concepts(without_values(asked)) if not c.isdigit()}
        if asks_how_many(asked):
            query |= set(concepts("convert"))  # "how many feet in a mile" converts a mile to feet
        query -= {"first", "second", "third", "last"} if reference else set()
        documents = [tool_document(t) for t in request.tools]
        total = len(request.tools)
        closeness = self.meaning.similarities(text, request.tools) if self.meaning else [0.0] * total
        there = there or last_place(request.messages)
        asks_about_state = STATE_QUESTION.match(asked) is not None
        candidates: list[_Candidate] = []
        for index, (tool, doc) in enumerate(zip(request.tools, documents, strict=True)):
            score = 0.0
            for c in query:
                if c in doc:
                    df = sum(1 for d in documents if c in d)
                    score += doc[c] * (1.0 + math.log(total / df))
            # A tool named for doing what the request commands ("play something relaxing": play, not
            # now_playing); a question about a state ("what is playing") commands nothing.
            verb = named_action(tool.name)
            if verb in ACTION_CONCEPTS and verb in query and not asks_about_state:
                score += 1.5
            score += reference_bonus(tool, pointer)
            score += self.arithmetic_weight * arithmetic_fit(
                text, tool.name, tool.description, tool.parameters
            )
            app = split_name(tool.name)[0]
            ctx = FillContext(
                # A step's arguments come from its own words: "…, and then convert 5 miles to km"
                # says nothing about the guests of the hotel search before it.
                text=asked,
                now=request.now,
                # Ids belong to the app that gave them: a product's id is no track's.
                referenced=referenced if takes_ids(tool) and pointer.from_app(app) else None,
                earlier=earlier_arguments(request.messages, app),
                earlier_results=earlier_results(request.messages, app),
                there=there,
                ignore_words=frozenset(stem(t) for t in tokenize(tool.name)),
                sought_words=sought_words(tool.description),
                # "that"/"this" point only when there are results ("this Sunday" is a date).
                reserved=[
                    *([reference.span] if reference and (pointer.results or reference.explicit) else []),
                    *([named] if named is not None else []),  # "the Silver Orchard Inn" is no guest
                ],
                embedder=self.meaning.embedder if self.meaning else None,
            )
            filled = fill_arguments(tool.parameters, ctx)
            # Values read from the message are evidence even when it shares no word with the tool
            # ("watch a Scientific fiction in San Bruno at Century…" names no word of FindMovies).
            score += 0.25 * filled.from_text - self.missing_penalty * len(filled.missing)
            score += self.meaning_weight * max(0.0, closeness[index] - self.meaning_floor)
            candidates.append(_Candidate(tool, index, score, filled, closeness[index]))
        return sorted(candidates, key=lambda c: (-c.score, c.index))

    @staticmethod
    def _barely_asked(text: str, candidate: _Candidate, tools: list[OfferedTool]) -> bool:
        """Whether a call that takes nothing from the message (nor from an item it points at) rests
        on a single shared word.

        With no value read from the message, the words it shares with the tool are the only sign
        that it asks for this tool. One word among others the tool does not know ("get the event
        shoes!" for an event-specifications tool) is too little; two, or every word, is enough.
        Words that only name the kind of thing the app deals in ("skip this song" to a music player:
        its app searches songs) are not among the others."""
        if candidate.filled.from_text:
            return False
        app = split_name(candidate.tool.name)[0]
        kinds = {
            word
            for tool in tools
            if app and split_name(tool.name)[0] == app
            for word in sought_words(tool.description)
        }
        content = {
            c for c in concepts(text) if c not in ACTION_CONCEPTS and not c.isdigit() and stem(c) not in kinds
        }
        shared = content & tool_document(candidate.tool).keys()
        return len(shared) < 2 and bool(content - shared)

    @staticmethod
    def _acts_unasked(text: str, candidate: _Candidate) -> bool:
        """Whether `candidate` changes something the request neither names the action of nor gives
        a value for: it has arguments, and every one came from earlier results and calls."""
        if candidate.tool.read_only or candidate.filled.from_text or not candidate.filled.arguments:
            return False
        performed = set(concepts(split_name(candidate.tool.name)[1])) & ACTION_CONCEPTS
        return not performed & set(concepts(text))

    @staticmethod
    def _finder_for(blocked: _Candidate, ranked: list[_Candidate]) -> _Candidate | None:
        """A read-only tool of the same app that can run now and may return the ids `blocked` needs."""
        app = split_name(blocked.tool.name)[0]
        for candidate in ranked:
            if (
                candidate is not blocked
                and candidate.tool.read_only
                and split_name(candidate.tool.name)[0] == app
                and not candidate.filled.missing
                and candidate.filled.from_text > 0
            ):
                return candidate
        return None

    def _decline(self, request: ModelRequest, ranked: list[_Candidate] | None = None) -> Answer:
        """No offered tool fits; the tools named as what can be done are the closest to the request
        where it was ranked (a music question names the music tools), else the first offered."""
        tools = [c.tool for c in sorted(ranked, key=lambda c: -c.closeness)] if ranked else request.tools
        return Answer(cannot_help(tools), [], declined=True)
