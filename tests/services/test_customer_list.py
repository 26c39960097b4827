"""The list at scale on SQLite, PostgreSQL and MariaDB: keyset pages, counts, indexed search, owner choices."""

from __future__ import annotations

import pytest

from desktop_app.services.customer_list import count_customers, list_ids, owner_choices, page, search
from desktop_app.services.customers import CustomerFilter, CustomerInput, create_customer, update_customer
from desktop_app.services.settings import set_setting

REGIONS = ["北京", "上海", "广州"]


@pytest.fixture
def listed(org):  # type: ignore[no-untyped-def]
    c = org["contexts"]
    set_setting(c["admin"], "pool.holding_limit", 100)
    for n in range(23):
        owner = c["north1"] if n % 2 else c["south1"]
        create_customer(owner, CustomerInput(name=f"{REGIONS[n % 3]}客户{n:02d}有限公司", region=REGIONS[n % 3],
                                             tier="gold" if n % 4 == 0 else "standard",
                                             status="active" if n % 5 else "prospect"))
    create_customer(c["admin"], CustomerInput(name="百分之百_折扣%有限公司"), owner_id=None)
    return org


@pytest.mark.parametrize("order", ["code", "name", "tier", "status", "region", "last_followup_at"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_follow_each_other_without_a_gap_or_a_repeat(listed, order: str, descending: bool) -> None:  # type: ignore[no-untyped-def]
    admin = listed["contexts"]["admin"]
    expected = list_ids(admin, order=order, descending=descending)
    seen: list[int] = []
    rows = page(admin, order=order, descending=descending, limit=5)
    while rows:
        seen.extend(r.id for r in rows)
        rows = page(admin, order=order, descending=descending, after=rows[-1], offset=len(seen), limit=5)
    assert seen == expected and len(seen) == 24
    assert count_customers(admin) == 24


def test_pages_and_counts_keep_to_the_scope(listed) -> None:  # type: ignore[no-untyped-def]
    north1 = listed["contexts"]["north1"]
    rows = page(north1, limit=100)
    assert len(rows) == count_customers(north1) == 12  # 11 own + the pool
    assert {r.owner_name for r in rows} == {"华北销售一", ""}
    gold = CustomerFilter(tier="gold")
    assert count_customers(north1, gold) == len(page(north1, gold)) == 0  # gold ones are the south's (n % 4 == 0)
    assert count_customers(listed["contexts"]["admin"], gold) == 6


def test_search_uses_the_index_and_stays_literal(listed) -> None:  # type: ignore[no-untyped-def]
    admin = listed["contexts"]["admin"]
    assert [r.name for r in search(admin, "kehu06")] == ["北京客户06有限公司"]  # pinyin, through the trigram index
    assert [r.name for r in search(admin, "bjkh06")] == ["北京客户06有限公司"]  # initials
    assert len(search(admin, "上海客户")) == 8  # Chinese substring
    assert len(search(admin, "客户")) == 23  # two characters: shorter than a trigram, scans
    assert [r.name for r in search(admin, "_折扣%")] == ["百分之百_折扣%有限公司"]  # % and _ are literal
    assert search(admin, "%") == search(admin, "百分") and len(search(admin, "_")) == 1
    assert search(admin, "' OR 1=1 --") == []
    assert count_customers(admin, CustomerFilter(text="shanghai")) == 8
    # the index follows every write: a renamed customer is found by its new name only
    target = search(admin, "kehu06")[0]
    from desktop_app.services.customers import get_customer

    detail = get_customer(admin, target.id)
    from dataclasses import replace

    update_customer(admin, target.id, replace(detail.data, name="深圳创新有限公司"))
    assert search(admin, "kehu06") == [] and [r.id for r in search(admin, "szcx")] == [target.id]


def test_owner_choices_follow_the_scope(listed) -> None:  # type: ignore[no-untyped-def]
    c = listed["contexts"]
    assert [name for _, name in owner_choices(c["north1"]).users] == ["华北销售一"]
    manager = owner_choices(c["manager"])
    assert {"华北销售一", "华南销售"} <= {name for _, name in manager.users}
    assert {"华北组", "华南组"} <= {name for _, name in manager.departments}
    north_id = next(i for i, name in manager.departments if name == "华北组")
    assert count_customers(c["admin"], CustomerFilter(department_id=north_id)) == 11
