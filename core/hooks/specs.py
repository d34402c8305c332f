"""Hook specifications: what a jurisdiction plugin may implement.

A plugin is a module (or object) registered under the entry-point group ``jiuzhu``,
whose entry-point name is its six-digit GB/T 2260 code. It implements
:func:`jiuzhu_jurisdiction` and any of the five rule-family hooks.

**Batch first.** Every rule hook receives a whole table (:class:`jiuzhu.plugin.Table`,
numpy columns) and returns whole columns as long as that table. A single query is a
table of one row.

**The chain.** A jurisdiction's plugin set is the path from the root of its tree to it
(Yunnan 530000 → Shizong 530323), and every level applies. Each rule hook is called on
every plugin of the chain; each plugin answers *only what its own document states* and
returns ``None`` for "not regulated here". :mod:`jiuzhu.core.combine` merges the levels
(the strictest floor binds, permissions survive, all conditions apply); nothing depends
on the order in which plugins are called.

**Parameters.** A plugin reads every number from ``chain[CODE].parameters`` (its TOML file
with the profile's overrides applied), never from module constants, so an override
changes the answer without touching code. Each answer carries a
:class:`~jiuzhu.plugin.Citation` naming the plugin's own jurisdiction and clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from jiuzhu.core.hooks.answers import Condition, Deduction, Duty, FundRule, ScoringRule, StaffingRule
    from jiuzhu.core.rules.chain import Chain
    from jiuzhu.core.model import Jurisdiction
    from jiuzhu.core.rules.subjects import Subject
    from jiuzhu.core.model.table import Table

hookspec = pluggy.HookspecMarker("jiuzhu")


@hookspec
def jiuzhu_jurisdiction() -> Jurisdiction:
    """Declare the jurisdiction this plugin provides.

    Called once per plugin at discovery, before any rule hook; must be cheap (read a TOML
    file, import no heavy modules).

    :return: the :class:`~jiuzhu.plugin.Jurisdiction`, normally
        ``load_jurisdiction(<its TOML file>)``. Its ``code`` must equal the entry-point name.
        This hook never returns ``None``.

    .. versionadded:: 0.1
    """


@hookspec
def jiuzhu_subjects() -> list[Subject] | None:
    """Declare the eligibility subjects this plugin checks in ``jiuzhu_eligibility_check``.

    Called once per plugin at discovery, like :func:`jiuzhu_jurisdiction` (cheap: no heavy
    imports). Each :class:`~jiuzhu.plugin.Subject` names its fields (type, English
    name, Chinese headers, allowed values with their words), says in one line what it is,
    and points at a bundled sample file. ``jiuzhu check`` offers exactly the declared
    subjects, lists their fields (``jiuzhu check SUBJECT --fields``) and warns about
    columns no field names. Several plugins may declare one subject: the first
    declaration keeps its description and the others add their fields.

    :return: the subjects, or ``None`` when the plugin checks none (or only subjects
        another plugin declares).

    .. versionadded:: 0.1
    """


@hookspec
def jiuzhu_staffing_rule(units: Table, chain: Chain) -> list[StaffingRule] | None:
    """How many staff each unit must (and may) have, by role, as this level's document says.

    :param units: the units table: ``code`` (str), ``level`` (``county``/``township``/
        ``village``), ``population`` and ``dibao_count`` (int64), ``name`` when given.
    :param chain: the active chain; ``chain[CODE].parameters`` are this plugin's numbers.
    :return: one :class:`~jiuzhu.plugin.StaffingRule` per role this level regulates,
        each with ``applies`` marking the units it covers and int64 ``minimum``/``maximum``
        columns as long as ``units`` (``None`` for a bound the text does not state).
        ``None`` (or an empty list) means this level states no staffing rule: the other
        levels of the chain still apply.

    .. versionadded:: 0.1
    """


@hookspec
def jiuzhu_eligibility_check(subject: str, records: Table, chain: Chain) -> list[Condition | Duty] | None:
    """The conditions this level's document sets on a subject, evaluated for every record.

    :param subject: what is checked: a subject a plugin declares with :func:`jiuzhu_subjects`
        (``jiuzhu check`` lists them: ``xieliyuan_candidate``, ``contractor``,
        ``purchase_item``… for the built-ins). A plugin returns ``None`` for subjects its
        document does not treat, and declares any subject of its own.
    :param records: the records, one column per field the check reads (the subject's
        declared fields: ``jiuzhu check SUBJECT --fields``). A missing field is not an error: the
        condition's status is MISSING (needs review) for those records.
    :param chain: the active chain.
    :return: :class:`~jiuzhu.plugin.Condition` columns (status per record) and
        :class:`~jiuzhu.plugin.Duty` columns (a duty that comes with eligibility).
        ``None`` means this level sets no condition on this subject.

    .. versionadded:: 0.1
    """


@hookspec
def jiuzhu_deduction_rule(subject: str, incidents: Table, chain: Chain) -> list[Deduction] | None:
    """What this level deducts for each incident (money from a contractor, points from a score).

    :param subject: ``contractor_payment`` (a dispatched worker's breach: columns
        ``count``, ``monthly_wage``, optional ``multiplier``) or ``target_score`` (a
        shortfall against a managed item: columns ``item``, ``count``).
    :param incidents: one row per incident record.
    :param chain: the active chain.
    :return: :class:`~jiuzhu.plugin.Deduction` ranges per record. ``None`` means this
        level states no deduction for this subject.

    .. versionadded:: 0.1
    """


@hookspec
def jiuzhu_fund_factor_weighting(units: Table, chain: Chain) -> FundRule | None:
    """How this level shares or secures funds: factor weights, per-unit floors, budget shares.

    :param units: the units receiving funds, with one column per factor the rule reads
        (``population``, ``dibao_count``, ``workload``…); units without such a column get
        a clear error from the core, not from the plugin.
    :param chain: the active chain.
    :return: a :class:`~jiuzhu.plugin.FundRule`. Weights the text does not give are
        flagged ``assumption``. ``None`` means this level states no funding rule.

    .. versionadded:: 0.1
    """


@hookspec
def jiuzhu_pilot_scoring(scores: Table, chain: Chain) -> ScoringRule | None:
    """How this level scores, ranks and rewards units in a reform pilot or evaluation.

    :param scores: one row per unit (and month, where the rule is monthly) with the
        fields the rule reads.
    :param chain: the active chain.
    :return: a :class:`~jiuzhu.plugin.ScoringRule`. ``None`` means this level's
        document gives no scoring figures ("not regulated here").

    .. versionadded:: 0.1
    """


#: The five rule families, by hook name, with their labels.
RULE_FAMILIES = {
    "jiuzhu_staffing_rule": ("staffing", "人员配备"),
    "jiuzhu_eligibility_check": ("eligibility", "资格"),
    "jiuzhu_deduction_rule": ("deduction", "扣减"),
    "jiuzhu_fund_factor_weighting": ("fund factors", "因素法分配"),
    "jiuzhu_pilot_scoring": ("pilot scoring", "改革试点评分"),
}
