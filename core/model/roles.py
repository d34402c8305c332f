"""The staff roles the documents name, with Chinese and English labels.

A role key is shared across jurisdictions when the documents name the same post, so a
comparison can put their answers side by side; a post of its own gets a key of its own
(Shizong's purchased case worker sits beside Yunnan's full-time staff, not over it).
"""

from __future__ import annotations

ROLES: dict[str, tuple[str, str, str]] = {
    # key: (unit level, Chinese, English)
    "county_staff": ("county", "县级民政部门社会救助工作人员", "county social-assistance staff"),
    "township_staff": ("township", "乡镇社会救助工作人员", "township social-assistance staff"),
    "township_civil_affairs_staff": ("township", "乡镇民政专(兼)职工作人员", "township civil-affairs staff"),
    "township_case_worker": ("township", "乡镇社会救助经办员(购买服务)", "township purchased case worker"),
    "village_xieliyuan": ("village", "村(社区)协理员", "village assistant (协理员)"),
}


def role_order(role: str) -> tuple[int, str]:
    """Sort key: the vocabulary's order, then unknown (third-party) roles by name."""
    keys = list(ROLES)
    return (keys.index(role), role) if role in ROLES else (len(keys), role)


def role_label(role: str, lang: str = "en") -> str:
    if role not in ROLES:
        return role
    return ROLES[role][1] if lang == "zh" else ROLES[role][2]
