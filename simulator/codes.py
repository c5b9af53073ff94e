"""The codes the engine computes with: housing types, procedures, kinds of work, charge modes and rules, and
why an allowance is withheld (RULES.md sections 2, 5 and 6), as whole numbers in the arrays."""
from __future__ import annotations

from enum import IntEnum


class Housing(IntEnum):
    """Housing types (RULES.md section 6), as the engine's codes."""

    CENTRE_CANTEEN = 0
    CENTRE_SELF_CATERING = 1
    INDEPENDENT_HOUSING = 2
    PRIVATE_ACCOMMODATION = 3
    SPECIAL_HOUSING = 4
    OWN_HOUSING = 5


class Procedure(IntEnum):
    """The asylum procedure (RULES.md sections 1 and 2): ÅG and ÅGH are the manifestly unfounded ones."""

    NORMAL = 0
    DUBLIN = 1
    MANIFESTLY_UNFOUNDED = 2
    MANIFESTLY_UNFOUNDED_URGENT = 3


class WorkKind(IntEnum):
    """A work item's kind (RULES.md sections 4 and 7): a job, or a praktik with or without pay."""

    JOB = 0
    PAID_PRAKTIK = 1
    UNPAID_PRAKTIK = 2


class ChargeMode(IntEnum):
    """How the accommodation charge is set for a scenario (RULES.md section 5, assumption 3)."""

    INCOME_TESTED = 0
    FIXED = 1
    NONE = 2


class ChargeRule(IntEnum):
    """Which accommodation-charge rule applied (RULES.md section 5): the charge mode's (its codes are
    ChargeMode's), or none in own housing, where the household pays its own rent."""

    INCOME_TESTED = ChargeMode.INCOME_TESTED
    FIXED = ChargeMode.FIXED
    NONE = ChargeMode.NONE
    OWN_HOUSING = 3


class Withheld(IntEnum):
    """Why an allowance is not paid (UDL § 42 b, RULES.md section 2): the trace's note `withheld.<name>`."""

    CANTEEN = 1            # no grundydelse where a free canteen feeds the household
    OWN_HOUSING = 2        # no cash allowances in own housing (§ 42 b stk. 15)
    URGENT = 3             # no tillægsydelse in an urgent manifestly unfounded case (ÅGH)
    URGENT_CANTEEN = 4     # no cash at all in an ÅGH case at a canteen centre


def codes(kind: type[IntEnum]) -> dict[str, int]:
    """The scenario format's names of an enum ('centre_canteen') → its code."""
    return {member.name.lower(): int(member) for member in kind}
