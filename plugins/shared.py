"""Rules more than one document states alike, as logic over each document's own parameters.

Each function takes the calling plugin's jurisdiction, so every answer cites that
document's clause and words (from its TOML); the combiner then merges the levels.
"""

from __future__ import annotations

from jiuzhu.plugin import Factor, Jurisdiction, Table, blocks, fields, vocabulary


def purchaser_conditions(records: Table, j: Jurisdiction) -> list:
    """Who may buy: the levels ``purchaser_levels`` names; open (主要是) → review, closed → refusal."""
    level, known = fields.choice(records, "purchaser_level", vocabulary.PURCHASER_LEVELS)
    levels = j.parameters["purchaser_levels"]
    return [blocks.on_list("purchaser", f"the purchaser is at the {' or '.join(levels.value)} level", levels,
                           level, known)]


def contractor_kind_conditions(records: Table, j: Jurisdiction) -> list:
    """Who may take the work: the kinds ``contractor_kinds`` names (主要是/主要包括: an open list)."""
    kind, known = fields.choice(records, "kind", vocabulary.CONTRACTOR_KINDS)
    return [blocks.on_list("kind", "a social organisation, class-II or production public institution, or registered "
                           "enterprise/agency", j.parameters["contractor_kinds"], kind, known)]


def reserved_item_conditions(records: Table, j: Jurisdiction) -> list:
    """What the government keeps (``reserved_categories``): never bought."""
    category, known = fields.choice(records, "category", vocabulary.ITEM_CATEGORIES)
    return [blocks.not_on_list("not_reserved_to_government", "not an administrative matter or a service the "
                               "government must provide itself", j.parameters["reserved_categories"], category, known,
                               aliases=vocabulary.ITEM_CATEGORIES)]


def fund_use_conditions(records: Table, j: Jurisdiction) -> list:
    """What purchase funds may not pay for; an unnamed use needs review where the list is open (…等支出)."""
    use, known = fields.choice(records, "use", vocabulary.FUND_USES)
    p = j.parameters
    forbidden = p["forbidden_fund_uses"]
    words = "、".join(vocabulary.word_for(vocabulary.FUND_USES, u) for u in forbidden.value)
    return [blocks.not_on_list("permitted_use", f"not {words}", forbidden, use, known,
                               permitted=p["permitted_fund_uses"], aliases=vocabulary.FUND_USES)]


def prohibited_uses(j: Jurisdiction) -> tuple:
    """``FundRule.prohibited_uses``: each forbidden use in the document's words, with its citation."""
    forbidden = j.parameters["forbidden_fund_uses"]
    return tuple((vocabulary.word_for(vocabulary.FUND_USES, u), forbidden.citation) for u in forbidden.value)


def earmarked_checks(subject: str, records: Table, j: Jurisdiction) -> list | None:
    """The checks Yunnan states and Shizong restates that need more than a TOML shape."""
    if subject == "purchaser":
        return purchaser_conditions(records, j)
    if subject == "purchase_item":
        return reserved_item_conditions(records, j)
    if subject == "fund_use":
        return fund_use_conditions(records, j)
    return None


def factor_method(j: Jurisdiction) -> tuple[tuple, str]:
    """The factors ``fund_factors`` lists, each weighted by ``factor_weight_KEY`` and reading
    the column KEY; and a note saying so where the text's list is open (…等因素)."""
    p = j.parameters
    listed = p["fund_factors"]
    factors = tuple(Factor(key, f"{key} ({p[f'factor_weight_{key}'].citation.quote})", key,
                           p.value(f"factor_weight_{key}"), p[f"factor_weight_{key}"].citation,
                           p[f"factor_weight_{key}"].assumption) for key in listed.value)
    note = (f"the factors are an open list ({listed.citation.clause}): another factor needs review before it is "
            "weighed" if listed.open_list else "")
    return factors, note
