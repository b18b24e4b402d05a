"""Business customers: real companies first, then their ERP customer and CRM account records.

The truth of who is who lives here. Many companies exist in both systems under names that
differ the way real exports differ (brackets, spaces, full-width letters, legal suffixes),
with a USCC on some records, a broken one on a few, and a crm_account_id link on ~40% of
the overlapping ERP customers. Branches are companies of their own unless a link ties them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demodata import codes, vocab
from demodata import reps as reps_mod
from demodata.randomness import pick


@dataclass
class Companies:
    erp: pd.DataFrame  # one row per ERP customer code, with internal columns
    crm: pd.DataFrame  # one row per CRM account, with internal columns


def _core_names(rng: np.random.Generator, n: int, cities: np.ndarray) -> np.ndarray:
    """Distinct company names without legal suffix, mostly city-prefixed like real ones."""
    seen: set[str] = set()
    names = []
    for city in cities:
        while True:
            if rng.random() < 0.5:
                trade = str(pick(rng, [*vocab.TRADE_NAMES, "E家", "U选", "ABC"], 1)[0])
            else:
                trade = "".join(pick(rng, vocab.TRADE_CHARS, 2))
            if rng.random() < 0.01 or len(names) < 2:  # a few names need a character outside GBK
                trade = str(pick(rng, ["䶮", "㛃"], 1)[0]) + trade[-1]
            prefix = city if rng.random() < 0.85 else ""
            name = prefix + trade + str(pick(rng, vocab.INDUSTRY_WORDS, 1)[0])
            if name not in seen:
                seen.add(name)
                names.append(name)
                break
    return np.array(names, dtype=object)


def _variant(rng: np.random.Generator, core: str, suffix: str, city: str) -> str:
    """How the other system spells the same company (identical most of the time)."""
    roll = rng.random()
    if roll < 0.62:
        return core + suffix
    if roll < 0.70:
        other = "股份有限公司" if suffix != "股份有限公司" else "有限公司"
        return core + other
    if roll < 0.76:
        return core + "（" + suffix + "）"
    if roll < 0.82 and core.startswith(city):
        return city + " " + core[len(city) :] + ("有限责任公司" if suffix == "有限公司" else suffix)
    if roll < 0.88:
        spaced = core.translate(vocab.FULL_WIDTH) if any(c.isascii() for c in core) else core[:2] + "\u3000" + core[2:]
        return spaced + suffix
    if roll < 0.92 and core.startswith(city):
        return core[len(city) :] + suffix
    return core + suffix


def build_companies(
    rng: np.random.Generator, scale: float, start: np.datetime64, end: np.datetime64, reps: pd.DataFrame
) -> Companies:
    n_both, n_erp, n_crm = (max(8, round(k * scale)) for k in (1000, 950, 500))
    n = n_both + n_erp + n_crm
    region = pick(rng, list(reps_mod.REGIONS), n, reps_mod.REGION_WEIGHTS)
    places = [vocab.REGIONS[r][i] for r, i in ((r, rng.choice(len(vocab.REGIONS[r]), p=_city_p(r))) for r in region)]
    city = np.array([p[1] for p in places], dtype=object)
    real = pd.DataFrame(
        {
            "entity_id": [f"E{i + 1:06d}" for i in range(n)],
            "region": region,
            "city": city,
            "province": [p[0] for p in places],
            "division": [p[2] for p in places],
        }
    )
    real["core"] = _core_names(rng, n, city)
    real["suffix"] = pick(rng, vocab.LEGAL_SUFFIXES, n, vocab.LEGAL_SUFFIX_WEIGHTS)
    real["uscc"] = [codes.uscc_code(rng, d) for d in real["division"]]
    real["in_erp"] = np.arange(n) < n_both + n_erp
    real["in_crm"] = (np.arange(n) < n_both) | (np.arange(n) >= n_both + n_erp)
    _plant_same_name_traps(rng, real, n_both, n_erp, n_crm)
    span = int((end - start).astype(int))
    erp_created = np.where(
        rng.random(n) < 0.55, start - rng.integers(1, 4 * 365, n), start + rng.integers(0, span - 15, n)
    )
    real["erp_created"] = erp_created.astype("datetime64[D]")
    real["crm_created"] = np.where(
        real["in_erp"],
        real["erp_created"].to_numpy() - rng.integers(0, 400, n).astype("timedelta64[D]"),
        (start + rng.integers(-3 * 365, span - 15, n)).astype("datetime64[D]"),
    )
    owners = {r: reps_mod.field_reps(reps, r) for r in reps_mod.REGIONS}
    real["owner"] = [str(pick(rng, list(owners[r]), 1)[0]) for r in region]
    erp = _erp_customers(rng, real[real["in_erp"]], start, end)
    crm = _crm_accounts(rng, real[real["in_crm"]], end, owners)
    _link(rng, erp, crm)
    _break_usccs(rng, erp)
    _break_usccs(rng, crm)
    return Companies(erp=erp, crm=crm)


def _city_p(region: str) -> np.ndarray:
    w = np.array([c[3] for c in vocab.REGIONS[region]])
    return w / w.sum()


def _plant_same_name_traps(rng: np.random.Generator, real: pd.DataFrame, n_both: int, n_erp: int, n_crm: int) -> None:
    """Pairs of different companies with one name in different cities: a name-only match is wrong."""
    for k in range(max(2, round(0.005 * len(real)))):
        i, j = n_both + k, n_both + n_erp + k
        if j >= len(real):
            break
        core = (
            real.at[i, "core"][len(real.at[i, "city"]) :]
            if real.at[i, "core"].startswith(real.at[i, "city"])
            else real.at[i, "core"]
        )
        real.loc[[i, j], "core"] = core
        real.at[j, "suffix"] = real.at[i, "suffix"]
        if real.at[j, "city"] == real.at[i, "city"]:
            other = next(c for c in vocab.REGIONS["西南"] if c[1] != real.at[i, "city"])
            real.loc[j, ["province", "city", "division", "region"]] = [other[0], other[1], other[2], "西南"]


def _erp_customers(
    rng: np.random.Generator, real: pd.DataFrame, start: np.datetime64, end: np.datetime64
) -> pd.DataFrame:
    n = len(real)
    erp = pd.DataFrame(
        {
            "entity_id": real["entity_id"].to_numpy(),
            "region": real["region"].to_numpy(),
            "province": real["province"].to_numpy(),
            "city": real["city"].to_numpy(),
            "customer_name": (real["core"] + real["suffix"]).to_numpy(),
            "core": real["core"].to_numpy(),
            "suffix": real["suffix"].to_numpy(),
            "division": real["division"].to_numpy(),
            "true_uscc": real["uscc"].to_numpy(),
            "owner": real["owner"].to_numpy(),
            "created": real["erp_created"].to_numpy(),
            "kind": "company",
        }
    )
    erp["uscc"] = np.where(rng.random(n) < 0.85, erp["true_uscc"], None)
    erp = pd.concat([erp, _branches(rng, erp), _duplicates(rng, erp, end)], ignore_index=True)
    m = len(erp)
    erp["channel"] = pick(rng, vocab.CHANNELS, m, vocab.CHANNEL_WEIGHTS)
    erp.loc[erp["kind"] == "duplicate", "channel"] = "电商"
    erp["credit_days"] = [int(pick(rng, vocab.CHANNEL_CREDIT_DAYS[c], 1)[0]) for c in erp["channel"]]
    erp["old_credit_days"] = np.where(rng.random(m) < 0.1, erp["credit_days"] // 2, erp["credit_days"])
    erp["weight"] = (
        rng.lognormal(0, 1, m) * erp["channel"].map({"直营": 1.0, "经销": 2.0, "KA": 3.0, "电商": 1.5}).to_numpy()
    )
    span = int((end - start).astype(int))
    churn = start + rng.integers(90, span, m)
    erp["churn"] = pd.to_datetime(np.where(rng.random(m) < 0.12, churn, np.datetime64("NaT")).astype("datetime64[D]"))
    erp["change_date"] = pd.to_datetime((start + rng.integers(0, span, m)).astype("datetime64[D]"))
    erp["old_name"] = np.where(rng.random(m) < 0.04, erp["core"] + "有限公司", erp["customer_name"])
    erp["created"] = pd.to_datetime(erp["created"])
    erp = erp.sort_values(["created", "entity_id", "kind"], kind="mergesort").reset_index(drop=True)
    erp.insert(0, "customer_code", [f"C{v}" for v in np.sort(rng.choice(np.arange(100001, 899999), m, replace=False))])
    erp["created_at"] = erp["created"] + pd.to_timedelta(rng.integers(9 * 60, 18 * 60, m) * 60, unit="s")
    return erp


def _branches(rng: np.random.Generator, erp: pd.DataFrame) -> pd.DataFrame:
    """Branch offices ordered under their own customer code; their own entity for now."""
    parents = erp.sample(n=max(2, round(0.015 * len(erp))), random_state=rng).copy()
    districts = [vocab.DISTRICTS.get(c, [c]) for c in parents["city"]]
    parents["customer_name"] = [
        f"{name}（{pick(rng, d, 1)[0]}分公司）" for name, d in zip(parents["customer_name"], districts, strict=False)
    ]
    parents["parent_entity"] = parents["entity_id"]
    parents["entity_id"] = [f"EB{i + 1:05d}" for i in range(len(parents))]
    parents["true_uscc"] = [codes.uscc_code(rng, d) for d in parents["division"]]
    parents["uscc"] = parents["true_uscc"]
    parents["created"] = parents["created"] + rng.integers(30, 700, len(parents)).astype("timedelta64[D]")
    parents["kind"] = "branch"
    return parents


def _duplicates(rng: np.random.Generator, erp: pd.DataFrame, end: np.datetime64) -> pd.DataFrame:
    """The same company keyed twice in the ERP (same USCC); half are merged away later."""
    dups = erp.sample(n=max(2, round(0.01 * len(erp))), random_state=rng).copy()
    dups["customer_name"] = [
        c + ("有限责任公司" if s == "有限公司" else "有限公司")
        for c, s in zip(dups["core"], dups["suffix"], strict=False)
    ]
    dups["uscc"] = dups["true_uscc"]
    erp.loc[dups.index, "uscc"] = erp.loc[dups.index, "true_uscc"]
    dups["created"] = dups["created"] + rng.integers(10, 300, len(dups)).astype("timedelta64[D]")
    dups["kind"] = "duplicate"
    dups["deleted"] = pd.to_datetime(
        np.where(rng.random(len(dups)) < 0.5, end - rng.integers(20, 200, len(dups)), np.datetime64("NaT")).astype(
            "datetime64[D]"
        )
    )
    return dups


def _crm_accounts(rng: np.random.Generator, real: pd.DataFrame, end: np.datetime64, owners: dict) -> pd.DataFrame:
    n = len(real)
    crm = pd.DataFrame(
        {
            "entity_id": real["entity_id"].to_numpy(),
            "region": real["region"].to_numpy(),
            "province": real["province"].to_numpy(),
            "true_uscc": real["uscc"].to_numpy(),
            "owner_rep_id": real["owner"].to_numpy(),
            "created": pd.to_datetime(real["crm_created"].to_numpy()),
        }
    )
    crm["account_name"] = [
        _variant(rng, c, s, ct) for c, s, ct in zip(real["core"], real["suffix"], real["city"], strict=False)
    ]
    crm["city"] = np.where(rng.random(n) < 0.5, real["city"] + "市", real["city"])
    crm["uscc"] = np.where(rng.random(n) < 0.65, crm["true_uscc"], None)
    crm["industry"] = pick(rng, vocab.INDUSTRIES, n)
    crm["company_size"] = pick(rng, vocab.COMPANY_SIZES, n, [0.35, 0.35, 0.22, 0.08])
    crm["decision_maker_name"] = codes.person_names(rng, n, rare_share=0.01)
    crm["decision_maker_phone"] = np.where(rng.random(n) < 0.85, codes.mobile_phones(rng, n), None)
    crm["decision_maker_email"] = [
        f"contact{i:05d}@{pick(rng, vocab.EMAIL_DOMAINS, 1)[0]}" if rng.random() < 0.7 else None for i in range(n)
    ]
    crm["old_owner"] = [
        str(pick(rng, list(owners[r]), 1)[0]) if rng.random() < 0.1 else o
        for r, o in zip(crm["region"], crm["owner_rep_id"], strict=False)
    ]
    span_days = ((pd.Timestamp(end) - crm["created"]).dt.days.clip(lower=2)).to_numpy()
    crm["change_date"] = crm["created"] + pd.to_timedelta(rng.integers(1, span_days), unit="D")
    deleted = crm["created"] + pd.to_timedelta(rng.integers(1, span_days), unit="D")
    crm["deleted"] = deleted.where(
        pd.Series(rng.random(n) < 0.03) & (deleted < pd.Timestamp(end) - pd.Timedelta(days=40))
    )
    crm = crm.sort_values(["created", "entity_id"], kind="mergesort").reset_index(drop=True)
    crm.insert(0, "account_id", [f"AC{v}" for v in np.sort(rng.choice(np.arange(200001, 899999), n, replace=False))])
    crm["created_at"] = crm["created"] + pd.to_timedelta(rng.integers(9 * 3600, 19 * 3600, n), unit="s")
    return crm


def _link(rng: np.random.Generator, erp: pd.DataFrame, crm: pd.DataFrame) -> None:
    """~40% of ERP customers of companies in the CRM carry the account id; some branches too."""
    account_of = dict(zip(crm["entity_id"], crm["account_id"], strict=False))
    own = erp["entity_id"].map(account_of)
    parent = erp["parent_entity"].map(account_of) if "parent_entity" in erp else pd.Series(np.nan, index=erp.index)
    linked = own.notna() & (rng.random(len(erp)) < 0.4)
    branch_linked = parent.notna() & (rng.random(len(erp)) < 0.4)
    erp["crm_account_id"] = np.where(linked, own, np.where(branch_linked, parent, None))
    erp.loc[branch_linked & ~linked, "entity_id"] = erp.loc[branch_linked & ~linked, "parent_entity"]
    erp["link_from"] = np.where(rng.random(len(erp)) < 0.3, erp["change_date"], erp["created"])


def _break_usccs(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """A few records carry a USCC with a wrong check character (flagged, never evidence)."""
    frame["_flags"] = ""
    candidates = frame.index[frame["uscc"].notna() & frame.get("kind", pd.Series("company", frame.index)).eq("company")]
    bad = rng.choice(candidates, min(len(candidates), max(3, round(0.01 * len(frame)))), replace=False)
    frame.loc[bad, "uscc"] = [codes.break_uscc(u, rng) for u in frame.loc[bad, "uscc"]]
    frame.loc[bad, "_flags"] = "invalid_uscc"


def visible(frame: pd.DataFrame, cuts: list[np.datetime64]) -> np.ndarray:
    """Rows listed in at least one snapshot; facts may only reference those."""
    shown = np.zeros(len(frame), dtype=bool)
    for cut in cuts:
        cut_ts = pd.Timestamp(cut)
        shown |= ((frame["created"] <= cut_ts) & ~(frame["deleted"].notna() & (frame["deleted"] <= cut_ts))).to_numpy()
    return shown


def erp_snapshot(erp: pd.DataFrame, cut: np.datetime64, columns: tuple[str, ...]) -> pd.DataFrame:
    """ERP customers as exported on `cut`: names, credit terms and links as they were then."""
    cut_ts = pd.Timestamp(cut)
    out = erp[(erp["created"] <= cut_ts) & ~(erp["deleted"].notna() & (erp["deleted"] <= cut_ts))].copy()
    later = out["change_date"] > cut_ts
    out["customer_name"] = out["customer_name"].where(~later, out["old_name"])
    out["credit_days"] = out["credit_days"].where(~later, out["old_credit_days"])
    out["crm_account_id"] = out["crm_account_id"].where(out["link_from"] <= cut_ts, None)
    return out[[*columns, "_flags"]].reset_index(drop=True)


def crm_snapshot(crm: pd.DataFrame, cut: np.datetime64, columns: tuple[str, ...]) -> pd.DataFrame:
    """CRM accounts as exported on `cut`; deleted accounts are gone from later exports."""
    cut_ts = pd.Timestamp(cut)
    out = crm[(crm["created"] <= cut_ts) & ~(crm["deleted"].notna() & (crm["deleted"] <= cut_ts))].copy()
    changed = out["change_date"] <= cut_ts
    out["owner_rep_id"] = out["owner_rep_id"].where(changed, out["old_owner"])
    out["updated_at"] = (out["change_date"] + pd.Timedelta(hours=10)).where(changed, out["created_at"])
    return out[[*columns, "_flags"]].reset_index(drop=True)
