"""Greetings, thanks, "never mind" and "what can you do?": messages the offline provider answers itself.

The offline provider works through apps, and a message no app fits gets "none of them fits". For a
greeting or a thank-you that reads as a refusal, and for "what can you do?" it says nothing useful.
`small_talk_reply` recognises these kinds of message when they are the whole message (a
greeting before a request is no small talk: "hi, find me a hotel in Rome" goes to the tools) and
answers each in one line; the capability answer lists what the offered tools do.

A language model, where one is configured, writes its own reply instead: the tiered provider treats
these answers like the offline provider's refusals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|yo|good\s+(?:morning|afternoon|evening)|greetings)"
    r"(?:\s+(?:there|salon|again))?$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^(?:(?:great|perfect|ok(?:ay)?|cool|nice|awesome)[,\s]+)?"
    r"(?:thanks|thank\s+you|thx|ty|cheers|many\s+thanks)(?:\s+(?:a\s+lot|so\s+much|very\s+much))?"
    r"(?P<closing>[,.!\s]+(?:that'?s\s+all|that'?s\s+it|bye|goodbye|all\s+good|i'?m\s+done|nothing\s+else))?$",
    re.IGNORECASE,
)
_DISMISSAL = re.compile(
    r"^(?:no(?:pe)?(?:,?\s+thanks?(?:\s+you)?)?|never\s*mind|forget\s+(?:it|that)|cancel(?:\s+that)?|"
    r"not\s+now|that'?s\s+all|nothing(?:\s+else)?)$",
    re.IGNORECASE,
)
_REFUSAL = re.compile(
    r"^(?:no|nope|nah|cancel|stop|never\s*mind|forget\s+it|skip(?:\s+it)?|not\s+now|don'?t)\b", re.IGNORECASE
)
_CAPABILITIES = re.compile(
    r"^(?:help|what\s+(?:can|do)\s+you\s+do|what\s+are\s+you\s+able\s+to\s+do|how\s+can\s+you\s+help(?:\s+me)?"
    r"|what\s+can\s+i\s+(?:ask|do)(?:\s+here)?|who\s+are\s+you|what\s+are\s+you)$",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s!?.,:;)(]+$|^[\s!?.,:;)(]+")


def small_talk_reply(text: str, actions: Sequence[str]) -> str | None:
    """The reply to `text` where the whole of it is a greeting, thanks or a question about what the
    assistant can do (`actions`: what the offered tools do, as verb phrases); None otherwise."""
    said = _TRAILING.sub("", " ".join(text.split()))
    if _GREETING.match(said):
        return "Hi! What can I help you with?"
    thanks = _THANKS.match(said)
    if thanks:
        return (
            "You're welcome! Anything else?"
            if thanks.group("closing") is None
            else "You're welcome. Bye for now!"
        )
    if _DISMISSAL.match(said):
        return "OK. Just ask when you need something."
    if _CAPABILITIES.match(said):
        if not actions:
            return (
                "I'm Salon's offline assistant: I work through the apps you install. Ask for something "
                "one of them does, like a search or a booking, and I'll pick the app and fill it in."
            )
        listed = ", ".join(actions[:-1]) + " or " + actions[-1] if len(actions) > 1 else actions[0]
        return f"I'm Salon's offline assistant: through your apps I can {listed}."
    return None


def refuses(text: str) -> bool:
    """Whether `text` opens by saying no ("no, never mind", "don't"): no answer to a question."""
    return bool(_REFUSAL.match(text.strip()))
