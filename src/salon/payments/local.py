"""`LocalTestProvider`: a real payment provider that moves no money, the embedded default.

    provider = await LocalTestProvider.open()                      # .salon/payments.db
    provider = await LocalTestProvider.open("postgresql://psp@db/psp")
    card = await provider.tokenize_card(CardDetails(number="4242424242424242", exp_month=12, exp_year=2030))
    token = await provider.delegate_payment(DelegatePaymentRequest(payment_method_id=card.id, allowance=...))
    charge = await provider.charge(token=token.id, amount=1999, currency="usd", merchant_id="shop",
                                   checkout_session_id="cs_1", idempotency_key="complete-cs_1")

Its state is in its own database (see `local_schema`), so it behaves the same across processes and
restarts: what a card does is decided by its test number (see `test_cards`), tokens are spent at most
once, a charge's idempotency key answers the same outcome forever, and refunds never exceed what was
captured. Every rule is enforced by one database transaction (SQLite: `BEGIN IMMEDIATE`; PostgreSQL:
a conditional `UPDATE` and unique constraints at READ COMMITTED), so concurrent callers in several
workers cannot spend one token twice or charge twice under one key.

Time comes from `now` (default: the system clock in UTC), so tests can fix it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.errors import (
    DelegatedTokenInvalid,
    PaymentDeclined,
    PaymentError,
    PaymentRequiresAction,
    StoreError,
)
from salon.payments import local_schema as t
from salon.payments.provider import (
    Allowance,
    AuthenticationChallenge,
    AuthenticationResult,
    CardDetails,
    Charge,
    DelegatedToken,
    DelegatePaymentRequest,
    PaymentMethod,
    PaymentProvider,
    Refund,
    ThreeDSDetails,
)
from salon.payments.test_cards import behaviour_of, brand_of, expired, luhn_valid
from salon.store import url as urls
from salon.store.engine import Database

DEFAULT_URL = "sqlite:///.salon/payments.db"
"""The local provider's own SQLite file, beside (not inside) Salon's store."""

_DECLINES = {"card_declined", "insufficient_funds", "expired_card"}
_T = TypeVar("_T")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


class LocalTestProvider(PaymentProvider):
    name = "local"

    def __init__(self, database: Database, card_hash_key: bytes, *, now: Callable[[], datetime]) -> None:
        self._db = database
        self._key = card_hash_key
        self._now = now

    @classmethod
    async def open(
        cls, url: str = DEFAULT_URL, *, now: Callable[[], datetime] = _utcnow
    ) -> LocalTestProvider:
        """Connect to the provider's database at `url` (SQLite file or PostgreSQL), creating its
        tables on first use. Raises `StoreError` when it cannot be reached or has another schema."""
        normalised = urls.normalise_url(url)
        path = urls.sqlite_file(normalised)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        database = Database(normalised)
        try:
            await database.probe()
            async with database.write() as connection:
                key = await t.ensure_schema(connection)
        except BaseException:
            await database.aclose()
            raise
        return cls(database, key, now=now)

    async def aclose(self) -> None:
        await self._db.aclose()

    # -- cards and tokens -------------------------------------------------------------------------

    async def tokenize_card(self, card: CardDetails) -> PaymentMethod:
        digits = card.digits()
        if not luhn_valid(digits):
            raise PaymentDeclined(
                "The card number is not valid; check it and try again.", code="invalid_card"
            )
        if expired(card.exp_month, card.exp_year, self._now()):
            raise PaymentDeclined("The card has expired; use another card.", code="expired_card")
        row = {
            "id": new_id("pm"),
            "fingerprint": hmac.new(self._key, digits.encode(), hashlib.sha256).hexdigest(),
            "brand": brand_of(digits),
            "last4": digits[-4:],
            "exp_month": card.exp_month,
            "exp_year": card.exp_year,
            "funding": "credit",
            "behaviour": behaviour_of(digits),
            "created_at": self._now(),
        }
        async with self._db.write() as connection:
            await connection.execute(t.payment_methods.insert().values(**row))
        return _payment_method(row)

    async def retrieve_payment_method(self, payment_method_id: str) -> PaymentMethod:
        async with self._db.read() as connection:
            row = await _one(connection, t.payment_methods, payment_method_id)
        if row is None:
            raise PaymentError(f"No payment method {payment_method_id!r}.", code="unknown_payment_method")
        return _payment_method(row._asdict())

    async def delegate_payment(self, request: DelegatePaymentRequest) -> DelegatedToken:
        allowance = request.allowance
        now = self._now()
        if allowance.expires_at <= now:
            raise PaymentError(
                "The allowance has already expired; give an expires_at in the future.",
                code="invalid_allowance",
            )
        if request.card is not None:
            method_id = (await self.tokenize_card(request.card)).id
        elif request.payment_method_id is not None:
            method_id = request.payment_method_id
        else:
            raise PaymentError("Give a payment method or a card to delegate.", code="invalid_request")
        row = {
            "id": new_id("vt"),
            "payment_method_id": method_id,
            "max_amount": allowance.max_amount,
            "currency": allowance.currency,
            "checkout_session_id": allowance.checkout_session_id,
            "merchant_id": allowance.merchant_id,
            "expires_at": allowance.expires_at,
            "metadata": dict(request.metadata),
            "charge_id": None,
            "created_at": now,
        }
        async with self._db.write() as connection:
            if await _one(connection, t.payment_methods, method_id) is None:
                raise PaymentError(f"No payment method {method_id!r}.", code="unknown_payment_method")
            await connection.execute(t.tokens.insert().values(**row))
        return DelegatedToken(
            id=row["id"],
            created=now,
            allowance=allowance,
            payment_method_id=method_id,
            metadata=dict(request.metadata),
        )

    async def delegate_payment_once(
        self, request: DelegatePaymentRequest, *, scope: str, idempotency_key: str, fingerprint: str
    ) -> tuple[DelegatedToken, bool]:
        """`delegate_payment` under an ACP Idempotency-Key: the first request with `(scope, key)` mints
        a token; a retry with the same `fingerprint` (a digest of the request body) gets that token
        back (and `True`, "replayed"); another body raises `PaymentError("idempotency_conflict")`, and
        a retry while the first still runs `PaymentError("idempotency_in_flight")`. A failed request
        leaves nothing behind, so it can be retried."""
        where = (t.delegate_requests.c.scope == scope) & (
            t.delegate_requests.c.idempotency_key == idempotency_key
        )
        in_flight = True
        try:
            async with self._db.write() as connection:
                found = (await connection.execute(select(t.delegate_requests).where(where))).first()
                in_flight = found is not None
                if found is None:
                    await connection.execute(
                        t.delegate_requests.insert().values(
                            scope=scope,
                            idempotency_key=idempotency_key,
                            fingerprint=fingerprint,
                            token_id=None,
                            created_at=self._now(),
                        )
                    )
                else:
                    if found.fingerprint != fingerprint:
                        raise PaymentError(
                            "Idempotency-Key has already been used with a different request body",
                            code="idempotency_conflict",
                        )
                    if found.token_id is not None:
                        row = await _one(connection, t.tokens, found.token_id)
                        if row is not None:
                            return _delegated_token(row), True
        except StoreError as exc:
            if exc.code != "store_conflict":
                raise
            in_flight = True  # a concurrent first request inserted the row a moment ago
        if in_flight:
            raise PaymentError(
                "A request with this Idempotency-Key is currently being processed",
                code="idempotency_in_flight",
            )
        try:
            token = await self.delegate_payment(request)
        except BaseException:
            async with self._db.write() as connection:
                await connection.execute(t.delegate_requests.delete().where(where))
            raise
        async with self._db.write() as connection:
            await connection.execute(t.delegate_requests.update().where(where).values(token_id=token.id))
        return token, False

    # -- charges ----------------------------------------------------------------------------------

    async def charge(
        self,
        *,
        token: str,
        amount: int,
        currency: str,
        merchant_id: str,
        checkout_session_id: str,
        idempotency_key: str,
    ) -> Charge:
        if amount <= 0:
            raise PaymentError("A charge amount must be positive (minor units).", code="invalid_amount")
        request = {
            "token_id": token,
            "amount": amount,
            "currency": currency,
            "merchant_id": merchant_id,
            "checkout_session_id": checkout_session_id,
            "idempotency_key": idempotency_key,
        }

        async def attempt() -> dict[str, Any]:
            async with self._db.write() as connection:
                return await self._charge(connection, request)

        return _outcome(await self._retrying(attempt))

    async def _charge(self, connection: AsyncConnection, request: dict[str, Any]) -> dict[str, Any]:
        replay = await self._replay(connection, request)
        if replay is not None:
            return replay
        tok = await _one(connection, t.tokens, request["token_id"])
        if tok is None:
            raise DelegatedTokenInvalid("The payment token is not known to the provider.", reason="unknown")
        _check_allowance(tok, request, self._now())
        if tok.charge_id is not None:
            return await self._spent_already(connection, request)
        method = await _one(connection, t.payment_methods, tok.payment_method_id)
        if method is None:
            raise DelegatedTokenInvalid("The token's payment method is gone.", reason="unknown")
        status, failure = "succeeded", None
        if method.behaviour == "three_d_secure":
            status = "requires_action"
        elif method.behaviour in _DECLINES:
            status, failure = "failed", method.behaviour
        row = {
            **request,
            "id": new_id("ch"),
            "payment_method_id": method.id,
            "status": status,
            "failure_code": failure,
            "amount_refunded": 0,
            "created_at": self._now(),
        }
        if status != "failed":
            spent = await connection.execute(
                t.tokens.update()
                .where(t.tokens.c.id == tok.id, t.tokens.c.charge_id.is_(None))
                .values(charge_id=row["id"])
            )
            if spent.rowcount != 1:
                return await self._spent_already(connection, request)
        await connection.execute(t.charges.insert().values(**row))
        return {**row, "brand": method.brand, "last4": method.last4}

    async def _spent_already(self, connection: AsyncConnection, request: dict[str, Any]) -> dict[str, Any]:
        """The token is spent. On PostgreSQL another transaction may have spent it and committed since
        this one looked for a replay (READ COMMITTED: each statement sees the latest commits): if that
        was this very request under the same key, answer what it did; otherwise the token is used."""
        replay = await self._replay(connection, request)
        if replay is not None:
            return replay
        raise DelegatedTokenInvalid("The payment token has already been used.", reason="already_used")

    async def _replay(self, connection: AsyncConnection, request: dict[str, Any]) -> dict[str, Any] | None:
        found = await _charge_row(
            connection,
            (t.charges.c.merchant_id == request["merchant_id"])
            & (t.charges.c.idempotency_key == request["idempotency_key"]),
        )
        if found is None:
            return None
        if any(found[field] != value for field, value in request.items()):
            raise PaymentError(
                "This idempotency key was already used for a different charge; use a new key for a new "
                "charge.",
                code="idempotency_conflict",
            )
        return found

    async def confirm_authentication(self, charge_id: str, *, approve: bool = True) -> Charge:
        """Finish a 3-D Secure charge: `approve=False` plays a person who failed to authenticate."""
        async with self._db.write() as connection:
            await connection.execute(
                t.charges.update()
                .where(t.charges.c.id == charge_id, t.charges.c.status == "requires_action")
                .values(
                    status="succeeded" if approve else "failed",
                    failure_code=None if approve else "authentication_failed",
                )
            )
            row = await _charge_row(connection, t.charges.c.id == charge_id)
        if row is None:
            raise PaymentError(f"No charge {charge_id!r}.", code="unknown_charge")
        return _outcome(row)

    # -- the host's 3-D Secure step ----------------------------------------------------------------

    async def authentication_challenge(self, token: str) -> AuthenticationChallenge | None:
        """The latest charge made with `token`. The local provider is its own bank: the challenge is
        played by `authenticate`, so there is no page to send the person to."""
        async with self._db.read() as connection:
            row = (
                await connection.execute(
                    select(t.charges.c.id, t.charges.c.status)
                    .where(t.charges.c.token_id == token)
                    .order_by(t.charges.c.created_at.desc())
                )
            ).first()
        return None if row is None else AuthenticationChallenge(charge_id=row.id, status=row.status)

    async def authenticate(self, charge_id: str, *, approve: bool) -> AuthenticationResult:
        """Play the bank's challenge with the person's answer. Approved, the waiting charge succeeds;
        given up, it fails (`authentication_failed`) so it can never succeed later. A charge decided
        before keeps its outcome: asking again answers the same result, with the same details."""
        try:
            charge = await self.confirm_authentication(charge_id, approve=approve)
        except PaymentDeclined as exc:
            if exc.code != "authentication_failed":
                raise
            return AuthenticationResult(outcome="denied" if approve else "abandoned")
        return AuthenticationResult(outcome="authenticated", outcome_details=_three_ds_details(charge.id))

    async def retrieve_charge(self, charge_id: str) -> Charge:
        """The charge as it stands, whatever its status (declines included: no error is raised)."""
        async with self._db.read() as connection:
            row = await _charge_row(connection, t.charges.c.id == charge_id)
        if row is None:
            raise PaymentError(f"No charge {charge_id!r}.", code="unknown_charge")
        return _charge(row)

    # -- refunds ----------------------------------------------------------------------------------

    async def refund(self, charge_id: str, *, amount: int | None, idempotency_key: str) -> Refund:
        if amount is not None and amount <= 0:
            raise PaymentError("A refund amount must be positive (minor units).", code="invalid_amount")

        async def attempt() -> dict[str, Any]:
            async with self._db.write() as connection:
                return await self._refund(connection, charge_id, amount, idempotency_key)

        row = await self._retrying(attempt)
        return Refund(
            id=row["id"],
            charge_id=row["charge_id"],
            amount=row["amount"],
            currency=row["currency"],
            idempotency_key=row["idempotency_key"],
            created=row["created_at"],
        )

    async def _refund(
        self, connection: AsyncConnection, charge_id: str, amount: int | None, key: str
    ) -> dict[str, Any]:
        charge = await _charge_row(connection, t.charges.c.id == charge_id)
        if charge is None:
            raise PaymentError(f"No charge {charge_id!r}.", code="unknown_charge")
        existing = (
            await connection.execute(
                select(t.refunds).where(
                    t.refunds.c.charge_id == charge_id, t.refunds.c.idempotency_key == key
                )
            )
        ).first()
        if existing is not None:
            if existing.requested != amount:
                raise PaymentError(
                    "This idempotency key was already used for a different refund.",
                    code="idempotency_conflict",
                )
            return {**existing._asdict(), "currency": charge["currency"]}
        if charge["status"] != "succeeded":
            raise PaymentError("Only a succeeded charge can be refunded.", code="charge_not_refundable")
        give = amount if amount is not None else charge["amount"] - charge["amount_refunded"]
        updated = await connection.execute(
            t.charges.update()
            .where(t.charges.c.id == charge_id, t.charges.c.amount_refunded + give <= t.charges.c.amount)
            .values(amount_refunded=t.charges.c.amount_refunded + give)
        )
        if give <= 0 or updated.rowcount != 1:
            raise PaymentError(
                f"A refund of {give} would exceed what remains of the charge "
                f"({charge['amount'] - charge['amount_refunded']} of {charge['amount']}).",
                code="refund_exceeds_charge",
            )
        row = {
            "id": new_id("re"),
            "charge_id": charge_id,
            "amount": give,
            "requested": amount,
            "idempotency_key": key,
            "created_at": self._now(),
        }
        await connection.execute(t.refunds.insert().values(**row))
        return {**row, "currency": charge["currency"]}

    async def _retrying(self, attempt: Callable[[], Awaitable[_T]]) -> _T:
        """Run `attempt`; if it lost a unique-constraint race (two requests with one idempotency key
        inserting together), run it once more, when it finds the winner's row and answers that."""
        try:
            return await attempt()
        except StoreError as exc:
            if exc.code != "store_conflict":
                raise
        return await attempt()


def _three_ds_details(charge_id: str) -> ThreeDSDetails:
    """What the local bank's 3-D Secure server reports for an authenticated charge: derived from the
    charge, so every answer for it is the same (a re-sent complete carries the same body)."""
    digest = hashlib.sha256(f"3ds:{charge_id}".encode()).digest()
    return ThreeDSDetails(
        three_ds_cryptogram=base64.b64encode(digest[:20]).decode(),
        electronic_commerce_indicator="05",
        transaction_id=str(uuid.UUID(bytes=digest[:16], version=4)),
        version="2.2.0",
    )


def _check_allowance(tok: Row[Any], request: dict[str, Any], now: datetime) -> None:
    if tok.merchant_id != request["merchant_id"]:
        raise DelegatedTokenInvalid(
            "The payment token was issued for another merchant.", reason="wrong_merchant"
        )
    if tok.checkout_session_id != request["checkout_session_id"]:
        raise DelegatedTokenInvalid(
            "The payment token was issued for another checkout session.", reason="wrong_session"
        )
    if tok.currency != request["currency"]:
        raise DelegatedTokenInvalid(
            f"The payment token allows {tok.currency}, not {request['currency']}.", reason="wrong_currency"
        )
    if request["amount"] > tok.max_amount:
        raise DelegatedTokenInvalid(
            f"The amount {request['amount']} exceeds the token's allowance of {tok.max_amount}.",
            reason="over_allowance",
        )
    if now >= tok.expires_at:
        raise DelegatedTokenInvalid("The payment token has expired.", reason="expired")


async def _one(connection: AsyncConnection, table: Any, row_id: str) -> Row[Any] | None:
    return (await connection.execute(select(table).where(table.c.id == row_id))).first()


async def _charge_row(connection: AsyncConnection, condition: Any) -> dict[str, Any] | None:
    query = (
        select(t.charges, t.payment_methods.c.brand, t.payment_methods.c.last4)
        .join(t.payment_methods, t.payment_methods.c.id == t.charges.c.payment_method_id)
        .where(condition)
    )
    row = (await connection.execute(query)).first()
    return None if row is None else row._asdict()


def _delegated_token(row: Row[Any]) -> DelegatedToken:
    return DelegatedToken(
        id=row.id,
        created=row.created_at,
        allowance=Allowance(
            max_amount=row.max_amount,
            currency=row.currency,
            checkout_session_id=row.checkout_session_id,
            merchant_id=row.merchant_id,
            expires_at=row.expires_at,
        ),
        payment_method_id=row.payment_method_id,
        metadata=row.metadata,
    )


def _payment_method(row: dict[str, Any]) -> PaymentMethod:
    return PaymentMethod(
        id=row["id"],
        provider=LocalTestProvider.name,
        brand=row["brand"],
        last4=row["last4"],
        exp_month=row["exp_month"],
        exp_year=row["exp_year"],
        funding=row["funding"],
    )


def _charge(row: dict[str, Any]) -> Charge:
    return Charge(
        id=row["id"],
        token=row["token_id"],
        amount=row["amount"],
        currency=row["currency"],
        merchant_id=row["merchant_id"],
        checkout_session_id=row["checkout_session_id"],
        idempotency_key=row["idempotency_key"],
        status=row["status"],
        payment_method_id=row["payment_method_id"],
        brand=row["brand"],
        last4=row["last4"],
        amount_refunded=row["amount_refunded"],
        created=row["created_at"],
    )


def _outcome(row: dict[str, Any]) -> Charge:
    """The charge, or the error its status stands for (the same on every replay)."""
    if row["status"] == "requires_action":
        raise PaymentRequiresAction(
            "The bank asks the person to authenticate this payment (3-D Secure); finish it with "
            "confirm_authentication once they have.",
            charge_id=row["id"],
        )
    if row["status"] == "failed":
        code = row["failure_code"] or "card_declined"
        message = _DECLINE_MESSAGES.get(code, "The card was declined.")
        raise PaymentDeclined(message, code=code, charge_id=row["id"])
    return _charge(row)


_DECLINE_MESSAGES = {
    "card_declined": "The card was declined; ask the person for another payment method.",
    "insufficient_funds": "The card has insufficient funds; ask the person for another payment method.",
    "expired_card": "The issuer reports the card as expired; ask the person for another card.",
    "authentication_failed": "The person did not complete 3-D Secure authentication; the charge failed.",
}


__all__ = ["DEFAULT_URL", "LocalTestProvider"]
