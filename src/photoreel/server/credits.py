"""What things cost, and the balance a user sees.

On a personal machine credits are unlimited (the default) and nothing is
counted. With `--credits N` the server has a budget of N credits for all its
users together, and each user is granted a share of it the first time they are
seen (`--credits-per-user M`, default the whole budget), as long as the budget
lasts. A client id costs nothing to make, so credits cannot belong to a client
id alone: twenty client ids get no more than the budget. Then:

* a chat turn that changes the draft costs `TURN_COST` (undo and redo too: they
  change what the next export makes); a turn that changes nothing is free;
* a render costs one credit per started 10 seconds of video (`render_cost`),
  frozen when it is submitted, consumed when it completes, released when it
  fails or is cancelled;
* when the balance cannot pay, the request answers 2001 and nothing is done.
"""

from __future__ import annotations

import math

from photoreel.protocol.api import Credits
from photoreel.server.settings import ServerSettings
from photoreel.server.store import Store

TURN_COST = 1
RENDER_SECONDS_PER_CREDIT = 10


def render_cost(duration_ms: int) -> int:
    """1 credit per started 10 s of output: a 15 s video costs 2."""
    return max(1, math.ceil(duration_ms / (RENDER_SECONDS_PER_CREDIT * 1000)))


class CreditPolicy:
    """The credit rules of one server, over the store's ledger."""

    def __init__(self, store: Store, settings: ServerSettings) -> None:
        self.store = store
        self.settings = settings

    @property
    def unlimited(self) -> bool:
        return self.settings.credits is None

    def ensure_grant(self, user_id: str) -> None:
        budget = self.settings.credits
        if budget is not None:
            share = self.settings.credits_per_user
            self.store.grant_share(user_id, budget if share is None else min(share, budget), budget)

    def balance(self, user_id: str) -> Credits:
        self.ensure_grant(user_id)
        balance = self.store.balance(user_id)
        if self.unlimited:
            return Credits(available=None, frozen=balance.frozen, total=None, unlimited=True)
        return Credits(
            available=balance.available,
            frozen=balance.frozen,
            total=balance.available + balance.frozen,
        )

    def available(self, user_id: str) -> int | None:
        """Credits that can be spent now; None when unlimited."""
        return self.balance(user_id).available

    def turn_charge(self, user_id: str) -> tuple[str, int] | None:
        """What a draft-changing turn charges (for `Store.save_draft`), None if free."""
        return None if self.unlimited else (user_id, TURN_COST)

    def render_charge(self, duration_ms: int) -> int:
        """Credits to freeze for a render; 0 when unlimited."""
        return 0 if self.unlimited else render_cost(duration_ms)
