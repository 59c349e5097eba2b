"""A stand-in for Stripe's API on a real socket: it answers with the recorded shapes in recordings.json
and keeps every request it received, so tests check what Stripe's own client sent.

It is a small real implementation, not a list of canned replies: it remembers PaymentIntents and
refunds, replays a POST that repeats an `Idempotency-Key` with the same body (and refuses one with a
different body, as Stripe does), spends each shared token once, and keeps refunds within the captured
amount. Shared tokens choose the outcome the way Stripe's test tokens do: `spt_…insufficient…` is
declined, `spt_…3ds…` needs authentication (which `POST /_test/authenticate/{id}` completes).
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

RECORDED = json.loads((Path(__file__).parent / "recordings.json").read_text())


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class FakeStripe:
    api_key: str = "sk_test_salon"
    requests: list[Received] = field(default_factory=list)
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    spent_tokens: set[str] = field(default_factory=set)
    replies: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)
    fail_next: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def posts(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    def _id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):024d}"

    def app(self) -> Starlette:
        async def handle(request: Request) -> JSONResponse:
            form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
            if request.method == "GET":
                form = dict(parse_qsl(request.url.query, keep_blank_values=True))
            received = Received(request.method, request.url.path, dict(request.headers), form)
            self.requests.append(received)
            if request.headers.get("authorization") != f"Bearer {self.api_key}":
                return JSONResponse(
                    {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}}, 401
                )
            if self.fail_next:
                self.fail_next -= 1
                return JSONResponse({"error": {"type": "api_error", "message": "Recorded outage."}}, 500)
            key = request.headers.get("idempotency-key")
            signature = json.dumps([received.method, received.path, form], sort_keys=True)
            if key is not None and key in self.replies:
                first, status, body = self.replies[key]
                if first != signature:
                    return JSONResponse(copy.deepcopy(RECORDED["idempotency_error"]), 400)
                return JSONResponse(body, status, headers={"Idempotent-Replayed": "true"})
            status, body = self._answer(received, request.path_params)
            if key is not None and status < 500:
                self.replies[key] = (signature, status, body)
            return JSONResponse(body, status)

        return Starlette(
            routes=[
                Route("/v1/payment_methods", handle, methods=["POST"]),
                Route("/v1/shared_payment/issued_tokens", handle, methods=["POST"]),
                Route("/v1/payment_intents", handle, methods=["POST"]),
                Route("/v1/payment_intents/search", handle, methods=["GET"]),
                Route("/v1/payment_intents/{id}", handle, methods=["GET"]),
                Route("/v1/payment_intents/{id}/cancel", handle, methods=["POST"]),
                Route("/v1/payment_intents/{id}/confirm", handle, methods=["POST"]),
                Route("/v1/refunds", handle, methods=["POST"]),
                Route("/_test/authenticate/{id}", handle, methods=["POST"]),
            ]
        )

    def _answer(self, r: Received, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        form = r.form
        if r.path == "/v1/payment_methods":
            method = copy.deepcopy(RECORDED["payment_method"])
            number = form["card[number]"]
            method["id"] = self._id("pm")
            method["card"].update(
                last4=number[-4:],
                exp_month=int(form["card[exp_month]"]),
                exp_year=int(form["card[exp_year]"]),
                brand="mastercard" if number.startswith("5") else "visa",
            )
            return 200, method
        if r.path == "/v1/shared_payment/issued_tokens":
            token = copy.deepcopy(RECORDED["issued_token"])
            token["id"] = self._id("spt")
            token["payment_method"] = form["payment_method"]
            token["seller_details"] = {"network_id": form["seller_details[network_id]"]}
            token["usage_limits"] = {
                "currency": form["usage_limits[currency]"],
                "max_amount": int(form["usage_limits[max_amount]"]),
                "expires_at": int(form["usage_limits[expires_at]"]),
            }
            return 200, token
        if r.path == "/v1/payment_intents":
            return self._create_intent(form)
        if r.path.startswith("/_test/authenticate/"):
            self.intents[params["id"]].update(status="requires_confirmation", next_action=None)
            return 200, self.intents[params["id"]]
        if r.path.endswith("/confirm"):
            intent = self.intents[params["id"]]
            if intent["status"] == "requires_confirmation":
                intent.update(status="succeeded", amount_received=intent["amount"])
            return 200, intent
        if r.path.endswith("/search"):
            # Only the documented query form the provider sends: metadata['key']:'value'.
            key, value = re.fullmatch(r"metadata\['(\w+)'\]:'([^']*)'", form["query"]).groups()  # type: ignore[union-attr]
            found = [i for i in self.intents.values() if i["metadata"].get(key) == value]
            return 200, {"object": "search_result", "url": r.path, "has_more": False, "data": found[::-1]}
        if r.path.endswith("/cancel"):
            intent = self.intents[params["id"]]
            intent.update(
                status="canceled", next_action=None, cancellation_reason=form.get("cancellation_reason")
            )
            return 200, intent
        if r.method == "GET":
            return 200, self.intents[params["id"]]
        return self._refund(form)

    def _create_intent(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        token = form["shared_payment_granted_token"]
        if token in self.spent_tokens:
            return 400, copy.deepcopy(RECORDED["token_error"])
        intent = copy.deepcopy(RECORDED["payment_intent"])
        intent["id"] = self._id("pi")
        amount = int(form["amount"])
        intent.update(amount=amount, amount_received=amount, currency=form["currency"])
        intent["metadata"] = {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}
        intent["latest_charge"].update(id=self._id("ch"), amount=amount, amount_captured=amount)
        self.spent_tokens.add(token)
        if "insufficient" in token:
            error = copy.deepcopy(RECORDED["card_error"])
            error["error"]["payment_intent"]["id"] = intent["id"]
            return 402, error
        if "3ds" in token:
            intent.update(
                status="requires_action", amount_received=0, next_action=RECORDED["next_action_3ds"]
            )
        self.intents[intent["id"]] = intent
        return 200, intent

    def _refund(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        charge = self.intents[form["payment_intent"]]["latest_charge"]
        amount = int(form.get("amount", charge["amount_captured"] - charge["amount_refunded"]))
        if charge["amount_refunded"] + amount > charge["amount_captured"]:
            return 400, copy.deepcopy(RECORDED["refund_error"])
        charge["amount_refunded"] += amount
        refund = copy.deepcopy(RECORDED["refund"])
        refund.update(
            id=self._id("re"), amount=amount, payment_intent=form["payment_intent"], charge=charge["id"]
        )
        return 200, refund
